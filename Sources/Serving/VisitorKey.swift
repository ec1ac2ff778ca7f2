import FoundationEssentials
import Glibc
import ScheduleKit

/// The SSH key a served visitor logged in with, as sshd reports it with `ExposeAuthInfo yes`: the
/// file named by `SSH_USER_AUTH` lists each method that succeeded, a public key as
/// `publickey ssh-ed25519 AAAA…`. Only the key's bytes name the visitor, never text the visitor
/// types (a user name, a command, the terminal's name), and only through a SHA-256 digest, so a
/// folder name is 64 hex digits whatever the key.
public struct VisitorKey: Equatable, Sendable {
    /// The key's wire-format bytes (the base64 text decoded).
    public let blob: [UInt8]
    public let type: String

    /// The first public key in sshd's list; nil when the visitor logged in another way.
    public init?(authInfo text: String) {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, words[0] == "publickey" else { continue }
            guard let decoded = Data(base64Encoded: String(words[2])), !decoded.isEmpty else { return nil }
            type = String(words[1])
            blob = Array(decoded)
            return
        }
        return nil
    }

    /// The visitor's key from the file sshd wrote for this session, or why there is none. The
    /// file must be sshd's, by the rules of every state file Hallway reads (`PrivateCache.read`):
    /// a regular file (not followed through a link, never waited on as a FIFO) of this user's
    /// that nobody else can write; and small.
    public static func fromSession(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<VisitorKey, Absence> {
        guard let path = environment["SSH_USER_AUTH"], path.hasPrefix("/") else { return .failure(.notExposed) }
        guard let data = try? PrivateCache.read(URL(fileURLWithPath: path), limit: 65_536),
              let text = String(validating: data, as: UTF8.self) else { return .failure(.unreadable) }
        return VisitorKey(authInfo: text).map { .success($0) } ?? .failure(.noKey)
    }

    public enum Absence: Error, Equatable, Sendable {
        /// sshd was not told to say how the visitor logged in (`ExposeAuthInfo`), or this is no SSH session.
        case notExposed
        /// The file is missing, or not one sshd would have written.
        case unreadable
        /// The visitor logged in without a key (keyboard-interactive, an empty password).
        case noKey
    }

    /// The SHA-256 of the key's bytes; nil when nettle is not installed.
    public var digest: [UInt8]? { Nettle.shared?.sha256(blob) }

    /// As `ssh-keygen -l` and sshd's log print it: "SHA256:" and the digest in base64 without padding.
    public var fingerprint: String? {
        digest.map { "SHA256:" + Data($0).base64EncodedString().filter { $0 != "=" } }
    }

    /// The name of the visitor's folder: the digest in hex.
    public var folderName: String? {
        digest.map { $0.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
    }
}

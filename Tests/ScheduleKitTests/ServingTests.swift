import Foundation
import Serving
import Testing
import TestSupport

/// Who a served visitor is (their SSH key, as sshd's ExposeAuthInfo file says) and what they may ask for.
@Suite("Serving: visitor keys and requests")
struct ServingTests {
    /// A key made by ssh-keygen, with what ssh-keygen says its fingerprint is.
    static func generatedKey() throws -> (publicLine: String, fingerprint: String) {
        let path = Scratch.path("visitor-key").path
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        made.arguments = ["-q", "-t", "ed25519", "-N", "", "-f", path]
        try made.run()
        made.waitUntilExit()
        let listing = Process()
        let output = Pipe()
        listing.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        listing.arguments = ["-l", "-E", "sha256", "-f", path + ".pub"]
        listing.standardOutput = output
        try listing.run()
        listing.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (try String(contentsOfFile: path + ".pub", encoding: .utf8), said.split(separator: " ")[1].description)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "needs ssh-keygen"))
    func theFingerprintIsTheOneSSHKeygenPrints() throws {
        let (line, fingerprint) = try Self.generatedKey()
        let words = line.split(separator: " ")
        let key = try #require(VisitorKey(authInfo: "publickey \(words[0]) \(words[1])\n"))
        #expect(key.type == "ssh-ed25519")
        #expect(key.fingerprint == fingerprint)
        let folder = try #require(key.folderName)
        #expect(folder.count == 64 && folder.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func onlyAPublicKeyNamesAVisitor() throws {
        let blob = Data((0..<51).map { UInt8($0) }).base64EncodedString()
        #expect(VisitorKey(authInfo: "keyboard-interactive\n") == nil)
        #expect(VisitorKey(authInfo: "") == nil)
        #expect(VisitorKey(authInfo: "publickey ssh-ed25519 not*base64\n") == nil)
        let second = try #require(VisitorKey(authInfo: "keyboard-interactive\npublickey ssh-ed25519 \(blob)\n"))
        #expect(second.blob.count == 51)
        // Another key is another folder; the same key, the same folder.
        let other = Data((1..<52).map { UInt8($0) }).base64EncodedString()
        #expect(VisitorKey(authInfo: "publickey ssh-ed25519 \(other)")?.folderName != second.folderName)
        #expect(VisitorKey(authInfo: "publickey ssh-ed25519 \(blob)")?.folderName == second.folderName)
    }

    @Test func theFileMustBeSSHDsOwn() throws {
        let blob = Data((0..<51).map { UInt8($0) }).base64EncodedString()
        let file = Scratch.path("sshauth")
        try "publickey ssh-ed25519 \(blob)\n".write(to: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        #expect((try? VisitorKey.fromSession(environment: ["SSH_USER_AUTH": file.path]).get())?.blob.count == 51)
        #expect(VisitorKey.fromSession(environment: [:]) == .failure(.notExposed))
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": "relative/path"]) == .failure(.notExposed))
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": file.path + ".missing"]) == .failure(.unreadable))
        // A link is not followed, and a file others may write is not sshd's.
        let link = Scratch.path("sshauth-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": link.path]) == .failure(.unreadable))
        try FileManager.default.setAttributes([.posixPermissions: 0o622], ofItemAtPath: file.path)
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": file.path]) == .failure(.unreadable))
        // A FIFO planted at the name is refused, not waited on for a writer.
        let fifo = Scratch.path("sshauth-fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": fifo.path]) == .failure(.unreadable))
        let keyless = Scratch.path("sshauth-keyless")
        try "keyboard-interactive\n".write(to: keyless, atomically: false, encoding: .utf8)
        #expect(VisitorKey.fromSession(environment: ["SSH_USER_AUTH": keyless.path]) == .failure(.noKey))
    }

    @Test func aVisitorMayAskForTheBrowserExportNowOrHelpAndNothingElse() {
        #expect(ServedRequest(originalCommand: nil) == .browse)
        #expect(ServedRequest(originalCommand: "  ") == .browse)
        #expect(ServedRequest(originalCommand: "export") == .exportStarred)
        #expect(ServedRequest(originalCommand: "export ics") == .exportStarred)
        #expect(ServedRequest(originalCommand: "now") == .now)
        #expect(ServedRequest(originalCommand: "help") == .help)
        for typed in ["/bin/sh", "export --out /tmp/x", "export; sh", "now --data /etc/passwd", "search mesh", "scp -t /", "rsync --server"] {
            #expect(ServedRequest(originalCommand: typed) == .refused(typed), "\(typed)")
        }
        let usage = ServedRequest.usage(host: "-p 2222 program@schedule.example")
        #expect(usage.contains("ssh -p 2222 program@schedule.example export > my.ics"))
    }
}

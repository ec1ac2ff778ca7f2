import FoundationEssentials
import Glibc

/// Replacing a file so that a crash, a full disk or a reader at the wrong moment sees the old file
/// or the new one, never a mixture: written beside the target (owner-only unless told otherwise),
/// flushed, renamed over it, and the folder flushed so the rename itself survives a power cut.
/// rename() also replaces a symbolic link planted at the name rather than writing through it:
/// right for Hallway's own state, which is why a path the user names goes through `UserOutput`.
public enum DurableFile {
    public struct Failure: Error, CustomStringConvertible, LocalizedError {
        public let description: String
        /// The `errno` behind it, when a system call failed.
        public let code: Int32?
        public init(description: String, code: Int32? = nil) {
            self.description = description
            self.code = code
        }
        public var errorDescription: String? { description }
    }

    public static func replace(_ target: URL, with data: Data, mode: mode_t = 0o600) throws(Failure) {
        try replace(target, mode: mode) { descriptor in data.withUnsafeBytes { writeEverything($0, to: descriptor) } }
    }

    /// The same for bytes in parts, written one after another without being joined first: a
    /// snapshot's payload is 118 MB at 100,000 sessions, and joining it to its header and
    /// checksum, then copying it into `Data`, held it three times over.
    static func replace(_ target: URL, withParts parts: [[UInt8]]) throws(Failure) {
        try replace(target, mode: 0o600) { descriptor in
            for part in parts {
                if let failure = part.withUnsafeBytes({ writeEverything($0, to: descriptor) }) { return failure }
            }
            return nil
        }
    }

    /// `writing` returns nil when every byte is written, else the errno of the failure.
    private static func replace(_ target: URL, mode: mode_t, writing: (Int32) -> Int32?) throws(Failure) {
        // Only a file (or nothing) is replaced: a FIFO, device, folder or link planted at a state
        // file's name is left as it is and the save refused, so a save never destroys what it
        // did not make.
        var status = stat()
        if lstat(target.path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw Failure(description: "cannot save \(target.path): it is \(PrivateCache.kindName(status.st_mode & S_IFMT)), not a file; it is left as it is")
        }
        removeStaleTemporaries(of: target)
        let temporary = temporaryPath(of: target, pid: getpid())
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw Failure(description: "cannot save \(target.path): \(systemReason(code))", code: code)
        }
        var failure = writing(descriptor)
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if failure == nil, mode != 0o600, fchmod(descriptor, mode) != 0 { failure = errno }
        close(descriptor)
        if failure == nil, rename(temporary, target.path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw Failure(description: "cannot save \(target.path): \(systemReason(failure))", code: failure)
        }
        let folder = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    static func temporaryPath(of target: URL, pid: pid_t) -> String {
        target.path + ".tmp-\(pid)"
    }

    /// A process killed between writing its temporary file and renaming it leaves the file
    /// behind (31 of them after a run of killed star writers): each save removes those of
    /// processes that no longer run. A live process's file is its write in progress.
    static func removeStaleTemporaries(of target: URL) {
        let folder = target.deletingLastPathComponent().path
        let prefix = target.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            var status = stat()
            let path = folder + "/" + name
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(path)
        }
    }
}

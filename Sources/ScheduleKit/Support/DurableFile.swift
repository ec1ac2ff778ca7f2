import Foundation

/// Replacing a file so that a crash, a full disk or a reader at the wrong moment sees the old file
/// or the new one, never a mixture: written owner-only (0600) beside the target, flushed, renamed
/// over it, and the folder flushed so the rename itself survives a power cut. rename() also
/// replaces a symbolic link planted at the name rather than writing through it.
public enum DurableFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func replace(_ target: URL, with data: Data) throws(Failure) {
        let temporary = target.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { raw in raw.count == 0 ? 0 : Foundation.write(descriptor, raw.baseAddress, raw.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot save \(target.path): \(reason)")
        }
        let folder = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}

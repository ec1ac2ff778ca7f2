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
        try replace(target) { descriptor in data.withUnsafeBytes { write($0, to: descriptor) } }
    }

    /// The same for bytes in parts, written one after another without being joined first: a
    /// snapshot's payload is 118 MB at 100,000 sessions, and joining it to its header and
    /// checksum, then copying it into `Data`, held it three times over.
    static func replace(_ target: URL, withParts parts: [[UInt8]]) throws(Failure) {
        try replace(target) { descriptor in parts.allSatisfy { part in part.withUnsafeBytes { write($0, to: descriptor) } } }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        bytes.count == 0 || Foundation.write(descriptor, bytes.baseAddress, bytes.count) == bytes.count
    }

    private static func replace(_ target: URL, writing: (Int32) -> Bool) throws(Failure) {
        let temporary = target.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = writing(descriptor)
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, target.path) == 0 else {
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

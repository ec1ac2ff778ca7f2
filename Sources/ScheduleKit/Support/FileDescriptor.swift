import FoundationEssentials
import Glibc

/// An open file, closed once: by `close()`, or when the last holder lets it go. What Hallway
/// asks of an open file is to be read at an offset (`positionalRead`) and examined (`fstat`);
/// Foundation's `FileHandle` did the same through CoreFoundation, which this leaves out of the
/// readers (issue 25's port to FoundationEssentials).
final class FileDescriptor: @unchecked Sendable {
    let descriptor: Int32
    private var isOpen = true

    /// Takes `descriptor` over: it is closed with this.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The file at `path` opened for reading; nil when it cannot be (errno says why).
    convenience init?(readingAtPath path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.init(descriptor: descriptor)
    }

    deinit { close() }

    func close() {
        guard isOpen else { return }
        isOpen = false
        _ = Glibc.close(descriptor)
    }

    /// From `offset` until `space` is full or the file ends: the count read, nil when reading fails.
    func read(into space: UnsafeMutableRawBufferPointer, at offset: Int) -> Int? {
        positionalRead(descriptor, into: space, at: offset)
    }

    enum WholeReadFailure: Error {
        case system(Int32)
        case pastLimit
    }

    /// Everything from where the file stands to its end, read in order (a pipe's as a file's),
    /// refused as soon as it passes `limit` bytes.
    func readToEnd(limit: Int = .max) throws(WholeReadFailure) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .system(errno) }
            if count == 0 { return data }
            data.append(contentsOf: chunk[..<count])
            guard data.count <= limit else { throw .pastLimit }
        }
    }
}

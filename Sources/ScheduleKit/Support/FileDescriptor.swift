import Glibc

/// An open file, closed once: by `close()`, or when the last holder lets it go. What Hallway
/// asks of an open file is to be read at an offset (`positionalRead`) and examined (`fstat`);
/// Foundation's `FileDescriptor` did the same through CoreFoundation, which this leaves out of the
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

    /// Everything from the start; nil when reading fails.
    func readToEnd() -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard let count = chunk.withUnsafeMutableBytes({ read(into: $0, at: bytes.count) }) else { return nil }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { return bytes }
        }
    }
}

import FoundationEssentials
import Glibc

/// Reads from `offset` of the open file `descriptor` until `space` is full or the file ends,
/// without moving the file's own place: the count read, or nil when reading fails (`errno` says
/// why). The readers that go through a file a window at a time (`JSONStream`, the snapshot's
/// `BinaryReader`) and texts read back from a file (`TextFile`) share it.
func positionalRead(_ descriptor: Int32, into space: UnsafeMutableRawBufferPointer, at offset: Int) -> Int? {
    var filled = 0
    while filled < space.count {
        let read = pread(descriptor, space.baseAddress! + filled, space.count - filled, off_t(offset + filled))
        if read < 0, errno == EINTR { continue }
        guard read >= 0 else { return nil }
        if read == 0 { break }
        filled += read
    }
    return filled
}

extension Data {
    /// The same for bytes in memory: from `offset` until `space` is full or the bytes end.
    func read(into space: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        guard offset < count else { return 0 }
        let taken = Swift.min(space.count, count - offset)
        withUnsafeBytes { whole in space.baseAddress!.copyMemory(from: whole.baseAddress! + offset, byteCount: taken) }
        return taken
    }
}

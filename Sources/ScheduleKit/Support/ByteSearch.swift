import FoundationEssentials
import Glibc

extension UnsafeRawBufferPointer {
    /// Where `byte` next occurs from `start`, found with memchr; nil when it does not (readers
    /// look for line ends and delimiters this way rather than a byte at a time).
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress, start < count else { return nil }
        return memchr(base + start, Int32(byte), count - start).map { base.distance(to: UnsafeRawPointer($0)) }
    }

    /// Whether `other` holds these very bytes, compared where both lie (memcmp).
    func holdsTheSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        count == other.count && (isEmpty || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

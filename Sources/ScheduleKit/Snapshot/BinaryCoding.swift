import Foundation

/// Appends numbers, strings and arrays to bytes: the snapshot's encoding. Integers are LEB128
/// varints; strings are a length and UTF-8; posting lists are raw little-endian words.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func bytes(_ value: some Collection<UInt8>) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { bytes(Array(value.utf8)) }

    mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func array<T>(_ values: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    mutating func words(_ values: [UInt32]) {
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against what is left, so a damaged or
/// foreign file ends in an error, never a crash or a huge allocation.
///
/// It reads bytes in memory, or a file through a window of a megabyte that follows the reader:
/// a snapshot at 100,000 sessions is 118 MB, and holding it whole beside the program it decodes
/// was a third of a warm search's peak (docs/PERFORMANCE.md).
struct BinaryReader {
    struct Damaged: Error {}

    /// The bytes within reach: all of them, or a window onto a file.
    final class Source {
        // Unchecked: a source is read by one reader on one thread, and the checks on these two,
        // made for every byte read, were a quarter of reading a snapshot.
        @exclusivity(unchecked) fileprivate var window: [UInt8]
        /// Where `window` starts in the whole.
        @exclusivity(unchecked) fileprivate var start = 0
        private let file: FileHandle?
        fileprivate let windowSize: Int
        /// Where long texts are left until shown (`longText`); nil for bytes in memory.
        fileprivate let textFile: TextFile?

        init(_ bytes: [UInt8]) {
            window = bytes
            file = nil
            windowSize = bytes.count
            textFile = nil
        }

        init(file: FileHandle, name: String, window size: Int = 1 << 20) {
            window = []
            self.file = file
            windowSize = max(size, 16)
            textFile = TextFile(duplicating: file, name: name)
        }

        /// Makes `count` bytes from `offset` lie in the window; false when the file ends first.
        @inline(__always)
        fileprivate func reach(_ offset: Int, _ count: Int) -> Bool {
            if offset >= start, offset + count <= start + window.count { return true }
            return refill(at: offset, count)
        }

        private func refill(at offset: Int, _ count: Int) -> Bool {
            guard let file else { return false }
            let wanted = max(count, windowSize)
            if window.count != wanted { window = [UInt8](repeating: 0, count: wanted) }
            // A failed read counts as the file ending there: the reader then finds it damaged.
            let filled = window.withUnsafeMutableBytes { file.read(into: $0, at: offset) } ?? 0
            start = offset
            if filled < wanted { window.removeSubrange(filled...) }
            return filled >= count
        }
    }

    private let source: Source
    private(set) var position: Int
    /// Where reading stops: a reader may cover part of its source (a snapshot's payload).
    private let end: Int

    init(_ data: [UInt8]) {
        self.init(Source(data), within: 0..<data.count)
    }

    init(_ source: Source, within range: Range<Int>) {
        self.source = source
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position == end }

    /// The next `count` bytes, past which the reader then is; valid until the next read.
    private mutating func take(_ count: Int) throws(Damaged) -> ArraySlice<UInt8> {
        guard count <= end - position, source.reach(position, count) else { throw Damaged() }
        let from = position - source.start
        position += count
        return source.window[from..<(from + count)]
    }

    @inline(__always)
    private mutating func byte() throws(Damaged) -> UInt8 {
        guard position < end, source.reach(position, 1) else { throw Damaged() }
        defer { position += 1 }
        return source.window[position - source.start]
    }

    mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard shift < 64 else { throw Damaged() }
            let byte = try byte()
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
    }

    mutating func count(each minimumBytes: Int = 1) throws(Damaged) -> Int {
        let count = try int()
        guard count >= 0, count <= (end - position) / max(1, minimumBytes) else { throw Damaged() }
        return count
    }

    mutating func bool() throws(Damaged) -> Bool {
        let byte = try byte()
        guard byte <= 1 else { throw Damaged() }
        return byte == 1
    }

    mutating func bytes() throws(Damaged) -> ArraySlice<UInt8> {
        try take(try count())
    }

    /// Steps over a length and the bytes it counts, without reading them in; where they lie.
    mutating func skipBytes() throws(Damaged) -> Range<Int> {
        let count = try count()
        position += count
        return (position - count)..<position
    }

    mutating func string() throws(Damaged) -> String {
        let slice = try bytes()
        guard let text = slice.withUnsafeBytes(UTF8Bytes.string(validating:)) else { throw Damaged() }
        return text
    }

    /// A string left where it lies when reading a file (its bytes are checked by the snapshot's
    /// checksum, and made valid UTF-8 when read), else read in.
    mutating func longText() throws(Damaged) -> LongText {
        let before = position
        if let textFile = source.textFile, let stored = LongText(in: textFile, range: try skipBytes(), encoding: .utf8) {
            return stored
        }
        position = before
        return LongText(try string())
    }

    mutating func optional<T>(_ read: (inout BinaryReader) throws(Damaged) -> T) throws(Damaged) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout BinaryReader) throws(Damaged) -> T) throws(Damaged) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    mutating func words() throws(Damaged) -> [UInt32] {
        try words(in: try skipWords())
    }

    /// Steps over a count of words and the words; the bytes they lie in.
    mutating func skipWords() throws(Damaged) -> Range<Int> {
        let count = try count(each: 4)
        position += count * 4
        return (position - count * 4)..<position
    }

    /// The words in `bytes` (a range `skipWords` gave, or part of one), read a window at a time:
    /// at 100,000 sessions one list of a snapshot is 24 MB, and a window grown to hold it whole
    /// stood beside the array it was read into.
    func words(in bytes: Range<Int>) throws(Damaged) -> [UInt32] {
        guard bytes.lowerBound >= 0, bytes.upperBound <= end, bytes.count % 4 == 0 else { throw Damaged() }
        var words: [UInt32] = []
        words.reserveCapacity(bytes.count / 4)
        let chunk = max(4, source.windowSize & ~3)
        var offset = bytes.lowerBound
        while offset < bytes.upperBound {
            let taken = min(chunk, bytes.upperBound - offset)
            guard source.reach(offset, taken) else { throw Damaged() }
            let from = offset - source.start
            source.window.withUnsafeBytes { raw in
                for at in stride(from: from, to: from + taken, by: 4) {
                    words.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                }
            }
            offset += taken
        }
        return words
    }
}

import FoundationEssentials
import Glibc

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

    /// What `body` writes, after its length in eight bytes (patched in when it is known), so a
    /// reader can step over it, or hand it to another thread, without reading it.
    mutating func measured(_ body: (inout BinaryWriter) -> Void) {
        let lengthAt = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 8))
        body(&self)
        withUnsafeBytes(of: UInt64(bytes.count - lengthAt - 8).littleEndian) { bytes.replaceSubrange(lengthAt..<(lengthAt + 8), with: $0) }
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
        // Raw memory the source owns, not an array: reading a byte from an array in a class was
        // a bounds check, a retain and a release, and a snapshot at 100,000 sessions is read a
        // few million numbers and strings at a time (docs/PERFORMANCE.md, "Reading a snapshot").
        // Unchecked: a source is read by one reader on one thread, and the checks on these,
        // made for every byte read, were a quarter of reading a snapshot.
        @exclusivity(unchecked) fileprivate var window: UnsafeMutableRawBufferPointer
        /// How many bytes of `window` hold the file's.
        @exclusivity(unchecked) fileprivate var filled: Int
        /// Where `window` starts in the whole.
        @exclusivity(unchecked) fileprivate var start = 0
        private let file: FileDescriptor?
        fileprivate let windowSize: Int
        /// Where long texts are left until shown (`longText`); nil for bytes in memory.
        fileprivate let textFile: TextFile?

        init(_ bytes: [UInt8]) {
            let window = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
            bytes.withUnsafeBytes { window.copyMemory(from: $0) }
            self.window = window
            filled = bytes.count
            file = nil
            windowSize = bytes.count
            textFile = nil
        }

        init(file: FileDescriptor, name: String, window size: Int = 1 << 20) {
            window = .allocate(byteCount: 0, alignment: 8)
            filled = 0
            self.file = file
            windowSize = max(size, 16)
            textFile = TextFile(duplicating: file, name: name)
        }

        private init(file: FileDescriptor, textFile: TextFile?, window size: Int) {
            window = .allocate(byteCount: 0, alignment: 8)
            filled = 0
            self.file = file
            windowSize = size
            self.textFile = textFile
        }

        /// A source another thread may read while this one is read: a window of its own onto the
        /// same file (read by position, so the two never disturb each other), or the same bytes
        /// in memory, which are only ever read.
        fileprivate func forAnotherThread() -> Source {
            guard let file else { return self }
            return Source(file: file, textFile: textFile, window: windowSize)
        }

        deinit { window.deallocate() }

        /// Makes `count` bytes from `offset` lie in the window; false when the file ends first.
        @inline(__always)
        fileprivate func reach(_ offset: Int, _ count: Int) -> Bool {
            if offset >= start, offset + count <= start + filled { return true }
            return refill(at: offset, count)
        }

        /// The `count` bytes from `offset` of the whole, which `reach` has put in the window:
        /// valid until the next `reach`.
        @inline(__always)
        fileprivate func bytes(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: window.baseAddress.map { $0 + (offset - start) }, count: count)
        }

        private func refill(at offset: Int, _ count: Int) -> Bool {
            guard let file else { return false }
            let wanted = max(count, windowSize)
            if window.count != wanted {
                window.deallocate()
                window = .allocate(byteCount: wanted, alignment: 8)
            }
            // A failed read counts as the file ending there: the reader then finds it damaged.
            filled = file.read(into: window, at: offset) ?? 0
            start = offset
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
    @inline(__always)
    private mutating func take(_ count: Int) throws(Damaged) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= end - position, source.reach(position, count) else { throw Damaged() }
        defer { position += count }
        return source.bytes(position, count)
    }

    @inline(__always)
    private mutating func byte() throws(Damaged) -> UInt8 {
        try take(1)[0]
    }

    mutating func int() throws(Damaged) -> Int {
        // Most numbers are a byte or two: read from the window at once when the longest a number
        // can be (ten bytes) lies in it, else a byte at a time. (One loop over what is left
        // instead, its bound not known when compiled, cost opening 10,070 events 10 M more.)
        if end - position >= 10, source.reach(position, 10) {
            let bytes = source.bytes(position, 10)
            var value: UInt64 = 0
            for at in 0..<10 {
                let byte = bytes[at]
                value |= UInt64(byte & 0x7F) << UInt64(7 * at)
                if byte & 0x80 == 0 {
                    position += at + 1
                    return Int(Int64(bitPattern: value))
                }
            }
            throw Damaged()
        }
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

    mutating func bytes() throws(Damaged) -> [UInt8] {
        Array(try take(try count()))
    }

    /// The next length's bytes, read where they lie: valid until the next read.
    mutating func withBytes<Value>(_ body: (UnsafeRawBufferPointer) -> Value) throws(Damaged) -> Value {
        body(try take(try count()))
    }

    /// Steps over what `BinaryWriter.measured` wrote, without reading it; where it lies.
    mutating func skipMeasured() throws(Damaged) -> Range<Int> {
        let length = UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
        guard length <= UInt64(end - position) else { throw Damaged() }
        position += Int(length)
        return (position - Int(length))..<position
    }

    /// A reader of `range` (which `skipMeasured` gave) for another thread, while this one reads on.
    func readerForAnotherThread(within range: Range<Int>) -> BinaryReader {
        BinaryReader(source.forAnotherThread(), within: range)
    }

    /// A reader of `range` (which `skipMeasured` gave) on this thread: the two take turns.
    func reader(within range: Range<Int>) -> BinaryReader {
        BinaryReader(source, within: range)
    }

    /// Steps over a length and the bytes it counts, without reading them in; where they lie.
    mutating func skipBytes() throws(Damaged) -> Range<Int> {
        let count = try count()
        position += count
        return (position - count)..<position
    }

    mutating func string() throws(Damaged) -> String {
        guard let text = UTF8Bytes.string(validating: try take(try count())) else { throw Damaged() }
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
            let raw = source.bytes(offset, taken)
            for at in stride(from: 0, to: taken, by: 4) {
                words.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            }
            offset += taken
        }
        return words
    }
}

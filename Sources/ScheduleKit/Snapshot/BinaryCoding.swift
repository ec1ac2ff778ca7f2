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
struct BinaryReader {
    struct Damaged: Error {}

    private let data: [UInt8]
    private var position: Int
    /// Where reading stops: a reader may cover part of an array (a snapshot's payload) without copying it.
    private let end: Int

    init(_ data: [UInt8]) {
        self.init(data, within: 0..<data.count)
    }

    init(_ data: [UInt8], within range: Range<Int>) {
        self.data = data
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position == end }

    mutating func int() throws(Damaged) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end, shift < 64 else { throw Damaged() }
            let byte = data[position]
            position += 1
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
        guard position < end, data[position] <= 1 else { throw Damaged() }
        position += 1
        return data[position - 1] == 1
    }

    mutating func bytes() throws(Damaged) -> ArraySlice<UInt8> {
        let count = try count()
        defer { position += count }
        return data[position..<(position + count)]
    }

    mutating func string() throws(Damaged) -> String {
        let slice = try bytes()
        guard let text = String(validating: slice, as: UTF8.self) else { throw Damaged() }
        return text
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
        let count = try count(each: 4)
        let start = position
        position += count * 4
        return data[start..<position].withUnsafeBytes { raw in
            (0..<count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }
}

/// Numbers byte strings as first seen, by open addressing over a 64-bit hash of the bytes
/// where they lie: a string seen before costs no allocation, and the strings share one array.
/// The search index numbers its terms with it, and the JSON reader its keys.
struct ByteStringTable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// String numbers, or -1 for an empty slot; never more than half full.
    private var slots = [Int32](repeating: -1, count: 1 << 10)
    private var shift = 64 - 10

    var count: Int { hashes.count }
    var byteCount: Int { bytes.count }
    func word(_ number: Int) -> ArraySlice<UInt8> { bytes[starts[number]..<starts[number + 1]] }


    /// The word's number, read where its bytes lie when they are in one piece (a string's UTF-8,
    /// an array, a slice): through the generic collections, a byte at a time, hashing and
    /// comparing an id cost more than a dictionary of the ids did.
    mutating func number(of word: some Collection<UInt8>) -> Int {
        if let number = word.withContiguousStorageIfAvailable({ number(of: UnsafeRawBufferPointer($0)) }) { return number }
        return Array(word).withUnsafeBytes { number(of: $0) }
    }

    private mutating func number(of word: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var slot = slotIndex(hash)
        while slots[slot] >= 0 {
            let known = Int(slots[slot])
            if hashes[known] == hash, isWord(known, word) { return known }
            slot = (slot + 1) & (slots.count - 1)
        }
        let number = hashes.count
        hashes.append(hash)
        bytes.append(contentsOf: word)
        starts.append(bytes.count)
        slots[slot] = Int32(number)
        if hashes.count * 2 > slots.count { grow() }
        return number
    }

    private func isWord(_ number: Int, _ word: UnsafeRawBufferPointer) -> Bool {
        bytes.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[starts[number]..<starts[number + 1]]).holdsTheSameBytes(as: word) }
    }

    /// Fibonacci hashing spreads FNV's weak low bits over the table.
    private func slotIndex(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    private mutating func grow() {
        shift -= 1
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (number, hash) in hashes.enumerated() {
            var slot = slotIndex(hash)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(number)
        }
    }
}

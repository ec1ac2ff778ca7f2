/// Eight bytes read as one 64-bit word, to test them all at once: the JSON reader steps over a
/// string's plain bytes this way, and folding checks and lowers ASCII. Each test may answer yes
/// when no byte qualifies (a borrow can spill into the next byte) but never no when one does, so
/// a caller looks at the eight bytes one by one after a yes.
enum ByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte is below `limit` (at most 0x80).
    @inline(__always)
    static func mayHoldByte(below limit: UInt8, _ word: UInt64) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// Whether some byte is `byte`.
    @inline(__always)
    static func mayHold(_ byte: UInt8, _ word: UInt64) -> Bool {
        mayHoldByte(below: 1, word ^ (ones &* UInt64(byte)))
    }

    /// Each capital made lower-case, for a word of ASCII bytes (exact): a byte from `A` up has its
    /// high bit set by adding 0x3F, one from `[` up by adding 0x25, and no sum carries into the next.
    @inline(__always)
    static func loweredASCII(_ word: UInt64) -> UInt64 {
        let fromA = word &+ ones &* 0x3F, pastZ = word &+ ones &* 0x25
        return word | (fromA & ~pastZ & highBits) >> 2
    }

    /// Whether some byte is past ASCII (exact).
    @inline(__always)
    static func holdsNonASCII(_ word: UInt64) -> Bool { word & highBits != 0 }
}

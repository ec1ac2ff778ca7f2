import Testing
@testable import ScheduleKit

@Suite("Eight bytes at a time")
struct ByteWordsTests {
    /// Every ASCII byte in every place of a word, beside neighbours at the edges of the capitals
    /// (`@`, `A`, `Z`, `[`, and the last of ASCII), lowers as it would alone.
    @Test func loweringAWordLowersEachCapitalAndNothingElse() {
        func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
        for neighbour: UInt8 in [0x00, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x7A, 0x7F] {
            for place in 0..<8 {
                for byte: UInt8 in 0..<0x80 {
                    var bytes = [UInt8](repeating: neighbour, count: 8)
                    bytes[place] = byte
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let expected = bytes.map(lowered).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    #expect(ByteWords.loweredASCII(word) == expected, "\(byte) at \(place) among \(neighbour)")
                }
            }
        }
    }
}

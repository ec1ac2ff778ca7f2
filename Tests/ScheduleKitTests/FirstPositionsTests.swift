import Testing
@testable import ScheduleKit

/// Keys are found by their hash with the first holder's key read back: positions and counts must
/// be what a dictionary of the keys would give, whatever the hashes do.
@Suite("Keys found by their hash")
struct FirstPositionsTests {
    static func hashing(buckets: Int) -> @Sendable (String) -> Int {
        if buckets == 0 { return { $0.hashValue } }
        return { key in
            var sum = 0
            for byte in key.utf8 { sum &+= Int(byte) }
            return sum % buckets
        }
    }

    static func counted(_ keys: [String], hashing: @escaping @Sendable (String) -> Int) -> [Int] {
        var occurrences = KeyOccurrences(hashing: hashing)
        var ids: [String] = []
        return keys.map { key in
            let count = occurrences.meet(key, at: ids.count) { ids[$0] }
            ids.append(count > 1 ? "\(key)#\(count)" : key)
            return count
        }
    }

    @Test(arguments: [0, 1, 3, 64])
    func countsAreADictionarysWhateverTheHashes(buckets: Int) {
        var generator = SystemRandomNumberGenerator()
        let hashing = Self.hashing(buckets: buckets)
        for _ in 0..<200 {
            let keys = (0..<Int.random(in: 1...60, using: &generator)).map { _ in "g-\(Int.random(in: 0..<12, using: &generator))" }
            var oracle: [String: Int] = [:]
            let expected = keys.map { key in
                oracle[key, default: 0] += 1
                return oracle[key]!
            }
            #expect(Self.counted(keys, hashing: hashing) == expected, "\(keys)")
        }
    }

    @Test func aKeyLikeARenamedOneIsItsOwn() {
        // "g#2" written by the file is a key of its own, not the second "g".
        #expect(Self.counted(["g", "g", "g#2", "g#2", "g"], hashing: { $0.hashValue }) == [1, 2, 1, 2, 3])
    }

    @Test(arguments: [0, 1, 3, 64])
    func firstPositionsAreADictionarysWhateverTheHashes(buckets: Int) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let keys = (0..<Int.random(in: 1...60, using: &generator)).map { _ in "s-\(Int.random(in: 0..<20, using: &generator))" }
            var positions = FirstPositions(hashing: Self.hashing(buckets: buckets))
            var oracle: [String: Int] = [:]
            for (position, key) in keys.enumerated() {
                #expect(positions.firstOrRecord(key, at: position) { keys[$0] } == oracle[key])
                if oracle[key] == nil { oracle[key] = position }
            }
            for probe in (0..<25).map({ "s-\($0)" }) {
                #expect(positions.first(probe) { keys[$0] } == oracle[probe], "\(probe) in \(keys)")
            }
        }
    }
}

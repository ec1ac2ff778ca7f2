import Testing
@testable import ScheduleKit

/// Session keys are counted by their hash with the first holder's key read back: the count of
/// each key must be what a dictionary of the keys would give, whatever the hashes do.
@Suite("Keys counted as a program is built")
struct KeyOccurrencesTests {
    static func counted(_ keys: [String], hashing: @escaping (String) -> Int) -> [Int] {
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
        let hashing: (String) -> Int = buckets == 0 ? { $0.hashValue } : { key in key.utf8.reduce(0) { $0 &+ Int($1) } % buckets }
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
}

import Testing
@testable import ScheduleKit

/// Sessions gathered by the bytes of the ids they name must be what a dictionary keyed by the ids
/// gives, including ids whose bytes differ but which Swift's strings hold equal.
@Suite("Positions gathered by id")
struct PositionsByIDTests {
    /// Precomposed and decomposed forms (é, e + U+0301; Å, A + U+030A, the Ångström sign U+212B),
    /// scripts beyond Latin, and ASCII.
    static let ids = ["a", "Saal 1", "é", "e\u{301}", "\u{C5}", "A\u{30A}", "\u{212B}", "房间 1", "Saal 1 ·2", "x"]

    @Test(arguments: [1, 7, 2_000])
    func theListsAreADictionarysWhateverTheBytes(sessions: Int) {
        var generator = SplitMix64(seed: UInt64(sessions))
        var gathered = PositionsByID()
        var expected: [String: [Int]] = [:]
        for position in 0..<sessions {
            // Some sessions name nothing; none names one id twice, as the index leaves it.
            for id in Self.ids.shuffled(using: &generator).prefix(Int(generator.next() % 3)) {
                gathered.add(id, at: position)
                expected[id, default: []].append(position)
            }
        }
        #expect(gathered.byID == expected)
        #expect(gathered.byID.values.allSatisfy { $0 == $0.sorted() })
    }

    @Test func idsEqualAsStringsShareOneListInOrder() {
        var gathered = PositionsByID()
        gathered.add("e\u{301}", at: 0)
        gathered.add("é", at: 1)
        gathered.add("e\u{301}", at: 2)
        gathered.add("\u{212B}", at: 3)
        gathered.add("\u{C5}", at: 4)
        #expect(gathered.byID == ["é": [0, 1, 2], "\u{C5}": [3, 4]])
    }
}

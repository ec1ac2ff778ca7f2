import ScheduleKit

/// The 200 queries every benchmark run types, one keystroke at a time: single words (common and
/// rare), two words, speaker and organisation names, Chinese, typos and field filters.
enum QuerySet {
    static func queries() -> [String] {
        var generator = SplitMix64(seed: 99)
        let pick = { (items: [String], generator: inout SplitMix64) in items[Int(generator.next() % UInt64(items.count))] }
        var queries: [String] = []
        let words = SyntheticProgram.vocabulary
        for number in 0..<200 {
            switch number % 10 {
            case 0, 1: queries.append(pick(SyntheticProgram.techWords, &generator))
            case 2: queries.append(words[SyntheticProgram.techWords.count + Int(generator.next() % 500)])
            case 3: queries.append("\(pick(SyntheticProgram.techWords, &generator)) \(pick(SyntheticProgram.techWords, &generator))")
            case 4: queries.append(pick(SyntheticProgram.givenNames, &generator).lowercased() + " " + pick(SyntheticProgram.familyNames, &generator).lowercased())
            case 5: queries.append(pick(SyntheticProgram.organizations, &generator).lowercased())
            case 6: queries.append(["服务网格", "可观察性", "性能优化", "生产环境", "宋净超", "张怀龙"][number / 10 % 6])
            case 7:
                var typo = Array(pick(SyntheticProgram.techWords.filter { $0.count >= 6 }, &generator))
                let at = Int(generator.next() % UInt64(typo.count - 1))
                typo.swapAt(at, at + 1)
                queries.append(String(typo))
            case 8: queries.append("topic:\(pick(SyntheticProgram.techWords, &generator)) org:\(pick(SyntheticProgram.organizations, &generator).lowercased().split(separator: " ")[0])")
            default: queries.append("day:2 \(pick(SyntheticProgram.techWords, &generator))")
            }
        }
        return queries
    }

    /// Every prefix a person types on the way to `query`, ending with the query itself.
    static func keystrokes(_ query: String) -> [String] {
        (1...query.count).map { String(query.prefix($0)) }
    }
}

import FoundationEssentials
import Glibc

/// How a word's matches are found and scored: exact, prefix and typo matches per field, and the
/// running totals across a query's words.
extension SearchEngine {
    /// What one word scores when it starts a word of a title: the lowest title-level match.
    public static let titlePrefixScore: Double = 80

    enum MatchKind { case exact, prefix, typo }

    /// Exact title word beats title prefix beats speaker/organisation beats topic/track beats
    /// summary; any typo-tolerant match ranks below every exact or prefix one.
    static func weight(_ fields: SearchField, _ kind: MatchKind) -> Float {
        let table: [(SearchField, Float, Float, Float)] = [
            (.title, 100, 80, 10), (.speaker, 70, 60, 9), (.organization, 66, 56, 9), (.topic, 50, 44, 8),
            (.track, 46, 40, 8), (.room, 40, 34, 7), (.summary, 20, 14, 5),
        ]
        var best: Float = 0
        for (field, exact, prefix, typo) in table where fields.contains(field) {
            best = max(best, kind == .exact ? exact : (kind == .prefix ? prefix : typo))
        }
        return best
    }

    /// Calls `visit(document, score, fields)` for each document `token` matches within `allowed`
    /// fields; falls back to typo tolerance only when nothing matched exactly or by prefix.
    /// Returns whether the typo fallback was used.
    @discardableResult
    func match<Sink: MatchSink>(_ token: SearchToken, in terms: InvertedIndex, allowed: SearchField, typos: Bool,
                                        verify: (Int, SearchField, String) -> Bool, into sink: inout Sink) -> Bool {
        switch token {
        case .word(let word):
            let bytes = Array(word.utf8)
            var found = false
            let summaries = allowed.contains(.summary)
            for term in terms.range(prefix: bytes) {
                let kind: MatchKind = terms.term(term).count == bytes.count ? .exact : .prefix
                found = record(terms.postings[term], allowed, kind, 0, &sink) || found
                // One or two typed letters say nothing about a summary; whole words always do.
                if summaries, kind == .exact || bytes.count >= SearchEngine.summaryPrefixLength {
                    found = record(terms.summaryPostings[term], allowed, kind, 0, &sink) || found
                }
            }
            guard !found, typos, bytes.count >= 2 else { return false }
            for (term, distance) in terms.similarTerms(to: bytes) {
                record(terms.postings[term], allowed, .typo, distance, &sink)
                if summaries { record(terms.summaryPostings[term], allowed, .typo, distance, &sink) }
            }
            return true
        case .cjk(let run):
            let grams = run.count == 1 ? [InvertedIndex.gramCode(run[0])] : (0..<(run.count - 1)).map { InvertedIndex.gramCode(run[$0], run[$0 + 1]) }
            var lists = grams.map { terms.postings(ofGram: $0) }.sorted { $0.count < $1.count }
            guard let shortest = lists.first, !shortest.isEmpty else { return false }
            lists.removeFirst()
            let needle = String(String.UnicodeScalarView(run))
            for posting in shortest {
                let document = InvertedIndex.document(posting)
                var fields = InvertedIndex.fields(posting).intersection(allowed)
                for list in lists {
                    guard let other = SearchEngine.find(document, in: list) else { fields = []; break }
                    fields.formIntersection(InvertedIndex.fields(other))
                }
                guard !fields.isEmpty else { continue }
                // Pairs can all occur without the whole run occurring; three or more characters are checked.
                if run.count > 2 {
                    let confirmed = SearchField.named.map(\.0).filter { fields.contains($0) && verify(document, $0, needle) }
                    fields = SearchField(confirmed)
                    guard !fields.isEmpty else { continue }
                }
                sink.record(document, SearchEngine.weight(fields, .exact), fields)
            }
            return false
        }
    }

    /// The shortest prefix that is looked for inside summaries.
    static let summaryPrefixLength = 3

    @discardableResult
    @inline(__always)
    func record<Sink: MatchSink>(_ postings: ArraySlice<InvertedIndex.Posting>, _ allowed: SearchField, _ kind: MatchKind,
                                         _ distance: Int, _ sink: inout Sink) -> Bool {
        var found = false
        for posting in postings {
            let fields = InvertedIndex.fields(posting).intersection(allowed)
            guard !fields.isEmpty else { continue }
            found = true
            sink.record(InvertedIndex.document(posting), SearchEngine.weight(fields, kind) - Float(distance), fields)
        }
        return found
    }

    static func find(_ document: Int, in list: ArraySlice<InvertedIndex.Posting>) -> InvertedIndex.Posting? {
        var low = list.startIndex, high = list.endIndex
        while low < high {
            let middle = (low + high) / 2
            let value = InvertedIndex.document(list[middle])
            if value == document { return list[middle] }
            if value < document { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// CJK text is never changed by folding, so the raw text can be searched for a CJK needle directly.
    func sessionContains(_ position: Int, _ field: SearchField, _ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        var found = false
        SearchEngine.forEachText(of: index.sessions[position], field: field, in: index) { found = found || SearchEngine.contains($0.utf8, bytes) }
        return found
    }

    static func contains(_ haystack: String.UTF8View, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        var index = haystack.startIndex
        while let start = haystack[index...].firstIndex(of: first) {
            if haystack[start...].starts(with: needle) { return true }
            index = haystack.index(after: start)
        }
        return false
    }
}

/// Receives each (document, score, fields) a word matches.
protocol MatchSink {
    mutating func record(_ document: Int, _ score: Float, _ fields: SearchField)
}

/// Per-document running totals across the rounds of a query (one round a word or filter token):
/// a document survives a round only if it matched every round before.
struct SessionScores: MatchSink {
    var total: [Float]
    var matched: [UInt16]
    var fieldsHit: [UInt8]
    var typo: [Bool]
    private var best: [Float]
    private var touched: [Int] = []
    var round: UInt16 = 0
    /// Whether this round's matches add to the score (words do, filter tokens do not).
    var scored = true

    init(count: Int) {
        total = [Float](repeating: 0, count: count)
        matched = [UInt16](repeating: 0, count: count)
        fieldsHit = [UInt8](repeating: 0, count: count)
        typo = [Bool](repeating: false, count: count)
        best = [Float](repeating: 0, count: count)
    }

    @inline(__always)
    mutating func record(_ document: Int, _ score: Float, _ fields: SearchField) {
        guard matched[document] == round else { return }
        if best[document] == 0 { touched.append(document) }
        best[document] = max(best[document], max(score, 0.001))
        if scored { fieldsHit[document] |= fields.rawValue }
    }

    mutating func finishRound(typo usedTypos: Bool, required: Bool) {
        for document in touched {
            if scored { total[document] += best[document] }
            if usedTypos { typo[document] = true }
            matched[document] = round + 1
            best[document] = 0
        }
        touched.removeAll(keepingCapacity: true)
        if !required {
            for document in matched.indices where matched[document] == round { matched[document] = round + 1 }
        }
        round += 1
    }
}

extension SearchField {
    init(_ fields: [SearchField]) {
        self = fields.reduce(into: SearchField()) { $0.formUnion($1) }
    }
}

/// Which part of a document a term was found in. Ranking weighs them differently.
public struct SearchField: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let title = SearchField(rawValue: 1 << 0)
    public static let speaker = SearchField(rawValue: 1 << 1)
    public static let organization = SearchField(rawValue: 1 << 2)
    public static let track = SearchField(rawValue: 1 << 3)
    public static let topic = SearchField(rawValue: 1 << 4)
    public static let room = SearchField(rawValue: 1 << 5)
    public static let summary = SearchField(rawValue: 1 << 6)
    public static let all = SearchField(rawValue: 0x7F)

    public static let named: [(SearchField, String)] = [
        (.title, "title"), (.speaker, "speaker"), (.organization, "organization"), (.track, "track"),
        (.topic, "topic"), (.room, "room"), (.summary, "summary"),
    ]

    public var names: [String] { SearchField.named.filter { contains($0.0) }.map(\.1) }
}

/// Folded terms → the documents (and fields) they occur in. Word terms are kept sorted by their
/// UTF-8 bytes so every prefix is one contiguous range (found by binary search); CJK text is
/// indexed as single characters and pairs, so any substring can be found without scanning.
struct InvertedIndex: Sendable {
    /// A document number in the high 24 bits and the fields it matched in the low 8.
    typealias Posting = UInt32

    private(set) var terms: [[UInt8]] = []
    /// Where each term occurs outside summaries: titles, people, groupings, rooms.
    private(set) var postings: [[Posting]] = []
    /// Where each term occurs in summaries, kept apart so a short prefix need not walk them.
    private(set) var summaryPostings: [[Posting]] = []
    private(set) var grams: [[Unicode.Scalar]: [Posting]] = [:]
    let documentCount: Int

    static func document(_ posting: Posting) -> Int { Int(posting >> 8) }
    static func fields(_ posting: Posting) -> SearchField { SearchField(rawValue: UInt8(posting & 0xFF)) }

    struct Builder {
        /// Terms are numbered as first seen; a word's number is found from a 64-bit hash of its
        /// bytes where they lie, so an occurrence costs no array and no hash of an array. Two
        /// words with one hash (rare) go to `collided`.
        private var termByHash: [UInt64: Int] = [:]
        private var collided: [[UInt8]: Int] = [:]
        private var termBytes: [[UInt8]] = []
        private var wordLists: [[Posting]] = []
        private var summaryLists: [[Posting]] = []
        private var gramPostings: [[Unicode.Scalar]: [Posting]] = [:]
        private(set) var documentCount = 0

        /// Adds `text` to `document` under `field`. Documents must be added in increasing order.
        mutating func add(_ text: String, field: SearchField, document: Int) {
            guard !text.isEmpty else { return }
            documentCount = max(documentCount, document + 1)
            let posting = Posting(document) << 8 | Posting(field.rawValue)
            let folded = SearchFolding.foldedUTF8(text)
            let summary = field == .summary
            // "co-existence" and "Multi-Tenant" are also found as typed without the hyphen.
            for joined in SearchToken.hyphenatedCompounds(in: folded) {
                record(posting, term: term(joined[...]), summary: summary)
            }
            SearchToken.scan(folded, word: { word in
                record(posting, term: term(word), summary: summary)
            }, cjk: { run in
                for index in run.indices {
                    Builder.merge(posting, into: &gramPostings[[run[index]], default: []])
                    if index + 1 < run.count {
                        Builder.merge(posting, into: &gramPostings[[run[index], run[index + 1]], default: []])
                    }
                }
            })
        }

        private mutating func record(_ posting: Posting, term: Int, summary: Bool) {
            if summary { Builder.merge(posting, into: &summaryLists[term]) } else { Builder.merge(posting, into: &wordLists[term]) }
        }

        /// The number of `word`'s term, made on first sight.
        private mutating func term(_ word: ArraySlice<UInt8>) -> Int {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            if let known = termByHash[hash] {
                if termBytes[known].elementsEqual(word) { return known }
                if let other = collided[Array(word)] { return other }
                let number = newTerm(word)
                collided[Array(word)] = number
                return number
            }
            let number = newTerm(word)
            termByHash[hash] = number
            return number
        }

        private mutating func newTerm(_ word: ArraySlice<UInt8>) -> Int {
            termBytes.append(Array(word))
            wordLists.append([])
            summaryLists.append([])
            return termBytes.count - 1
        }

        private static func merge(_ posting: Posting, into list: inout [Posting]) {
            if let last = list.last, last >> 8 == posting >> 8 {
                list[list.count - 1] = last | (posting & 0xFF)
            } else {
                list.append(posting)
            }
        }

        func build() -> InvertedIndex {
            var index = InvertedIndex(documentCount: documentCount)
            let order = termBytes.indices.sorted { termBytes[$0].lexicographicallyPrecedes(termBytes[$1]) }
            index.terms = order.map { termBytes[$0] }
            index.postings = order.map { wordLists[$0] }
            index.summaryPostings = order.map { summaryLists[$0] }
            index.grams = gramPostings
            return index
        }
    }

    private init(documentCount: Int) {
        self.documentCount = documentCount
    }

    func write(to w: inout BinaryWriter) {
        w.int(documentCount)
        w.array(terms) { $0.bytes($1) }
        w.array(postings) { $0.words($1) }
        w.array(summaryPostings) { $0.words($1) }
        w.array(grams.sorted { $0.key.lexicographicallyPrecedes($1.key) { $0.value < $1.value } }) { w, gram in
            w.array(gram.key) { $0.int(Int($1.value)) }
            w.words(gram.value)
        }
    }

    static func read(_ r: inout BinaryReader) throws(BinaryReader.Damaged) -> InvertedIndex {
        var index = InvertedIndex(documentCount: try r.int())
        index.terms = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in Array(try r.bytes()) }
        index.postings = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.words() }
        index.summaryPostings = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.words() }
        guard index.postings.count == index.terms.count, index.summaryPostings.count == index.terms.count else { throw BinaryReader.Damaged() }
        let grams = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) -> ([Unicode.Scalar], [UInt32]) in
            let scalars = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) -> Unicode.Scalar in
                guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: try r.int())) else { throw BinaryReader.Damaged() }
                return scalar
            }
            return (scalars, try r.words())
        }
        index.grams = Dictionary(grams, uniquingKeysWith: { first, _ in first })
        // Every posting must name a document that exists, or a search would index out of bounds.
        for list in index.postings + index.summaryPostings + Array(index.grams.values) {
            guard list.allSatisfy({ Int($0 >> 8) < index.documentCount }) else { throw BinaryReader.Damaged() }
        }
        return index
    }

    /// The first term not ordered before `key`.
    private func lowerBound(_ key: some Collection<UInt8>) -> Int {
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle].lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Terms starting with `prefix` (the exact term, if present, first).
    func range(prefix: [UInt8]) -> Range<Int> {
        let start = lowerBound(prefix)
        // 0xFF never occurs in UTF-8, so prefix+0xFF sorts after every term that starts with prefix.
        let end = lowerBound(prefix + [0xFF])
        return start..<end
    }

    func exact(_ word: [UInt8]) -> Int? {
        let position = lowerBound(word)
        return position < terms.count && terms[position] == word ? position : nil
    }

    /// Terms within a few edits of `word`, with their distances. Only terms sharing the word's
    /// first or second letter are tried: typos there are rare, and it keeps this fast.
    func similarTerms(to word: [UInt8], limit: Int? = nil) -> [(term: Int, distance: Int)] {
        let limit = limit ?? EditDistance.allowance(forLength: word.count)
        guard limit > 0, word.count >= 2 else { return [] }
        var found: [(term: Int, distance: Int)] = []
        var seen = Set<Int>()
        for lead in [word[0], word[1]] {
            for term in range(prefix: [lead]) where !seen.contains(term) {
                seen.insert(term)
                if let distance = EditDistance.within(terms[term][...], word[...], limit: limit), distance > 0 {
                    found.append((term, distance))
                }
            }
        }
        return found
    }
}

import FoundationEssentials
import Glibc

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
///
/// Terms and posting lists are kept end to end in a few flat arrays rather than one array each:
/// at 100,000 sessions that is hundreds of thousands of allocations fewer, and building no longer
/// slows down as the lists spread over memory (docs/PERFORMANCE.md).
struct InvertedIndex: Sendable {
    /// A document number in the high 24 bits and the fields it matched in the low 8.
    typealias Posting = UInt32

    /// The sorted terms' bytes end to end; term `t` is `termBytes[termStarts[t]..<termStarts[t + 1]]`.
    private var termBytes: [UInt8] = []
    private var termStarts: [Int] = [0]
    /// Where each term occurs outside summaries: titles, people, groupings, rooms.
    private(set) var postings = PostingLists()
    /// Where each term occurs in summaries, kept apart so a short prefix need not walk them.
    private(set) var summaryPostings = PostingLists()
    /// CJK characters and pairs as `gramCode`s, sorted, with their postings.
    private var gramCodes: [UInt64] = []
    private var gramPostings = PostingLists()
    let documentCount: Int

    static func document(_ posting: Posting) -> Int { Int(posting >> 8) }
    static func fields(_ posting: Posting) -> SearchField { SearchField(rawValue: UInt8(posting & 0xFF)) }

    var termCount: Int { termStarts.count - 1 }
    func term(_ number: Int) -> ArraySlice<UInt8> { termBytes[termStarts[number]..<termStarts[number + 1]] }

    /// One CJK character, or two side by side, as one number: 21 bits a scalar.
    static func gramCode(_ first: Unicode.Scalar, _ second: Unicode.Scalar? = nil) -> UInt64 {
        UInt64(first.value) << 21 | UInt64(second?.value ?? 0)
    }

    /// Where a CJK character or pair occurs (empty when nowhere).
    func postings(ofGram code: UInt64) -> ArraySlice<Posting> {
        var low = 0, high = gramCodes.count
        while low < high {
            let middle = (low + high) / 2
            if gramCodes[middle] < code { low = middle + 1 } else { high = middle }
        }
        return low < gramCodes.count && gramCodes[low] == code ? gramPostings[low] : []
    }

    /// Posting lists end to end, with where each begins: `items[starts[l]..<starts[l + 1]]`.
    struct PostingLists: Sendable {
        private(set) var starts: [UInt32] = [0]
        private(set) var items: [Posting] = []

        var count: Int { starts.count - 1 }
        subscript(list: Int) -> ArraySlice<Posting> { items[Int(starts[list])..<Int(starts[list + 1])] }

        fileprivate init() {}

        fileprivate init(starts: [UInt32], items: [Posting]) {
            self.starts = starts
            self.items = items
        }

        /// Builds lists one after another, each from two parts laid end to end.
        fileprivate struct Joiner {
            private(set) var lists = PostingLists()

            mutating func append(_ earlier: ArraySlice<Posting>, _ later: ArraySlice<Posting>) {
                lists.items.append(contentsOf: earlier)
                lists.items.append(contentsOf: later)
                lists.starts.append(UInt32(lists.items.count))
            }
        }

        func write(to w: inout BinaryWriter) {
            w.words(starts)
            w.words(items)
        }

        /// Refuses lists that overlap, run past the end or name a document that does not exist.
        /// `kept`: the numbers of the only lists to read, in order (the rest are stepped over).
        static func read(_ r: inout BinaryReader, count: Int, documentCount: Int, keeping kept: [Int]? = nil) throws(BinaryReader.Damaged) -> PostingLists {
            let starts = try r.words(), items = try r.skipWords()
            guard starts.count == count + 1, starts.first == 0, Int(starts[count]) * 4 == items.count,
                  zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else { throw BinaryReader.Damaged() }
            var lists: PostingLists
            if let kept {
                lists = PostingLists()
                for list in kept {
                    lists.items += try r.words(in: (items.lowerBound + Int(starts[list]) * 4)..<(items.lowerBound + Int(starts[list + 1]) * 4))
                    lists.starts.append(UInt32(lists.items.count))
                }
            } else {
                lists = PostingLists(starts: starts, items: try r.words(in: items))
            }
            guard lists.items.allSatisfy({ InvertedIndex.document($0) < documentCount }) else { throw BinaryReader.Damaged() }
            return lists
        }
    }

    /// The terms an index needs to answer one query: words that begin with one of the query's
    /// words, and the query's CJK characters and pairs. Such an index answers that query as the
    /// whole index would; made with `typos`, also when the answer takes typo tolerance or a
    /// suggestion (a word a letter off, or nothing found).
    /// A class: each indexed text and word consults it, and a struct of five collections was
    /// copied for each.
    final class TermFilter: Sendable {
        let prefixes: [[UInt8]]
        /// Beside the prefixes, the typo candidates of a word that may match nothing: terms that
        /// start with its first or second letter and are as long as it within the edits allowed
        /// (`similarTerms` and the closest-name suggestion look at no others).
        let leads: [(byte: UInt8, lengths: ClosedRange<Int>)]
        let grams: Set<UInt64>
        /// The bytes a kept word may start with: the prefixes' first bytes and the leads, each once.
        private let starterBytes: [UInt8]
        /// An empty prefix keeps every word (asked once, not of each text indexed).
        private let keepsEveryWord: Bool

        /// `typos`: also keep every term a typo-tolerant search or a suggestion could reach, so
        /// that a query that matches nothing is answered from this filter's index as from the whole.
        init(_ tokens: [SearchToken], typos: Bool = false) {
            var prefixes: [[UInt8]] = [], grams = Set<UInt64>()
            var leads: [(byte: UInt8, lengths: ClosedRange<Int>)] = []
            for token in tokens {
                switch token {
                case .word(let word):
                    let bytes = Array(word.utf8)
                    prefixes.append(bytes)
                    if typos, bytes.count >= 2 {
                        let edits = max(EditDistance.allowance(forLength: bytes.count), bytes.count <= 4 ? 1 : bytes.count / 5 + 1)
                        let lengths = max(1, bytes.count - edits)...(bytes.count + edits)
                        for lead in Set(bytes.prefix(2)) { leads.append((lead, lengths)) }
                    }
                case .cjk(let run):
                    for index in run.indices {
                        grams.insert(InvertedIndex.gramCode(run[index]))
                        if index + 1 < run.count { grams.insert(InvertedIndex.gramCode(run[index], run[index + 1])) }
                    }
                }
            }
            self.prefixes = prefixes
            self.leads = leads
            self.grams = grams
            starterBytes = Array(Set(prefixes.compactMap(\.first) + leads.map(\.byte))).sorted()
            keepsEveryWord = prefixes.contains { $0.isEmpty }
        }

        func keeps(_ word: some Collection<UInt8>) -> Bool {
            prefixes.contains { word.starts(with: $0) } || keepsAsTypo(word.first, length: word.count)
        }

        private func keepsAsTypo(_ first: UInt8?, length: Int) -> Bool {
            guard let first, !leads.isEmpty else { return false }
            return leads.contains { $0.byte == first && $0.lengths.contains(length) }
        }

        /// Visits each word of `text` this filter keeps, as the full path (folding, then
        /// `SearchToken.scan`) would find them, and answers true; or answers false, visiting
        /// nothing, for text that must take the full path. Decided only for ASCII, which folds by
        /// lowering its capitals and holds no CJK: without hyphens, a kept word is one that starts
        /// where a prefix occurs, so the prefixes are looked for instead of taking every word of a
        /// summary apart to find a few. With hyphens, compounds are joined across them, so the text
        /// is decided only when no prefix occurs in it even with its hyphens dropped (a word never
        /// holds one): then it holds no kept word.
        func forEachKeptWord(in text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
            // An empty prefix keeps every word: nothing to look for.
            guard !keepsEveryWord else { return false }
            var text = text
            return text.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { lowered in
                    var count = 0, hyphenated = false, index = 0
                    let output = UnsafeMutableRawPointer(lowered.baseAddress!)
                    while index < bytes.count {
                        // Eight bytes at a time where none is a hyphen (dropped from the copy,
                        // so taken one by one): a byte at a time was most of a one-off search's
                        // index, which looks at every byte of every summary.
                        if index + 8 <= bytes.count {
                            let word = UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: index, as: UInt64.self)
                            if ByteWords.holdsNonASCII(word) { return false }
                            if !ByteWords.mayHold(UInt8(ascii: "-"), word) {
                                output.storeBytes(of: ByteWords.loweredASCII(word), toByteOffset: count, as: UInt64.self)
                                count += 8
                                index += 8
                                continue
                            }
                        }
                        let byte = bytes[index]
                        index += 1
                        guard byte < 0x80 else { return false }
                        if byte == UInt8(ascii: "-") {
                            hyphenated = true
                            continue
                        }
                        lowered[count] = byte &- 0x41 < 26 ? byte &+ 0x20 : byte
                        count += 1
                    }
                    let text = UnsafeBufferPointer(rebasing: lowered[0..<count])
                    if hyphenated {
                        return !prefixes.contains { prefix in Self.occurs(prefix, in: text) } && !leads.contains { Self.occurs([$0.byte], in: text) }
                    }
                    func isWordByte(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 || byte &- 0x30 < 10 }
                    // The words starting with a byte some prefix or lead starts with, found with
                    // memchr (most text holds few), in order, each once.
                    var starts: [Int] = []
                    for first in starterBytes where isWordByte(first) {
                        var at = 0
                        while let position = UnsafeRawBufferPointer(text).firstIndex(of: first, from: at) {
                            if position == 0 || !isWordByte(text[position - 1]) { starts.append(position) }
                            at = position + 1
                        }
                    }
                    if starterBytes.count > 1 { starts.sort() }
                    for start in starts {
                        var end = start
                        while end < count, isWordByte(text[end]) { end += 1 }
                        let word = UnsafeBufferPointer(rebasing: text[start..<end])
                        if prefixes.contains(where: { word.starts(with: $0) }) || keepsAsTypo(word[0], length: word.count) { visit(word) }
                    }
                    return true
                }
            }
        }

        private static func occurs(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
            var found = false
            forEachOccurrence(of: needle, in: haystack) { _ in found = true }
            return found
        }

        /// Where `needle` (not empty) occurs in `haystack`, overlaps included, in order.
        private static func forEachOccurrence(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, _ visit: (Int) -> Void) {
            guard let first = needle.first, needle.count <= haystack.count else { return }
            var start = 0
            while start + needle.count <= haystack.count {
                guard let at = haystack[start...(haystack.count - needle.count)].firstIndex(of: first) else { return }
                if needle.indices.allSatisfy({ haystack[at + $0] == needle[$0] }) { visit(at) }
                start = at + 1
            }
        }
    }

    struct Builder {
        /// Nil: every term (the index a browser or a snapshot keeps).
        let filter: TermFilter?
        private var words = ByteStringTable()
        private var wordPostings = PostingCollector()
        private var summaryPostings = PostingCollector()
        private var gramNumbers: [UInt64: Int] = [:]
        private var gramCodes: [UInt64] = []
        private var gramPostings = PostingCollector()
        private(set) var documentCount = 0

        init(keeping filter: TermFilter? = nil) {
            self.filter = filter
        }

        /// Adds `text` to `document` under `field`. Documents must be added in increasing order.
        mutating func add(_ text: String, field: SearchField, document: Int) {
            guard !text.isEmpty else { return }
            documentCount = max(documentCount, document + 1)
            let posting = Posting(document) << 8 | Posting(field.rawValue)
            let summary = field == .summary
            analyze(text, word: { builder, term in builder.record(posting, term: term, summary: summary) },
                    gram: { builder, code in builder.addGram(posting, code) })
        }

        /// What a text adds, in order: its words' numbers and its CJK grams' codes. A text many
        /// documents share (their room's name) is read once and added to each as these.
        struct Terms {
            fileprivate enum Term {
                case word(Int)
                case gram(UInt64)
            }
            /// Whether there was a text: adding an empty one leaves the documents as they were.
            fileprivate var isRead = false
            fileprivate var terms: [Term] = []
        }

        /// The terms `text` adds (the same as `add` would, in the same order), numbering its words.
        mutating func terms(of text: String) -> Terms {
            var read = Terms()
            guard !text.isEmpty else { return read }
            read.isRead = true
            analyze(text, word: { _, term in read.terms.append(.word(term)) }, gram: { _, code in read.terms.append(.gram(code)) })
            return read
        }

        /// Adds terms read before, as `add` adds the text they were read from.
        mutating func add(_ terms: Terms, field: SearchField, document: Int) {
            guard terms.isRead else { return }
            documentCount = max(documentCount, document + 1)
            let posting = Posting(document) << 8 | Posting(field.rawValue)
            let summary = field == .summary
            for term in terms.terms {
                switch term {
                case .word(let number): record(posting, term: number, summary: summary)
                case .gram(let code): addGram(posting, code)
                }
            }
        }

        /// Reads `text`: each word kept (by the filter) as its number, each CJK gram as its code.
        private mutating func analyze(_ text: String, word: (inout Builder, Int) -> Void, gram: (inout Builder, UInt64) -> Void) {
            // Held here, not read through `self` in each word's closure (a copy of the filter a word).
            let filter = self.filter
            if let filter, filter.forEachKeptWord(in: text, { kept in word(&self, words.number(of: kept)) }) {
                return
            }
            let folded = SearchFolding.foldedUTF8(text)
            // "co-existence" and "Multi-Tenant" are also found as typed without the hyphen.
            for joined in SearchToken.hyphenatedCompounds(in: folded) where filter?.keeps(joined[...]) ?? true {
                word(&self, words.number(of: joined[...]))
            }
            SearchToken.scan(folded, word: { scanned in
                guard filter?.keeps(scanned) ?? true else { return }
                word(&self, words.number(of: scanned))
            }, cjk: { run in
                for index in run.indices {
                    gram(&self, InvertedIndex.gramCode(run[index]))
                    if index + 1 < run.count { gram(&self, InvertedIndex.gramCode(run[index], run[index + 1])) }
                }
            })
        }

        private mutating func record(_ posting: Posting, term: Int, summary: Bool) {
            if summary { summaryPostings.add(posting, to: term) } else { wordPostings.add(posting, to: term) }
        }

        private mutating func addGram(_ posting: Posting, _ code: UInt64) {
            guard filter?.grams.contains(code) ?? true else { return }
            gramPostings.add(posting, to: gram(code))
        }

        private mutating func gram(_ code: UInt64) -> Int {
            if let known = gramNumbers[code] { return known }
            gramNumbers[code] = gramCodes.count
            gramCodes.append(code)
            return gramCodes.count - 1
        }

        consuming func build() -> InvertedIndex {
            var index = InvertedIndex(documentCount: documentCount)
            let order = (0..<words.count).sorted { words.word($0).lexicographicallyPrecedes(words.word($1)) }
            index.termBytes.reserveCapacity(words.byteCount)
            index.termStarts.reserveCapacity(order.count + 1)
            var rank = [Int](repeating: 0, count: order.count)
            for (position, term) in order.enumerated() {
                rank[term] = position
                index.termBytes.append(contentsOf: words.word(term))
                index.termStarts.append(index.termBytes.count)
            }
            words = ByteStringTable()
            index.postings = wordPostings.lists(rank: rank)
            wordPostings = PostingCollector()
            index.summaryPostings = summaryPostings.lists(rank: rank)
            summaryPostings = PostingCollector()
            let gramOrder = gramCodes.indices.sorted { gramCodes[$0] < gramCodes[$1] }
            var gramRank = [Int](repeating: 0, count: gramOrder.count)
            for (position, gram) in gramOrder.enumerated() { gramRank[gram] = position }
            index.gramCodes = gramOrder.map { gramCodes[$0] }
            index.gramPostings = gramPostings.lists(rank: gramRank)
            return index
        }
    }

    /// Postings as met, each with its list's number; a word met again in the same document
    /// only adds its field to the posting already there. Turned into `PostingLists` at the end.
    struct PostingCollector {
        private var pairs: [UInt64] = []
        /// For each list, where its latest posting is in `pairs` (-1: none yet).
        private var latest: [Int32] = []

        mutating func add(_ posting: Posting, to list: Int) {
            if list >= latest.count { latest.append(contentsOf: repeatElement(-1, count: list + 1 - latest.count)) }
            let slot = Int(latest[list])
            if slot >= 0, UInt32(truncatingIfNeeded: pairs[slot]) >> 8 == posting >> 8 {
                pairs[slot] |= UInt64(posting & 0xFF)
            } else {
                latest[list] = Int32(pairs.count)
                pairs.append(UInt64(list) << 32 | UInt64(posting))
            }
        }

        /// The lists in the order `rank` gives each (documents stay ascending within a list).
        func lists(rank: [Int]) -> PostingLists {
            var starts = [UInt32](repeating: 0, count: rank.count + 1)
            for pair in pairs { starts[rank[Int(pair >> 32)] + 1] += 1 }
            for position in 0..<rank.count { starts[position + 1] += starts[position] }
            var next = starts
            var items = [Posting](repeating: 0, count: pairs.count)
            for pair in pairs {
                let position = rank[Int(pair >> 32)]
                items[Int(next[position])] = Posting(truncatingIfNeeded: pair)
                next[position] += 1
            }
            return PostingLists(starts: starts, items: items)
        }
    }

    private init(documentCount: Int) {
        self.documentCount = documentCount
    }

    /// One index from two built over consecutive runs of documents (every document of `later`
    /// after every one of `earlier`), so that two cores can each build half: a term's list is
    /// the earlier list followed by the later one.
    static func joined(_ earlier: InvertedIndex, _ later: InvertedIndex) -> InvertedIndex {
        var index = InvertedIndex(documentCount: max(earlier.documentCount, later.documentCount))
        var words = PostingLists.Joiner(), summaries = PostingLists.Joiner(), grams = PostingLists.Joiner()
        var (first, second) = (0, 0)
        index.termBytes.reserveCapacity(max(earlier.termBytes.count, later.termBytes.count))
        while first < earlier.termCount || second < later.termCount {
            let takeFirst = first < earlier.termCount
                && (second == later.termCount || !later.term(second).lexicographicallyPrecedes(earlier.term(first)))
            let takeSecond = second < later.termCount
                && (first == earlier.termCount || !earlier.term(first).lexicographicallyPrecedes(later.term(second)))
            index.termBytes.append(contentsOf: takeFirst ? earlier.term(first) : later.term(second))
            index.termStarts.append(index.termBytes.count)
            words.append(takeFirst ? earlier.postings[first] : [], takeSecond ? later.postings[second] : [])
            summaries.append(takeFirst ? earlier.summaryPostings[first] : [], takeSecond ? later.summaryPostings[second] : [])
            if takeFirst { first += 1 }
            if takeSecond { second += 1 }
        }
        (first, second) = (0, 0)
        while first < earlier.gramCodes.count || second < later.gramCodes.count {
            let takeFirst = first < earlier.gramCodes.count && (second == later.gramCodes.count || earlier.gramCodes[first] <= later.gramCodes[second])
            let takeSecond = second < later.gramCodes.count && (first == earlier.gramCodes.count || later.gramCodes[second] <= earlier.gramCodes[first])
            index.gramCodes.append(takeFirst ? earlier.gramCodes[first] : later.gramCodes[second])
            grams.append(takeFirst ? earlier.gramPostings[first] : [], takeSecond ? later.gramPostings[second] : [])
            if takeFirst { first += 1 }
            if takeSecond { second += 1 }
        }
        index.postings = words.lists
        index.summaryPostings = summaries.lists
        index.gramPostings = grams.lists
        return index
    }

    func write(to w: inout BinaryWriter) {
        w.int(documentCount)
        w.bytes(termBytes)
        w.array(termStarts) { $0.int($1) }
        postings.write(to: &w)
        summaryPostings.write(to: &w)
        w.array(gramCodes) { $0.int(Int($1)) }
        gramPostings.write(to: &w)
    }

    /// `filter`: only the terms and postings one query can reach, as `Builder(keeping:)` makes
    /// them; the rest of the snapshot's lists are stepped over, not read.
    static func read(_ r: inout BinaryReader, keeping filter: TermFilter? = nil) throws(BinaryReader.Damaged) -> InvertedIndex {
        var index = InvertedIndex(documentCount: try r.int())
        let termBytes = try r.bytes()
        let termStarts = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.int() }
        guard termStarts.first == 0, termStarts.last == termBytes.count,
              zip(termStarts, termStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else { throw BinaryReader.Damaged() }
        let termCount = termStarts.count - 1
        let keptTerms = filter.map { filter in (0..<termCount).filter { filter.keeps(termBytes[termStarts[$0]..<termStarts[$0 + 1]]) } }
        if let keptTerms {
            index.termBytes = []
            index.termStarts = [0]
            for term in keptTerms {
                index.termBytes += termBytes[termStarts[term]..<termStarts[term + 1]]
                index.termStarts.append(index.termBytes.count)
            }
        } else {
            (index.termBytes, index.termStarts) = (termBytes, termStarts)
        }
        index.postings = try PostingLists.read(&r, count: termCount, documentCount: index.documentCount, keeping: keptTerms)
        index.summaryPostings = try PostingLists.read(&r, count: termCount, documentCount: index.documentCount, keeping: keptTerms)
        let gramCodes = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in UInt64(truncatingIfNeeded: try r.int()) }
        // Binary search needs the codes in order.
        guard zip(gramCodes, gramCodes.dropFirst()).allSatisfy({ $0 < $1 }) else { throw BinaryReader.Damaged() }
        let keptGrams = filter.map { filter in gramCodes.indices.filter { filter.grams.contains(gramCodes[$0]) } }
        index.gramCodes = keptGrams.map { $0.map { gramCodes[$0] } } ?? gramCodes
        index.gramPostings = try PostingLists.read(&r, count: gramCodes.count, documentCount: index.documentCount, keeping: keptGrams)
        return index
    }

    /// The first term not ordered before `key`.
    private func lowerBound(_ key: some Collection<UInt8>) -> Int {
        var low = 0, high = termCount
        while low < high {
            let middle = (low + high) / 2
            if term(middle).lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
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
        return position < termCount && term(position).elementsEqual(word) ? position : nil
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
                if let distance = EditDistance.within(self.term(term), word[...], limit: limit), distance > 0 {
                    found.append((term, distance))
                }
            }
        }
        return found
    }
}

/// Two indexes are equal when they hold the same terms, grams and postings (tests: an index made
/// one way against one made another).
extension InvertedIndex: Equatable {}
extension InvertedIndex.PostingLists: Equatable {}

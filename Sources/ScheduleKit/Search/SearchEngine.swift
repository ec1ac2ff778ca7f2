import Foundation

/// A session that matched, with how well and where.
public struct SessionHit: Sendable, Hashable {
    /// Position in `ScheduleIndex.sessions`.
    public var position: Int
    public var score: Double
    public var fields: SearchField
    /// True when some word matched only through typo tolerance.
    public var viaTypo: Bool
}

/// A speaker, topic or track whose name matched: the search pane offers to open it.
public enum SearchEntity: Sendable, Hashable {
    case speaker(String)
    case topic(String)
    case track(String)
}

public struct SearchResults: Sendable, Hashable {
    public var query: SearchQuery
    public var sessions: [SessionHit]
    public var entities: [SearchEntity]
    /// When nothing matched: the closest topic or speaker, as words to show ("topic eBPF").
    public var suggestion: String?
}

/// Answers queries from indexes built once at load, without scanning the program per keystroke.
public struct SearchEngine: Sendable {
    public let index: ScheduleIndex
    let sessionTerms: InvertedIndex
    let entityTerms: InvertedIndex
    let entities: [SearchEntity]

    public init(_ index: ScheduleIndex) {
        self.init(index, keeping: nil)
    }

    /// `filter`: only the terms one query can reach (see `answer(_:in:limit:)`).
    init(_ index: ScheduleIndex, keeping filter: InvertedIndex.TermFilter?) {
        self.index = index
        // Two halves of a large program are indexed at once, on two cores, and joined.
        let count = index.sessions.count
        if count >= Parallelism.minimumSessions {
            let laterHalf = Lazy { SearchEngine.sessionTerms(index, positions: count / 2..<count, keeping: filter) }
            Thread.detachNewThread { _ = laterHalf.value }
            sessionTerms = InvertedIndex.joined(SearchEngine.sessionTerms(index, positions: 0..<count / 2, keeping: filter), laterHalf.value)
        } else {
            sessionTerms = SearchEngine.sessionTerms(index, positions: 0..<count, keeping: filter)
        }

        var entityBuilder = InvertedIndex.Builder(keeping: filter)
        var entities: [SearchEntity] = []
        for speaker in index.conference.speakers {
            entityBuilder.add(Self.searchableText(of: speaker), field: .speaker, document: entities.count)
            entities.append(.speaker(speaker.id))
        }
        for topic in index.topicsByCount {
            entityBuilder.add(topic.name + " " + topic.id, field: .topic, document: entities.count)
            entities.append(.topic(topic.id))
        }
        for track in index.conference.tracks {
            entityBuilder.add(track.name, field: .track, document: entities.count)
            entities.append(.track(track.id))
        }
        entityTerms = entityBuilder.build()
        self.entities = entities
    }

    static func sessionTerms(_ index: ScheduleIndex, positions: Range<Int>, keeping filter: InvertedIndex.TermFilter? = nil) -> InvertedIndex {
        var builder = InvertedIndex.Builder(keeping: filter)
        for position in positions {
            for field in [SearchField.title, .speaker, .organization, .track, .topic, .room, .summary] {
                SearchEngine.forEachText(of: index.sessions[position], field: field, in: index) { builder.add($0, field: field, document: position) }
            }
        }
        return builder.build()
    }

    /// Answers one query about a program loaded for it alone (`hallway search --no-cache`): the
    /// index made holds only the terms the query can reach, which saves most of what indexing
    /// costs: the words it starts, and the terms its typo tolerance and suggestion could reach
    /// (a few letters off, starting as a word does). One pass, so a word that matches nothing
    /// costs what one that matches does; the answer is always the whole index's.
    public static func answer(_ query: SearchQuery, in index: ScheduleIndex, limit: Int? = nil) -> SearchResults {
        SearchEngine(index, keeping: termFilter(for: query, typos: true)).search(query, limit: limit)
    }

    /// The terms `query` can reach; with `typos`, also those its typo tolerance and suggestion
    /// can, for each word and for each two neighbouring words tried as one.
    static func termFilter(for query: SearchQuery, typos: Bool = false) -> InvertedIndex.TermFilter {
        var tokens = query.words + query.filters.flatMap(\.tokens)
        if typos, query.words.count >= 2 {
            for index in 0..<(query.words.count - 1) {
                if case .word(let first) = query.words[index], case .word(let second) = query.words[index + 1] { tokens.append(.word(first + second)) }
            }
        }
        return InvertedIndex.TermFilter(tokens, typos: typos)
    }

    /// What `partial`, an engine holding only the terms `query` reaches, answers; or what the
    /// `whole` index answers when the answer needs every term.
    static func answer(_ query: SearchQuery, from partial: SearchEngine, limit: Int?, whole: () -> SearchEngine) -> SearchResults {
        let results = partial.search(query, limit: limit)
        if results.sessions.isEmpty || results.sessions.contains(where: \.viaTypo) {
            return whole().search(query, limit: limit)
        }
        return results
    }

    /// Rebuilds an engine from a snapshot's parts (see ProgramSnapshot).
    init(index: ScheduleIndex, sessionTerms: InvertedIndex, entityTerms: InvertedIndex, entities: [SearchEntity]) {
        self.index = index
        self.sessionTerms = sessionTerms
        self.entityTerms = entityTerms
        self.entities = entities
    }

    func write(to w: inout BinaryWriter) {
        sessionTerms.write(to: &w)
        entityTerms.write(to: &w)
        w.array(entities) { w, entity in
            switch entity {
            case .speaker(let id): w.int(0); w.string(id)
            case .topic(let id): w.int(1); w.string(id)
            case .track(let id): w.int(2); w.string(id)
            }
        }
    }

    static func read(_ r: inout BinaryReader, index: ScheduleIndex, keeping filter: InvertedIndex.TermFilter? = nil) throws(BinaryReader.Damaged) -> SearchEngine {
        let sessionTerms = try InvertedIndex.read(&r, keeping: filter), entityTerms = try InvertedIndex.read(&r, keeping: filter)
        let entities = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) -> SearchEntity in
            switch try r.int() {
            case 0: return .speaker(try r.string())
            case 1: return .topic(try r.string())
            case 2: return .track(try r.string())
            default: throw BinaryReader.Damaged()
            }
        }
        guard sessionTerms.documentCount <= index.sessions.count, entityTerms.documentCount <= entities.count else { throw BinaryReader.Damaged() }
        return SearchEngine(index: index, sessionTerms: sessionTerms, entityTerms: entityTerms, entities: entities)
    }

    /// Calls `visit` with each text of one field of a session, as indexed (and as checked for
    /// CJK substrings), without gathering them: arrays a field a session were a fifth of indexing.
    static func forEachText(of session: borrowing Session, field: SearchField, in index: ScheduleIndex, _ visit: (String) -> Void) {
        switch field {
        case .title:
            for title in session.titles { visit(title.text) }
            for alias in session.aliases { visit(alias.text) }
            if let label = session.label { visit(label) }
        case .speaker:
            for id in session.speakerIDs {
                guard let speaker = index.speaker(id: id) else { continue }
                visit(speaker.name)
                if let nameZh = speaker.nameZh { visit(nameZh) }
            }
        case .organization:
            for id in session.speakerIDs { if let name = index.speaker(id: id)?.organization?.name { visit(name) } }
        case .track:
            if let name = session.trackID.flatMap(index.track(id:))?.name { visit(name) }
        case .topic:
            for id in session.topicIDs {
                guard let topic = index.topic(id: id) else { continue }
                visit(topic.name)
                visit(topic.id)
            }
        case .room:
            if let room = index.room(of: session) {
                visit(room.name)
                if let location = room.location { visit(location) }
            }
        case .summary:
            if let summary = session.summary { visit(summary) }
        default:
            break
        }
    }

    /// English words that carry no topic of their own in a question typed into a search box.
    static let functionWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "with", "about", "to", "and", "or",
        "who", "what", "where", "when", "which", "is", "are", "talk", "talks", "session", "sessions", "any", "me", "show",
    ]

    // MARK: Scoring

    /// What one word scores when it starts a word of a title: the lowest title-level match.
    public static let titlePrefixScore: Double = 80

    private enum MatchKind { case exact, prefix, typo }

    /// Exact title word beats title prefix beats speaker/organisation beats topic/track beats
    /// summary; any typo-tolerant match ranks below every exact or prefix one.
    private static func weight(_ fields: SearchField, _ kind: MatchKind) -> Float {
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
    private func match<Sink: MatchSink>(_ token: SearchToken, in terms: InvertedIndex, allowed: SearchField, typos: Bool,
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
    private func record<Sink: MatchSink>(_ postings: ArraySlice<InvertedIndex.Posting>, _ allowed: SearchField, _ kind: MatchKind,
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

    private static func find(_ document: Int, in list: ArraySlice<InvertedIndex.Posting>) -> InvertedIndex.Posting? {
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
    private func sessionContains(_ position: Int, _ field: SearchField, _ needle: String) -> Bool {
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

    // MARK: Searching

    public func search(_ query: SearchQuery, limit: Int? = nil) -> SearchResults {
        search(query, limit: limit, joiningWords: true)
    }

    private func search(_ query: SearchQuery, limit: Int?, joiningWords: Bool) -> SearchResults {
        guard !query.isEmpty else { return SearchResults(query: query, sessions: [], entities: [], suggestion: nil) }
        let count = index.sessions.count
        var scores = SessionScores(count: count)

        // Function words ("who from Huawei") count when they match but never exclude a session.
        let isOptional = { (token: SearchToken) in
            if case .word(let word) = token { return SearchEngine.functionWords.contains(word) }
            return false
        }
        let optionalOnly = query.filters.isEmpty && query.words.allSatisfy(isOptional)
        var clauses: [(token: SearchToken, allowed: SearchField, scored: Bool, required: Bool)] = query.words.map {
            ($0, .all, true, optionalOnly || !isOptional($0))
        }
        for filter in query.filters where filter.field != .day && filter.field != .lang {
            clauses += filter.tokens.map { ($0, filter.field.searchField, false, true) }
        }
        // Every word, and every token of every filter, is one round a session must survive.
        let verify: (Int, SearchField, String) -> Bool = { self.sessionContains($0, $1, $2) }
        for clause in clauses {
            scores.scored = clause.scored
            let usedTypos = match(clause.token, in: sessionTerms, allowed: clause.allowed, typos: clause.scored && clause.required,
                                  verify: verify, into: &scores)
            scores.finishRound(typo: usedTypos, required: clause.required)
        }

        // A program has a handful of days: decide each filter once per day, not once per session,
        // and mark the allowed days' sessions by position (looking each session's day up in a set
        // was most of a `day:` keystroke at 100,000 sessions).
        let dayFilters = query.filters.filter { $0.field == .day }
        var onAllowedDay: [Bool]?
        if !dayFilters.isEmpty {
            var marks = [Bool](repeating: false, count: count)
            for day in index.days where dayFilters.allSatisfy({ matchesDay($0.value, day, now: query.now) }) {
                for position in index.positions(day: day) { marks[position] = true }
            }
            onAllowedDay = marks
        }
        // Likewise languages: a program uses a few codes, each decided once.
        let languageFilters = query.filters.filter { $0.field == .lang }
        var languageVerdicts: [String: Bool] = [:]
        func languageAllowed(_ code: String?) -> Bool {
            guard let code else { return false }
            if let verdict = languageVerdicts[code] { return verdict }
            let verdict = languageFilters.allSatisfy { LanguageName.matches($0.value, code: code) }
            languageVerdicts[code] = verdict
            return verdict
        }
        // Best score first, then program order: packed into one integer so the sort compares numbers.
        var keys: [UInt64] = []
        for position in 0..<count where scores.matched[position] == scores.round {
            if let onAllowedDay, !onAllowedDay[position] { continue }
            if !languageFilters.isEmpty, !languageAllowed(index.sessions[position].language) { continue }
            let score = UInt64(min(max(0, scores.total[position]), 1_000_000) * 1000)
            keys.append((1_000_000_000 - score) << 24 | UInt64(position))
        }
        keys.sort()
        if let limit, keys.count > limit { keys.removeLast(keys.count - limit) }
        let hits = keys.map { key -> SessionHit in
            let position = Int(key & 0xFF_FFFF)
            return SessionHit(position: position, score: Double(scores.total[position]),
                              fields: SearchField(rawValue: scores.fieldsHit[position]), viaTypo: scores.typo[position])
        }

        // "sky walking" for SkyWalking: with no hits, two neighbouring words are tried as one.
        if hits.isEmpty, query.words.count >= 2, joiningWords {
            for index in 0..<(query.words.count - 1) {
                guard case .word(let first) = query.words[index], case .word(let second) = query.words[index + 1] else { continue }
                var joined = query
                joined.words.replaceSubrange(index...(index + 1), with: [.word(first + second)])
                let retried = search(joined, limit: limit, joiningWords: false)
                if !retried.sessions.isEmpty { return SearchResults(query: query, sessions: retried.sessions, entities: retried.entities, suggestion: nil) }
            }
        }
        let entities = query.filters.isEmpty ? matchingEntities(query.words) : []
        let suggestion = hits.isEmpty ? closestName(to: query) : nil
        return SearchResults(query: query, sessions: hits, entities: entities, suggestion: suggestion)
    }


    /// `day:` takes a date (2023-09-26, or a prefix), a weekday (tue, tuesday), a day number (1), or
    /// today, tomorrow and yesterday at the venue, counted from the query's time.
    private func matchesDay(_ value: String, _ day: CivilDate, now: Date?) -> Bool {
        let folded = SearchFolding.fold(value)
        if let offset = ["yesterday": -1, "today": 0, "tomorrow": 1][folded] {
            return day == CivilDate(now ?? Date(), in: index.conference.timeZone).adding(days: offset)
        }
        if folded.count <= 2, let number = Int(folded) {
            return index.days.firstIndex(of: day).map { $0 + 1 == number } ?? false
        }
        if day.description.hasPrefix(folded) { return true }
        return folded.count >= 2 && SearchFolding.fold(day.weekdayName).hasPrefix(folded)
    }

    /// Speakers, topics and tracks whose names contain every word: at most three of each kind.
    private func matchingEntities(_ words: [SearchToken]) -> [SearchEntity] {
        guard !words.isEmpty else { return [] }
        var scores = SessionScores(count: entities.count)
        for word in words {
            match(word, in: entityTerms, allowed: .all, typos: false, verify: { document, _, needle in
                SearchEngine.contains(entityText(document).utf8, Array(needle.utf8))
            }, into: &scores)
            scores.finishRound(typo: false, required: true)
        }
        let matched = scores.matched, round = scores.round
        var perKind: [Int: Int] = [:]
        var result: [SearchEntity] = []
        for (document, entity) in entities.enumerated() where matched[document] == round {
            let kind: Int
            switch entity {
            case .speaker: kind = 0
            case .topic: kind = 1
            case .track: kind = 2
            }
            if perKind[kind, default: 0] < 3 {
                perKind[kind, default: 0] += 1
                result.append(entity)
            }
        }
        return result
    }

    /// What finds a speaker: the name in both scripts and the organisation (`/intel` lists Intel's people).
    static func searchableText(of speaker: Speaker) -> String {
        [speaker.name, speaker.nameZh, speaker.organization?.name].compactMap { $0 }.joined(separator: " ")
    }

    private func entityText(_ document: Int) -> String {
        switch entities[document] {
        case .speaker(let id): SearchFolding.fold(index.speaker(id: id).map(Self.searchableText(of:)) ?? "")
        case .topic(let id): SearchFolding.fold(index.topic(id: id).map { $0.name + " " + $0.id } ?? "")
        case .track(let id): SearchFolding.fold(index.track(id: id)?.name ?? "")
        }
    }

    /// The topic or speaker whose name is fewest edits from a word of the query. Candidates come
    /// from the names' own index (terms sharing a first or second letter), never a scan of everyone.
    private func closestName(to query: SearchQuery) -> String? {
        var best: (distance: Int, rank: Int, label: String)?
        // Only a word that matched nothing is looked at (a suggestion for a word that was found
        // explains nothing), and only names close to it: a fifth of its letters wrong at most.
        // A filter's word is matched against names of its own kind.
        let words = query.words.map { ($0, nil as SearchQuery.FilterField?) } + query.filters.flatMap { filter in filter.tokens.map { ($0, Optional(filter.field)) } }
        for (token, field) in words {
            guard case .word(let word) = token else { continue }
            let bytes = Array(word.utf8)
            guard field != nil || sessionTerms.range(prefix: bytes).isEmpty else { continue }
            let limit = bytes.count <= 4 ? 1 : max(1, bytes.count / 5 + 1)
            for (term, distance) in entityTerms.similarTerms(to: bytes, limit: limit) {
                for posting in entityTerms.postings[term] {
                    let entity = entities[InvertedIndex.document(posting)]
                    let label: String
                    let rank: Int
                    switch (entity, field) {
                    case (.topic(let id), nil), (.topic(let id), .topic?):
                        (label, rank) = ("topic \(index.topic(id: id)?.name ?? id)", 0)
                    case (.speaker(let id), nil), (.speaker(let id), .speaker?), (.speaker(let id), .org?):
                        (label, rank) = ("speaker \(index.speaker(id: id)?.fullName ?? id)", 1)
                    case (.track(let id), .track?):
                        (label, rank) = ("track \(index.track(id: id)?.name ?? id)", 2)
                    default:
                        continue
                    }
                    if best == nil || (distance, rank) < (best!.distance, best!.rank) { best = (distance, rank, label) }
                }
            }
        }
        return best.map { TerminalSafe.line($0.label) }
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

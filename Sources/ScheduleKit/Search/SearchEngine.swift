import FoundationEssentials
import Glibc

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
            BackgroundThread.detachNew { _ = laterHalf.value }
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
        let fields: [SearchField] = [.title, .speaker, .organization, .track, .topic, .room, .summary]
        // Each session's room found room by room: looked up by its id for each session, the id was
        // hashed once a session, and one that is not ASCII is hashed by normalising it.
        let roomPlaces = index.roomPlaces()
        // A room's and a track's names are read once, not once a session in them (folding a name
        // in another script was most of what a room cost a session).
        var roomTerms = [[InvertedIndex.Builder.Terms]?](repeating: nil, count: index.conference.rooms.count)
        var trackTerms: [String: [InvertedIndex.Builder.Terms]] = [:]
        func termsOfEach(_ texts: ((String) -> Void) -> Void) -> [InvertedIndex.Builder.Terms] {
            var read: [InvertedIndex.Builder.Terms] = []
            texts { read.append(builder.terms(of: $0)) }
            return read
        }
        for position in positions {
            // One copy of the session for its seven fields, not one a field.
            let session = index.sessions[position]
            for field in fields {
                switch field {
                case .room:
                    let place = Int(roomPlaces[position])
                    guard place >= 0 else { continue }
                    if roomTerms[place] == nil { roomTerms[place] = termsOfEach { forEachText(of: index.conference.rooms[place], $0) } }
                    for terms in roomTerms[place]! { builder.add(terms, field: .room, document: position) }
                case .track:
                    guard let id = session.trackID else { continue }
                    if trackTerms[id] == nil { trackTerms[id] = termsOfEach { SearchEngine.forEachText(of: session, field: .track, in: index, $0) } }
                    for terms in trackTerms[id]! { builder.add(terms, field: .track, document: position) }
                default:
                    SearchEngine.forEachText(of: session, field: field, in: index) { builder.add($0, field: field, document: position) }
                }
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

    /// Calls `visit` with each text of one field of a session, as indexed (and as checked for
    /// CJK substrings), without gathering them: arrays a field a session were a fifth of indexing.
    static func forEachText(of session: borrowing Session, field: SearchField, in index: ScheduleIndex, _ visit: (String) -> Void) {
        switch field {
        case .title:
            session.forEachTitleText(visit)
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
            if let room = index.room(of: session) { forEachText(of: room, visit) }
        case .summary:
            if let summary = session.summary { visit(summary) }
        default:
            break
        }
    }

    /// What a room gives a session to be found by.
    static func forEachText(of room: Room, _ visit: (String) -> Void) {
        visit(room.name)
        if let location = room.location { visit(location) }
    }

    /// English words that carry no topic of their own in a question typed into a search box.
    static let functionWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "with", "about", "to", "and", "or",
        "who", "what", "where", "when", "which", "is", "are", "talk", "talks", "session", "sessions", "any", "me", "show",
    ]

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

}

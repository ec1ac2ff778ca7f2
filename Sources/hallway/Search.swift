import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit
import ScheduleRemote

/// `hallway search QUERY`: the search pane's engine, ranked, as plain lines or JSON.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the program: ranked results as plain lines or JSON.",
        discussion: """
            Words must all match, in any field: titles (every language), speakers, organisations, tracks, \
            topics, rooms and summaries. Filters narrow the match: speaker:, org:, track:, topic:, room:, day:, \
            lang: (e.g. "topic:ebpf org:intel"). Plain lines read "title — speakers — when, room"; a line \
            starting "~ " is a near match (a word matched with a typo). --tsv and --json are for programs. \
            Exits 0 with hits, 1 with none, 2 on bad input.
            """
    )

    @Argument(help: ArgumentHelp("What to look for; quote it when it has spaces.", valueName: "QUERY"))
    var query: [String]

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Show at most this many sessions.", valueName: "N"))
    var limit: Int?

    @Flag(name: .long, help: "A JSON array, one object per hit: id, title, speakers, score, matched fields, day, start and end (venue time with its offset), room.")
    var json = false

    @Flag(name: .long, help: "Tab-separated values under a header line: id, title, speakers, start, end, room, track, score, near.")
    var tsv = false

    @Flag(name: .long, help: "Neither read nor write the saved snapshot of --data's program and index.")
    var noCache = false

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var time: NowOption

    func run() throws {
        let text = query.joined(separator: " ")
        let parsed: SearchQuery
        parsed = SearchQuery(text, now: try time.instant())
        let index: ScheduleIndex
        let results: SearchResults
        if let limit, limit < 1 { throw BadInput("hallway: --limit: expected a positive number, found \(limit)") }
        guard !parsed.isEmpty else { throw BadInput("hallway: search: the query has no words to look for") }
        if noCache {
            // Nothing is kept, so only what this one query needs is indexed.
            index = try dataOptions.loadIndex()
            results = SearchEngine.answer(parsed, in: index, limit: limit)
        } else {
            (index, results) = try dataOptions.answer(parsed, limit: limit, snapshots: ProgramSnapshot.defaultDirectory())
        }
        // Written a piece at a time: a search that finds most of 100,000 sessions prints 13 MB.
        // TSV fields were each made safe as the lines were built; the tabs between them must stay.
        if json { Self.json(results, index: index, emit: Output.json) }
        else if tsv { Self.tsv(results, index: index, emit: Output.raw) }
        else { Self.plain(results, index: index, emit: Output.text) }
        if results.sessions.isEmpty {
            // The query is said back, cut to a line: a pasted page need not come back on stderr.
            let said = text.count > 80 ? String(text.prefix(79)) + "…" : text
            var message = "hallway: no sessions match \"\(TerminalSafe.escaped(said))\""
            if let suggestion = results.suggestion { message += "; the closest is \(suggestion)" }
            Output.error(message)
            // Ended as a search that found something is: a thrown exit freed the program first.
            finishOneShot(status: 1)
        }
        finishOneShot()
    }

    /// Pieces of output end a line (a record, in JSON) and are about this long.
    static let pieceLength = 1 << 16

    /// Hands `text` (which ends a whole line or record) on once it is a piece long, and starts the next.
    private static func emitIfLong(_ text: inout String, _ emit: (String) -> Void) {
        guard text.utf8.count >= pieceLength else { return }
        emit(text)
        text = ""
    }

    static func plain(_ results: SearchResults, index: ScheduleIndex, emit: (String) -> Void) {
        // Speakers, rooms and time slots recur from line to line, so each is written once: a
        // search that finds most of 100,000 sessions spent most of its printing on them.
        var speakerNames: [String: String] = [:], roomNames: [String: String] = [:], times: [TimeSlot: String] = [:]
        var text = ""
        for hit in results.sessions {
            let session = index.sessions[hit.position]
            if hit.viaTypo { text += "~ " }
            text += TerminalSafe.line(session.displayTitle)
            var first = true
            for id in session.speakerIDs {
                guard let name = speakerNames[id] ?? index.speaker(id: id).map({ TerminalSafe.line($0.fullName) }) else { continue }
                speakerNames[id] = name
                text += first ? " — " : ", "
                text += name
                first = false
            }
            let slot = TimeSlot(session)
            let time = times[slot] ?? SessionTimeText.full(session, conference: index.conference)
            times[slot] = time
            text += " — "
            text += time
            if let roomID = session.roomID, let room = roomNames[roomID] ?? index.room(id: roomID).map({ TerminalSafe.line($0.name) }) {
                roomNames[roomID] = room
                text += ", "
                text += room
            }
            text += "\n"
            emitIfLong(&text, emit)
        }
        if !text.isEmpty { emit(text) }
    }

    /// What `SessionTimeText.full` reads of a session.
    private struct TimeSlot: Hashable {
        let day: CivilDate?, start: Date?, end: Date?, allDay: Bool
        init(_ session: Session) { (day, start, end, allDay) = (session.day, session.start, session.end, session.allDay) }
    }

    /// One line a hit under a header; a field holds no tab or line break (they become spaces), an
    /// unknown value is empty. Times are the venue's, ISO 8601 with the offset.
    static func tsv(_ results: SearchResults, index: ScheduleIndex, emit: (String) -> Void) {
        let zone = index.conference.timeZone
        var text = "id\ttitle\tspeakers\tstart\tend\troom\ttrack\tscore\tnear\n"
        for hit in results.sessions {
            let session = index.sessions[hit.position]
            let fields = [session.id, session.displayTitle, index.speakers(of: session).map(\.fullName).joined(separator: ", "),
                          session.start.map { ISOInstant.format($0, in: zone) } ?? "", session.end.map { ISOInstant.format($0, in: zone) } ?? "",
                          index.room(of: session)?.name ?? "", session.trackID.flatMap(index.track(id:))?.name ?? "",
                          String((hit.score * 1000).rounded() / 1000), hit.viaTypo ? "yes" : "no"]
            text += fields.map(TerminalSafe.line).joined(separator: "\t") + "\n"
            emitIfLong(&text, emit)
        }
        if !text.isEmpty { emit(text) }
    }

    struct Hit: Encodable {
        var id: String
        var title: String
        var titleKnown: Bool
        var speakers: [String]
        var score: Double
        var matched: [String]
        var typoTolerant: Bool
        var track: String?
        var day: String?
        var start: String?
        var end: String?
        var room: String?

        /// Unknown values are written as null, never left out: a reader can tell "not published" from "not asked".
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(titleKnown, forKey: .titleKnown)
            try container.encode(speakers, forKey: .speakers)
            try container.encode(score, forKey: .score)
            try container.encode(matched, forKey: .matched)
            try container.encode(typoTolerant, forKey: .typoTolerant)
            try container.encode(track, forKey: .track)
            try container.encode(day, forKey: .day)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(room, forKey: .room)
        }

        enum CodingKeys: String, CodingKey {
            case id, title, titleKnown, speakers, score, matched, typoTolerant, track, day, start, end, room
        }
    }

    /// The data as it is; Output.json writes every control or bidi character as a \\u escape.
    static func json(_ results: SearchResults, index: ScheduleIndex, emit: (String) -> Void) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = "["
        for (number, hit) in results.sessions.enumerated() {
            let session = index.sessions[hit.position]
            let record = Hit(id: session.id, title: session.displayTitle, titleKnown: session.hasKnownTitle,
                             speakers: index.speakers(of: session).map { $0.fullName },
                             score: (hit.score * 1000).rounded() / 1000, matched: hit.fields.names, typoTolerant: hit.viaTypo,
                             track: session.trackID.flatMap(index.track(id:)).map { $0.name },
                             day: session.day?.description,
                             start: session.start.map { ISOInstant.format($0, in: index.conference.timeZone) },
                             end: session.end.map { ISOInstant.format($0, in: index.conference.timeZone) },
                             room: index.room(of: session).map { $0.name })
            text += number == 0 ? "\n" : ",\n"
            text += String(decoding: (try? encoder.encode(record)) ?? Data("{}".utf8), as: UTF8.self)
            emitIfLong(&text, emit)
        }
        emit(text + (results.sessions.isEmpty ? "]\n" : "\n]\n"))
    }
}

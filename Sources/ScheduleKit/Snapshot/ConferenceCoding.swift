import FoundationEssentials
import Glibc

/// Every field of a conference, written and read in one fixed order. A change to the model must
/// change both sides and `ProgramSnapshot.formatVersion`.
enum ConferenceCoding {
    typealias Damaged = BinaryReader.Damaged

    static func write(_ c: Conference, to w: inout BinaryWriter) {
        w.string(c.id); w.string(c.name); w.optional(c.nameZh) { $0.string($1) }; w.optional(c.acronym) { $0.string($1) }
        w.optional(c.version) { $0.string($1) }
        w.array(c.days) { writeDate($1, &$0) }
        w.string(c.timeZone.identifier); w.int(c.timeZone.secondsFromGMT()); w.bool(c.timeZoneIsKnown)
        w.optional(c.attendance) { $0.string($1) }; w.optional(c.colocatedWith) { $0.string($1) }
        w.optional(c.organizers) { $0.string($1) }
        w.optional(c.venue) { w, v in
            w.string(v.name); w.optional(v.nameZh) { $0.string($1) }; w.optional(v.address) { $0.string($1) }
            w.array(v.sourceIDs) { $0.string($1) }; w.optional(v.note) { $0.string($1) }
        }
        w.array(c.programCommitteeIDs) { $0.string($1) }
        w.array(c.sponsors) { w, s in w.string(s.name); w.optional(s.level) { $0.string($1) }; w.array(s.sourceIDs) { $0.string($1) } }
        w.array(c.links) { writeLink($1, &$0) }
        w.array(c.sourceIDs) { $0.string($1) }; w.array(c.notes) { $0.string($1) }
        w.bool(c.tracksAreEditorial)
        w.array(c.sources) { w, s in
            w.string(s.id); w.string(s.title); w.optional(s.url) { $0.string($1) }
            w.optional(s.published) { $0.string($1) }; w.optional(s.note) { $0.string($1) }
        }
        w.array(c.tracks) { w, t in
            w.string(t.id); w.string(t.name); w.optional(t.description) { $0.string($1) }; w.optional(t.color) { $0.string($1) }
        }
        w.array(c.topics) { w, t in w.string(t.id); w.string(t.name) }
        w.array(c.rooms) { w, r in
            w.string(r.id); w.string(r.name); w.optional(r.capacity) { $0.int($1) }
            w.optional(r.location) { $0.string($1) }; w.optional(r.url) { $0.string($1) }
        }
        w.array(c.speakers) { w, s in
            w.string(s.id); w.string(s.name); w.optional(s.nameZh) { $0.string($1) }
            w.optional(s.organization) { w, o in
                w.string(o.name); w.string(o.certainty.rawValue); w.array(o.sourceIDs) { $0.string($1) }; w.optional(o.note) { $0.string($1) }
            }
            w.array(s.roles) { $0.string($1) }; w.array(s.sourceIDs) { $0.string($1) }
            w.optional(s.biography) { $0.string($1) }; w.array(s.links) { writeLink($1, &$0) }
        }
        // The sessions in chunks, each measured, so that a large program's are decoded on two
        // threads at once (`readSessions`): decoding them was most of opening a program seen before.
        let chunks = sessionChunks(c.sessions.count)
        let findings = Findings(Places(c))
        w.int(chunks.count)
        for chunk in chunks {
            w.int(chunk.count)
            w.measured { w in for position in chunk { writeSession(c.sessions[position], findings, &w) } }
        }
    }

    /// The ids of the program's rooms, tracks, speakers and topics, in order: a session names
    /// them by their place (`writeReference`), so reading it back makes no string for them, and
    /// sessions in one room share its id rather than each holding a copy.
    struct Places: Sendable {
        let rooms: [String], tracks: [String], speakers: [String], topics: [String]

        init(_ c: Conference) {
            self.init(rooms: c.rooms, tracks: c.tracks, speakers: c.speakers, topics: c.topics)
        }

        init(rooms: [Room], tracks: [Track], speakers: [Speaker], topics: [Topic]) {
            self.rooms = rooms.map(\.id)
            self.tracks = tracks.map(\.id)
            self.speakers = speakers.map(\.id)
            self.topics = topics.map(\.id)
        }
    }

    /// Where `ids` hold each id first, for writing: an id equal as a string but not in its bytes
    /// is written out, so that it reads back as it was.
    private struct Finding {
        let ids: [String]
        let placeOfID: [String: Int]

        init(_ ids: [String]) {
            self.ids = ids
            placeOfID = Dictionary(ids.indices.map { (ids[$0], $0) }, uniquingKeysWith: { first, _ in first })
        }

        func place(of id: String) -> Int? {
            guard let place = placeOfID[id], ids[place].utf8.elementsEqual(id.utf8) else { return nil }
            return place
        }
    }

    private struct Findings {
        let rooms: Finding, tracks: Finding, speakers: Finding, topics: Finding

        init(_ places: Places) {
            rooms = Finding(places.rooms)
            tracks = Finding(places.tracks)
            speakers = Finding(places.speakers)
            topics = Finding(places.topics)
        }
    }

    /// An id as its place among `ids` plus one, or 0 and the id itself when they do not hold it.
    private static func writeReference(_ id: String, _ finding: Finding, _ w: inout BinaryWriter) {
        if let place = finding.place(of: id) {
            w.int(place + 1)
        } else {
            w.int(0)
            w.string(id)
        }
    }

    /// What `writeReference` wrote: the listed id itself (no string made), or the id written out;
    /// a place past the list is damage.
    static func readReference(_ r: inout BinaryReader, _ ids: [String]) throws(Damaged) -> String {
        var code = 0
        return try readReference(&r, ids, code: &code)
    }

    /// The same, with the code it was written as: its place plus one, or 0 when written whole.
    static func readReference(_ r: inout BinaryReader, _ ids: [String], code: inout Int) throws(Damaged) -> String {
        code = try r.int()
        guard code != 0 else { return try r.string() }
        guard code > 0, code <= ids.count else { throw Damaged() }
        return ids[code - 1]
    }

    /// One chunk below `Parallelism.minimumSessions` sessions (a thread costs more than it saves),
    /// else two halves: the two cores a machine has at least.
    static func sessionChunks(_ count: Int) -> [Range<Int>] {
        count < Parallelism.minimumSessions ? [0..<count] : [0..<count / 2, count / 2..<count]
    }

    private static func writeSession(_ s: Session, _ findings: Findings, _ w: inout BinaryWriter) {
        w.string(s.id); w.string(s.kind.rawValue)
        w.array(s.titles) { writeTitle($1, &$0) }; w.array(s.aliases) { writeTitle($1, &$0) }
        w.optional(s.label) { $0.string($1) }; w.optional(s.day) { writeDate($1, &$0) }
        w.optional(s.start) { $0.int(Int($1.timeIntervalSince1970)) }; w.optional(s.end) { $0.int(Int($1.timeIntervalSince1970)) }
        w.optional(s.roomID) { writeReference($1, findings.rooms, &$0) }; w.optional(s.programOrder) { $0.int($1) }
        w.optional(s.trackID) { writeReference($1, findings.tracks, &$0) }
        w.array(s.topicIDs) { writeReference($1, findings.topics, &$0) }; w.array(s.speakerIDs) { writeReference($1, findings.speakers, &$0) }
        w.optional(s.summary) { $0.string($1) }; w.optional(s.plainDetails) { $0.string($1) }; w.optional(s.detailsMarkup) { $0.string($1.string) }
        w.optional(s.subtitle) { $0.string($1) }; w.optional(s.typeName) { $0.string($1) }
        w.optional(s.language) { $0.string($1) }; w.optional(s.recorded) { $0.bool($1) }
        w.array(s.links) { writeLink($1, &$0) }
        w.array(s.sourceIDs) { $0.string($1) }; w.optional(s.notes) { $0.string($1) }
        w.bool(s.allDay); w.bool(s.speakersInferred); w.bool(s.cancelled)
    }

    static func read(_ r: inout BinaryReader) throws(Damaged) -> Conference {
        let id = try r.string(), name = try r.string(), nameZh = try optionalString(&r), acronym = try optionalString(&r)
        let version = try optionalString(&r)
        let days = try r.array { (r: inout BinaryReader) throws(Damaged) in try readDate(&r) }
        let zoneName = try r.string(), zoneOffset = try r.int(), zoneKnown = try r.bool()
        // A fixed offset (a file that names no zone) has no IANA name to look up.
        guard let zone = Zone(identifier: zoneName) ?? Zone(secondsFromGMT: zoneOffset) else { throw Damaged() }
        let attendance = try optionalString(&r), colocated = try optionalString(&r), organizers = try optionalString(&r)
        let venue = try r.optional { (r: inout BinaryReader) throws(Damaged) in
            Venue(name: try r.string(), nameZh: try optionalString(&r), address: try optionalString(&r),
                  sourceIDs: try strings(&r), note: try optionalString(&r))
        }
        let committee = try strings(&r)
        let sponsors = try r.array { (r: inout BinaryReader) throws(Damaged) in
            Sponsor(name: try r.string(), level: try optionalString(&r), sourceIDs: try strings(&r))
        }
        let links = try r.array { (r: inout BinaryReader) throws(Damaged) in try readLink(&r) }
        let sourceIDs = try strings(&r), notes = try strings(&r)
        let editorial = try r.bool()
        let sources = try r.array { (r: inout BinaryReader) throws(Damaged) in
            Source(id: try r.string(), title: try r.string(), url: try optionalString(&r), published: try optionalString(&r), note: try optionalString(&r))
        }
        let tracks = try r.array { (r: inout BinaryReader) throws(Damaged) in
            Track(id: try r.string(), name: try r.string(), description: try optionalString(&r), color: try optionalString(&r))
        }
        let topics = try r.array { (r: inout BinaryReader) throws(Damaged) in Topic(id: try r.string(), name: try r.string()) }
        let rooms = try r.array { (r: inout BinaryReader) throws(Damaged) in
            Room(id: try r.string(), name: try r.string(), capacity: try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.int() },
                 location: try optionalString(&r), url: try optionalString(&r))
        }
        let speakers = try r.array { (r: inout BinaryReader) throws(Damaged) in
            Speaker(id: try r.string(), name: try r.string(), nameZh: try optionalString(&r),
                    organization: try r.optional { (r: inout BinaryReader) throws(Damaged) in
                        Organization(name: try r.string(), certainty: try certainty(&r), sourceIDs: try strings(&r), note: try optionalString(&r))
                    },
                    roles: try strings(&r), sourceIDs: try strings(&r), biography: try optionalString(&r),
                    links: try r.array { (r: inout BinaryReader) throws(Damaged) in try readLink(&r) })
        }
        let sessions = try readSessions(&r, Places(rooms: rooms, tracks: tracks, speakers: speakers, topics: topics))
        var conference = Conference(id: id, name: name, nameZh: nameZh, acronym: acronym, days: days, timeZone: zone, attendance: attendance,
                                    colocatedWith: colocated, organizers: organizers, venue: venue, programCommitteeIDs: committee,
                                    sponsors: sponsors, links: links, sourceIDs: sourceIDs, notes: notes, tracksAreEditorial: editorial,
                                    sources: sources, tracks: tracks, topics: topics, rooms: rooms, speakers: speakers, sessions: sessions)
        conference.version = version
        return conference.withZoneKnown(zoneKnown)
    }

    /// The chunks `write` made: the first read here, each other on a thread of its own at the same
    /// time, then joined in order. A damaged snapshot may claim any number; more than eight is
    /// damage, not a program.
    private static func readSessions(_ r: inout BinaryReader, _ places: Places) throws(Damaged) -> [Session] {
        let chunkCount = try r.int()
        guard (1...8).contains(chunkCount) else { throw Damaged() }
        var chunks: [(count: Int, bytes: Range<Int>)] = []
        for _ in 0..<chunkCount { chunks.append((try r.count(), try r.skipMeasured())) }
        let later = chunks.dropFirst().map { chunk in
            let decoding = SessionChunk(r.readerForAnotherThread(within: chunk.bytes), count: chunk.count, places: places)
            let decoded = Lazy { decoding.decode() }
            BackgroundThread.detachNew { _ = decoded.value }
            return decoded
        }
        var sessions: [Session] = []
        sessions.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        var first = r.reader(within: chunks[0].bytes)
        try readChunk(&first, count: chunks[0].count, places, into: &sessions)
        for decoded in later { sessions += try decoded.value.get() }
        return sessions
    }

    /// A chunk of sessions to decode on another thread: its reader is that thread's alone.
    private final class SessionChunk: @unchecked Sendable {
        private var reader: BinaryReader
        private let count: Int
        private let places: Places

        init(_ reader: BinaryReader, count: Int, places: Places) {
            self.reader = reader
            self.count = count
            self.places = places
        }

        func decode() -> Result<[Session], Damaged> {
            Result { () throws(Damaged) -> [Session] in
                var sessions: [Session] = []
                sessions.reserveCapacity(count)
                try readChunk(&reader, count: count, places, into: &sessions)
                return sessions
            }
        }
    }

    /// A chunk's `count` sessions, which must end where its bytes do.
    private static func readChunk(_ r: inout BinaryReader, count: Int, _ places: Places, into sessions: inout [Session]) throws(Damaged) {
        var settings = SessionSettings()
        for _ in 0..<count { sessions.append(try readSession(&r, places, sharing: &settings)) }
        guard r.isAtEnd else { throw Damaged() }
    }

    private static func readSession(_ r: inout BinaryReader, _ places: Places, sharing settings: inout SessionSettings) throws(Damaged) -> Session {
        let id = try r.string()
        let kind = try oneOf(&r, sessionKinds)
        let titles = try r.array { (r: inout BinaryReader) throws(Damaged) in try readTitle(&r) }
        let aliases = try r.array { (r: inout BinaryReader) throws(Damaged) in try readTitle(&r) }
        let label = try optionalString(&r), day = try r.optional { (r: inout BinaryReader) throws(Damaged) in try readDate(&r) }
        let start = try instant(&r), end = try instant(&r)
        var roomCode = 0
        let roomID = try r.optional { (r: inout BinaryReader) throws(Damaged) in try readReference(&r, places.rooms, code: &roomCode) }
        let order = try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.int() }
        let trackID = try r.optional { (r: inout BinaryReader) throws(Damaged) in try readReference(&r, places.tracks) }
        let topicIDs = try r.array { (r: inout BinaryReader) throws(Damaged) in try readReference(&r, places.topics) }
        let speakerIDs = try r.array { (r: inout BinaryReader) throws(Damaged) in try readReference(&r, places.speakers) }
        // Left in the snapshot, like a schedule file's, until it is shown.
        let summary = try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.longText() }
        let details = try optionalString(&r)
        let detailsMarkup = try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.longText() }
        let subtitle = try optionalString(&r)
        let typeName = try optionalString(&r), language = try optionalString(&r)
        let recorded = try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.bool() }
        let links = try r.array { (r: inout BinaryReader) throws(Damaged) in try readLink(&r) }
        let sourceIDs = try strings(&r), notes = try optionalString(&r)
        let setting = settings.box(roomID: roomID, trackID: trackID, titleLanguage: Session.settingLanguage(of: titles),
                                   roomPlace: roomCode > 0 ? roomCode - 1 : nil)
        var session = Session(id: id, kind: kind, titles: titles, aliases: aliases, label: label, day: day, start: start, end: end,
                              roomID: roomID, programOrder: order, trackID: trackID, topicIDs: topicIDs, speakerIDs: speakerIDs,
                              details: details, subtitle: subtitle, typeName: typeName, language: language, recorded: recorded,
                              links: links, sourceIDs: sourceIDs, notes: notes, detailsMarkup: detailsMarkup, setting: setting)
        // A summary that is the session's link (as the feed gave it) is one string with the link's.
        session.summaryText = summary?.sharingStorage(withFirstOf: links)
        session.allDay = try r.bool()
        session.speakersInferred = try r.bool()
        session.cancelled = try r.bool()
        return session
    }

    private static func writeDate(_ date: CivilDate, _ w: inout BinaryWriter) { w.int(date.year); w.int(date.month); w.int(date.day) }
    private static func readDate(_ r: inout BinaryReader) throws(Damaged) -> CivilDate {
        let year = try r.int(), month = try r.int(), day = try r.int()
        guard (1...12).contains(month), (1...31).contains(day) else { throw Damaged() }
        return CivilDate(year: year, month: month, day: day)
    }

    private static func writeLink(_ link: Link, _ w: inout BinaryWriter) {
        w.string(link.kind.rawValue); w.string(link.url); w.optional(link.title) { $0.string($1) }; w.array(link.sourceIDs) { $0.string($1) }
    }
    private static func readLink(_ r: inout BinaryReader) throws(Damaged) -> Link {
        let kind = try oneOf(&r, linkKinds)
        return Link(kind: kind, url: try r.string(), title: try optionalString(&r), sourceIDs: try strings(&r))
    }

    private static func writeTitle(_ title: SourcedTitle, _ w: inout BinaryWriter) {
        w.string(title.language); w.string(title.text); w.string(title.certainty.rawValue)
        w.array(title.sourceIDs) { $0.string($1) }; w.optional(title.note) { $0.string($1) }
    }
    private static func readTitle(_ r: inout BinaryReader) throws(Damaged) -> SourcedTitle {
        SourcedTitle(language: try r.string(), text: try r.string(), certainty: try certainty(&r), sourceIDs: try strings(&r), note: try optionalString(&r))
    }

    private static func certainty(_ r: inout BinaryReader) throws(Damaged) -> Certainty {
        try oneOf(&r, certainties)
    }

    /// A value of a string-backed kind, told by its bytes against each case's: `init(rawValue:)`
    /// made a string of them and compared it with each case's in turn (600 instructions a session).
    private static func oneOf<Value>(_ r: inout BinaryReader, _ cases: [(bytes: [UInt8], value: Value)]) throws(Damaged) -> Value {
        let match = try r.withBytes { bytes in cases.first { kind in kind.bytes.withUnsafeBytes { $0.holdsTheSameBytes(as: bytes) } } }
        guard let match else { throw Damaged() }
        return match.value
    }

    private static let sessionKinds = byBytes(Session.Kind.self)
    private static let linkKinds = byBytes(Link.Kind.self)
    private static let certainties = byBytes(Certainty.self)

    private static func byBytes<Kind: CaseIterable & RawRepresentable<String>>(_: Kind.Type) -> [(bytes: [UInt8], value: Kind)] {
        Kind.allCases.map { (bytes: Array($0.rawValue.utf8), value: $0) }
    }

    private static func optionalString(_ r: inout BinaryReader) throws(Damaged) -> String? {
        try r.optional { (r: inout BinaryReader) throws(Damaged) in try r.string() }
    }
    private static func strings(_ r: inout BinaryReader) throws(Damaged) -> [String] {
        try r.array { (r: inout BinaryReader) throws(Damaged) in try r.string() }
    }
    private static func instant(_ r: inout BinaryReader) throws(Damaged) -> Date? {
        try r.optional { (r: inout BinaryReader) throws(Damaged) in Date(timeIntervalSince1970: TimeInterval(try r.int())) }
    }
}

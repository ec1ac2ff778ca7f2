import FoundationEssentials
import Glibc

/// Reads Hallway's own format (`"format": "hallway-schedule", "version": 1`), documented by
/// `data/hallway-schedule.schema.json`.
enum HallwayFormat {
    static let formatName = "hallway-schedule"
    static let supportedVersion = 1

    // The fields each object may have, made once rather than at every object read.
    private static let topKeys: Set<String> = ["$schema", "format", "version", "tracksAreEditorial", "conference", "sources",
        "tracks", "topics", "rooms", "speakers", "sessions"]
    private static let conferenceKeys: Set<String> = ["id", "name", "nameZh", "days", "timeZone", "attendance", "colocatedWith", "organizers",
        "venue", "programCommittee", "sponsors", "links", "sources", "notes"]
    private static let sourceKeys: Set<String> = ["id", "title", "url", "published", "note"]
    private static let trackKeys: Set<String> = ["id", "name", "description"]
    private static let topicKeys: Set<String> = ["id", "name"]
    private static let roomKeys: Set<String> = ["id", "name", "capacity", "location", "url"]
    private static let organizationKeys: Set<String> = ["name", "certainty", "sources", "note"]
    private static let speakerKeys: Set<String> = ["id", "name", "nameZh", "organization", "roles", "sources"]
    private static let venueKeys: Set<String> = ["name", "nameZh", "address", "sources", "note"]
    private static let sponsorKeys: Set<String> = ["name", "level", "sources"]
    private static let linkKeys: Set<String> = ["kind", "url", "title", "sources"]
    private static let titleKeys: Set<String> = ["lang", "text", "certainty", "sources", "note"]
    private static let sessionKeys: Set<String> = ["id", "kind", "titles", "aliases", "label", "day", "start", "end", "room", "programOrder",
        "track", "topics", "speakers", "summary", "links", "sources", "notes"]

    /// The top-level lists, in the order they are assembled.
    static let listKeys = ["sources", "tracks", "topics", "rooms", "speakers", "sessions"]

    /// Reads the rest of a document from `stream`, whose first fields (`early`) were read whole before
    /// the document was known to be Hallway's, and whose next key is `key`. Lists are read item
    /// by item, each item's schema checked by `schema` on another thread meanwhile.
    static func read(_ stream: JSONStream, after early: [(key: String, value: JSONTape)], key: String, sink: DiagnosticSink,
                     schema: SchemaCheck.Pieces?) throws(ScheduleLoadError) -> (Conference, SourceMap)? {
        var lists = Lists()
        var fields = early
        var next: String? = key
        while let key = next {
            if listKeys.contains(key), try stream.isAtArray() {
                // Sessions and speakers, nearly all of a large file, are read straight into the
                // model when they hold no problem; anything else goes through a tape.
                let direct: ((inout JSONReader) -> Lists.Item?)? = switch key {
                case "sessions": { $0.directSession().map(Lists.Item.session) }
                case "speakers": { $0.directSpeaker().map(Lists.Item.speaker) }
                default: nil
                }
                try stream.forEachItem(direct: direct) { item, position in
                    switch item {
                    case .direct(let value):
                        // The direct readers take only what the schema takes (`SchemaForm`): an
                        // item read so needs no check, which was a third of a load's work.
                        lists.keep(value, at: position)
                    case .piece(let piece):
                        schema?.check(piece, item: position, of: key)
                        lists.read(JSONCursor(item: position, of: key, in: piece, sink: sink), of: key)
                    }
                }
                fields.append((key, JSONTape.emptyList))
            } else {
                fields.append((key, try stream.value()))
            }
            next = try stream.nextKey()
        }
        let top = JSONTape(object: fields)
        schema?.check(top: top)
        return finish(top: top, lists: &lists, sink: sink)
    }

    /// What has been read of the top-level lists, in file order, and where each item was.
    struct Lists {
        var sources: [Source] = [], tracks: [Track] = [], topics: [Topic] = [], rooms: [Room] = []
        var speakers: [Speaker] = [], sessions: [Session] = []
        var map = SourceMap()
        private var settings = SessionSettings()

        enum Item {
            case session(Session)
            case speaker(Speaker)
        }

        /// Keeps an item read straight from its bytes, with its place in its list.
        mutating func keep(_ item: Item, at position: Int) {
            switch item {
            case .session(let session): keep(session, at: position)
            case .speaker(let speaker): Self.keep(speaker, at: position, in: &speakers, &map.speakers)
            }
        }

        /// Reads an item of the list `key` and keeps it, with its place, when it is good.
        mutating func read(_ item: JSONCursor, of key: String) {
            let position = item.position!
            switch key {
            case "sources": Self.keep(readSource(item), at: position, in: &sources, &map.sources)
            case "tracks": Self.keep(readTrack(item), at: position, in: &tracks, &map.tracks)
            case "topics": Self.keep(readTopic(item), at: position, in: &topics, &map.topics)
            case "rooms": Self.keep(readRoom(item), at: position, in: &rooms, &map.rooms)
            case "speakers": Self.keep(readSpeaker(item), at: position, in: &speakers, &map.speakers)
            case "sessions": keep(readSession(item), at: position)
            default: preconditionFailure("\(key) is not one of HallwayFormat.listKeys")
            }
        }

        /// A session shares the extras of the one before when they are equal (most give the
        /// same sources), and its setting with every earlier one that has the same.
        private mutating func keep(_ session: Session?, at position: Int) {
            guard var session else { return }
            if let last = sessions.last { session.shareExtras(with: last) }
            session.shareSetting(&settings)
            Self.keep(session, at: position, in: &sessions, &map.sessions)
        }

        private static func keep<T>(_ value: T?, at position: Int, in list: inout [T], _ paths: inout ItemPaths) {
            guard let value else { return }
            list.append(value)
            paths.append(position: position)
        }
    }

    /// Reads the top-level fields of `tape`; lists already read item by item stand there empty.
    private static func finish(top tape: JSONTape, lists: inout Lists, sink: DiagnosticSink) -> (Conference, SourceMap)? {
        let document = JSONCursor(tape: tape, sink: sink)
        guard let top = document.object() else { return nil }
        top.rejectUnknownKeys(topKeys)
        if let format = top.requiredString("format"), format != formatName {
            sink.error(at: .root.appending("format"), "expected \"\(formatName)\", found \"\(format)\"")
        }
        if let version = top.required("version", { $0.integer() }), version != supportedVersion {
            sink.error(at: .root.appending("version"), "version \(version) is not supported; this Hallway reads version \(supportedVersion)")
        }
        var conference = top.required("conference") { readConference($0) } ?? Conference(id: "", name: "")
        conference.tracksAreEditorial = top.optional("tracksAreEditorial") { $0.bool() } ?? false
        for key in listKeys {
            _ = top.required(key) { list in list.forEachItem { item in lists.read(item, of: key) } }
        }
        conference.sources = lists.sources
        conference.tracks = lists.tracks
        conference.topics = lists.topics
        conference.rooms = lists.rooms
        conference.speakers = lists.speakers
        conference.sessions = lists.sessions
        return (conference, lists.map)
    }

    private static func readConference(_ cursor: JSONCursor) -> Conference? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(conferenceKeys)
        let id = object.requiredString("id")
        let name = object.requiredString("name")
        let days = object.list("days", required: true) { readDate($0) }
        if object.isEmptyList("days") {
            object.sink.error(at: object.path.appending("days"), "must list at least one day")
        }
        var zone: Zone?
        if let zoneName = object.requiredString("timeZone") {
            zone = Zone(identifier: zoneName)
            if zone == nil { object.sink.error(at: object.path.appending("timeZone"), "unknown time zone \"\(zoneName)\"") }
        }
        guard let id, let name, let zone else { return nil }
        return Conference(
            id: id, name: name, nameZh: object.optionalString("nameZh"), days: days, timeZone: zone,
            attendance: object.optionalString("attendance"), colocatedWith: object.optionalString("colocatedWith"),
            organizers: object.optionalString("organizers"), venue: object.optional("venue") { readVenue($0) },
            programCommitteeIDs: object.strings("programCommittee"),
            sponsors: object.list("sponsors") { readSponsor($0) },
            links: object.list("links") { readLink($0) }, sourceIDs: object.strings("sources"),
            notes: object.strings("notes"))
    }

    private static func readDate(_ cursor: JSONCursor) -> CivilDate? {
        guard let text = cursor.string() else { return nil }
        guard let date = CivilDate(iso: text) else {
            cursor.error("expected a date as YYYY-MM-DD, found \"\(text)\"")
            return nil
        }
        return date
    }

    private static func readInstant(_ cursor: JSONCursor) -> Date? {
        guard let text = cursor.string() else { return nil }
        guard let instant = ISOInstant.parse(text) else {
            cursor.error("expected a time as YYYY-MM-DDTHH:MM with an offset (+08:00 or Z), found \"\(text)\"")
            return nil
        }
        return instant
    }

    private static func readEnum<T: RawRepresentable & CaseIterable>(_ cursor: JSONCursor, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text = cursor.string() else { return nil }
        guard let value = T(rawValue: text) else {
            cursor.error("expected one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(text)\"")
            return nil
        }
        return value
    }

    private static func readSource(_ cursor: JSONCursor) -> Source? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(sourceKeys)
        guard let id = object.requiredString("id"), let title = object.requiredString("title") else { return nil }
        return Source(id: id, title: title, url: object.optionalString("url"),
                      published: object.optional("published") { readDate($0) }?.description, note: object.optionalString("note"))
    }

    private static func readTrack(_ cursor: JSONCursor) -> Track? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(trackKeys)
        guard let id = object.requiredString("id"), let name = object.requiredString("name") else { return nil }
        return Track(id: id, name: name, description: object.optionalString("description"))
    }

    private static func readTopic(_ cursor: JSONCursor) -> Topic? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(topicKeys)
        guard let id = object.requiredString("id"), let name = object.requiredString("name") else { return nil }
        return Topic(id: id, name: name)
    }

    private static func readRoom(_ cursor: JSONCursor) -> Room? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(roomKeys)
        guard let id = object.requiredString("id"), let name = object.requiredString("name") else { return nil }
        return Room(id: id, name: name, capacity: object.optional("capacity") { $0.integer() },
                    location: object.optionalString("location"), url: object.optionalString("url"))
    }

    private static func readOrganization(_ cursor: JSONCursor) -> Organization? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(organizationKeys)
        guard let name = object.requiredString("name") else { return nil }
        return Organization(name: name, certainty: object.required("certainty") { readEnum($0, Certainty.self) } ?? .confirmed,
                            sourceIDs: object.strings("sources", required: true), note: object.optionalString("note"))
    }

    private static func readSpeaker(_ cursor: JSONCursor) -> Speaker? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(speakerKeys)
        guard let id = object.requiredString("id"), let name = object.requiredString("name") else { return nil }
        return Speaker(id: id, name: name, nameZh: object.optionalString("nameZh"),
                       organization: object.optional("organization") { readOrganization($0) },
                       roles: object.strings("roles"), sourceIDs: object.strings("sources", required: true))
    }

    private static func readVenue(_ cursor: JSONCursor) -> Venue? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(venueKeys)
        guard let name = object.requiredString("name") else { return nil }
        return Venue(name: name, nameZh: object.optionalString("nameZh"), address: object.optionalString("address"),
                     sourceIDs: object.strings("sources"), note: object.optionalString("note"))
    }

    private static func readSponsor(_ cursor: JSONCursor) -> Sponsor? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(sponsorKeys)
        guard let name = object.requiredString("name") else { return nil }
        return Sponsor(name: name, level: object.optionalString("level"), sourceIDs: object.strings("sources"))
    }

    private static func readLink(_ cursor: JSONCursor) -> Link? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(linkKeys)
        guard let kind = object.required("kind", { readEnum($0, Link.Kind.self) }), let url = object.requiredString("url") else { return nil }
        if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            object.sink.error(at: object.path.appending("url"), "expected an http or https URL")
            return nil
        }
        return Link(kind: kind, url: url, title: object.optionalString("title"), sourceIDs: object.strings("sources"))
    }

    private static func readTitle(_ cursor: JSONCursor) -> SourcedTitle? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(titleKeys)
        guard let language = object.requiredString("lang"), let text = object.requiredString("text") else { return nil }
        if text.trimmed.isEmpty {
            object.sink.error(at: object.path.appending("text"), "a title must not be empty")
            return nil
        }
        return SourcedTitle(language: language, text: text,
                            certainty: object.required("certainty") { readEnum($0, Certainty.self) } ?? .confirmed,
                            sourceIDs: object.strings("sources", required: true), note: object.optionalString("note"))
    }

    private static func readSession(_ cursor: JSONCursor) -> Session? {
        guard let object = cursor.object() else { return nil }
        object.rejectUnknownKeys(sessionKeys)
        let id = object.requiredString("id")
        let kind = object.required("kind") { readEnum($0, Session.Kind.self) }
        let titles = object.list("titles", required: true) { readTitle($0) }
        let label = object.optionalString("label")
        // Only when "titles" is a well-formed empty list: a malformed title was reported already.
        if object.isEmptyList("titles"), (label ?? "").isEmpty {
            object.sink.error(at: object.path, "a session needs a title or, when none is known, a descriptive label")
        }
        // start, end and room must be present even when unknown: an explicit null says "not published".
        for key in ["start", "end", "room"] where !object.has(key) {
            object.sink.error(at: object.path.appending(key), "missing required field (use null when it was not published)")
        }
        let order = object.optional("programOrder") { $0.integer() }
        if let order, order < 1 { object.sink.error(at: object.path.appending("programOrder"), "must be 1 or more") }
        guard let id, let kind else { return nil }
        return Session(
            id: id, kind: kind, titles: titles, aliases: object.list("aliases") { readTitle($0) }, label: label,
            day: object.required("day") { readDate($0) }, start: object.optional("start") { readInstant($0) },
            end: object.optional("end") { readInstant($0) }, roomID: object.optionalString("room"), programOrder: order,
            trackID: object.optionalString("track"), topicIDs: object.strings("topics", required: true),
            speakerIDs: object.strings("speakers", required: true), summary: object.optionalString("summary"),
            links: object.list("links") { readLink($0) }, sourceIDs: object.strings("sources", required: true),
            notes: object.optionalString("notes"))
    }
}

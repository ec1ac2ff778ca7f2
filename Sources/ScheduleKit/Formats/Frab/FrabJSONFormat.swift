import FoundationEssentials
import Glibc

/// Reads frab's and pretalx's `schedule.json` (c3voc schema version 1): the conference, its days,
/// and under each day the events by room name. Field types follow the schema except where real
/// producers agree on something else (`../shared/research/apps-and-formats.md` §3.1): `start` as
/// local `HH:MM`, `do_not_record` as a boolean, links as strings or objects, slugs and acronyms
/// outside their patterns. Unknown fields are ignored, since producers add their own.
enum FrabJSONFormat {
    /// `streamed` holds the events read apart from `tape` (whose rooms' lists are then empty),
    /// one at a time as the file was read (`FrabJSONStream`); each is taken from it as it is
    /// placed (taken in place: a copy of them all was a tenth of a load's peak) and made a
    /// session there and then (`ForeignProgramBuilder.AsRead`). A file that gives what placing
    /// needs before its days is not held at all: its events are placed as the stream reads them
    /// (`FrabJSONAsRead`), with the same pieces as here.
    static func read(_ tape: JSONTape, streamed: inout FrabJSONStream.Events, venueZone: Zone?,
                     sink: DiagnosticSink, holdingEvents: Bool = false) -> Conference? {
        guard let top = JSONCursor(tape: tape, sink: sink).object(), let (read, conference) = program(top, venueZone: venueZone) else { return nil }
        var program = read
        var sessions = ForeignProgramBuilder.AsRead(venueZone: venueZone, file: sink.file, expecting: .exactly(streamed.count), holding: holdingEvents)
        for dayCursor in conference.required("days", { $0.array() }) ?? [] {
            readDay(dayCursor, program: &program, sessions: &sessions, sink: sink) { rooms, roomName in
                streamed.take(day: dayCursor.position ?? 0, room: roomName) ?? readRoom(rooms, roomName)
            }
        }
        return finish(&program, sessions: sessions, sink: sink)
    }

    /// The conference around the events, its problems told first, as a whole read tells them;
    /// with the cursor on `schedule.conference` for its days.
    static func program(_ top: ObjectCursor, venueZone: Zone?) -> (ForeignProgram, ObjectCursor)? {
        guard let schedule = top.required("schedule", { $0.object() }) else { return nil }
        if schedule.has("rooms") {
            schedule.sink.error(at: schedule.path.appending("rooms"), "rooms belong under schedule.conference.rooms, not under schedule")
        }
        guard let conference = schedule.required("conference", { $0.object() }) else { return nil }
        var program = ForeignProgram(title: conference.requiredString("title") ?? "", venueZone: venueZone)
        program.acronym = conference.optionalString("acronym")
        program.version = JSONFields.text(schedule, "version")
        program.url = conference.optionalString("url") ?? topLevelURL(top)
        program.timeZone = JSONFields.zone(conference, "time_zone_name")
        program.tracks = conference.list("tracks") { cursor in
            guard let track = cursor.object(), let name = track.requiredString("name") else { return nil }
            return ForeignTrack(name: name, slug: track.optionalString("slug"), color: JSONFields.text(track, "color"))
        }
        program.rooms = conference.list("rooms") { cursor in
            cursor.object().flatMap { JSONFields.room($0, language: nil) }
        }
        return (program, conference)
    }

    /// The document's own `url`, beside `schedule`, for a conference that gives none.
    static func topLevelURL(_ top: ObjectCursor) -> String? {
        if case .string(let url)? = top.value(forKey: "url") { url } else { nil }
    }

    /// One day of `days`: its date and bounds, then its rooms' events in the file's order (as
    /// XML's rooms are read), each placed; a day without a date is left out, its events unread.
    static func readDay(_ dayCursor: JSONCursor, program: inout ForeignProgram, sessions: inout ForeignProgramBuilder.AsRead,
                        sink: DiagnosticSink, events: (ObjectCursor, String) -> [ReadEvent]) {
        guard let (day, date) = dayHead(dayCursor, program: &program, sessions: &sessions) else { return }
        guard let rooms = day.required("rooms", { $0.object() }) else { return }
        for roomName in rooms.keys {
            for read in events(rooms, roomName) {
                // What was wrong in an event is told here, where it would be had the file been read whole.
                if let problems = read.problems { sink.absorb(problems) }
                place(read, day: date, program: &program, sessions: &sessions)
            }
        }
    }

    /// The events of one room of a day's `rooms`, read from the document.
    static func readRoom(_ rooms: ObjectCursor, _ roomName: String) -> [ReadEvent] {
        (rooms.field(roomName)?.array() ?? []).map { readFields($0, roomName: roomName) }
    }

    /// A day's date and the bounds it sets itself, added to the program; nil without a date.
    static func dayHead(_ dayCursor: JSONCursor, program: inout ForeignProgram,
                        sessions: inout ForeignProgramBuilder.AsRead) -> (ObjectCursor, CivilDate)? {
        guard let day = dayCursor.object(), let date = day.required("date", JSONFields.date) else { return nil }
        let listed = ForeignDay(date: date, start: day.optional("day_start", JSONFields.instant), end: day.optional("day_end", JSONFields.instant))
        program.days.append(listed)
        sessions.addDay(listed)
        return (day, date)
    }

    /// An event read under `day`, made a session (or held, until the zone is settled).
    static func place(_ read: ReadEvent, day: CivilDate, program: inout ForeignProgram, sessions: inout ForeignProgramBuilder.AsRead) {
        if let event = read.event { sessions.add(placed(event, read: read, day: day, program: &program), to: &program) }
    }

    /// The conference, once every day is read.
    static func finish(_ program: inout ForeignProgram, sessions: ForeignProgramBuilder.AsRead, sink: DiagnosticSink) -> Conference {
        // Rooms as the file orders them under each day, where the conference lists none (when
        // events were made sessions as they were read, they named their rooms in that order).
        if program.rooms.isEmpty {
            var seen = Set<String>()
            program.rooms = program.events.compactMap(\.room).filter { seen.insert($0).inserted }.map { ForeignRoom(name: $0) }
        }
        program.settleZone(sink: sink)
        return sessions.conference(&program, sink: sink)
    }

    /// An event as its fields say, before the program around it is known: the key its id makes
    /// needs the conference's acronym, and a clock time the venue's zone, which a file may give
    /// after its days.
    struct ReadEvent {
        /// Nil when the event cannot be read (no title).
        var event: ForeignEvent?
        var id: Int?
        var written: (instant: Date, offset: Int)?
        var clock: (hour: Int, minute: Int)?
        var duration: Int?
        /// What was wrong, when read apart from the program's other problems.
        var problems: DiagnosticSink.Collected?
    }

    /// An event's long texts as it is read: its description left in the file (made clean text
    /// when shown), its abstract left there when it is plain text already, else held made plain.
    static let textsLeftInFile: [String: @Sendable (String) -> LongTextPlacement] = ["description": { _ in .leftInFile }, "abstract": RichText.placement]

    static func readFields(_ cursor: JSONCursor, roomName: String) -> ReadEvent {
        var read = ReadEvent()
        guard let event = cursor.object() else { return read }
        read.id = event.required("id") { $0.integer() }
        guard let title = event.requiredString("title") else { return read }
        let guid = event.optionalString("guid")
        if let written = event.optional("date", JSONFields.instantWithOffset) {
            read.written = written
        } else {
            read.clock = event.optional("start", { JSONFields.clock($0) })
        }
        read.duration = event.optional("duration", JSONFields.duration)
        // The path is the key only of an event with neither guid nor id (placing gives one with an id its key).
        var foreign = ForeignEvent(guid: guid, fallbackKey: guid == nil && read.id == nil ? "\(cursor.path)" : "", place: .path(cursor.path), title: title)
        foreign.subtitle = JSONFields.text(event, "subtitle")
        foreign.typeName = JSONFields.text(event, "type")
        foreign.language = JSONFields.text(event, "language")
        foreign.track = JSONFields.text(event, "track")
        foreign.room = JSONFields.text(event, "room") ?? roomName
        if let plain = event.optional("abstract", { $0.leftInFile() }) { foreign.plainAbstract = plain } else { foreign.abstract = JSONFields.text(event, "abstract") }
        foreign.description = event.optional("description") { $0.leftInFile() } ?? JSONFields.text(event, "description").map(LongText.init)
        foreign.url = JSONFields.text(event, "url")
        foreign.recorded = event.optional("do_not_record", JSONFields.flag).map { !$0 }
        foreign.keywords = JSONFields.strings(event, "keywords") + JSONFields.strings(event, "tags")
        foreign.persons = event.list("persons") { readPerson($0) }
        foreign.links = event.list("links") { JSONFields.link($0) } + event.list("attachments") { JSONFields.link($0) }
        read.event = foreign
        return read
    }

    /// The event placed in the program: its key, its day, and its times in the venue's zone.
    private static func placed(_ event: ForeignEvent, read: ReadEvent, day: CivilDate, program: inout ForeignProgram) -> ForeignEvent {
        var foreign = event
        var start: Date?
        if let written = read.written {
            start = written.instant
            if program.observedOffset == nil { program.observedOffset = written.offset }
        } else if let clock = read.clock {
            start = day.at(hour: clock.hour, minute: clock.minute, in: program.wallClockZone())
        }
        if let id = read.id { foreign.fallbackKey = "\(program.acronym ?? "event")-\(id)" }
        foreign.start = start
        foreign.end = start.flatMap { start in read.duration.map { start.addingTimeInterval(TimeInterval($0)) } }
        foreign.day = day
        return foreign
    }

    private static func readPerson(_ cursor: JSONCursor) -> ForeignPerson? {
        guard let person = cursor.object() else { return nil }
        let id = person.optional("id") { $0.integer() }
        guard let name = JSONFields.text(person, "public_name") ?? JSONFields.text(person, "name") else {
            cursor.error("a person needs a name or public_name")
            return nil
        }
        let key = JSONFields.text(person, "guid") ?? JSONFields.text(person, "code").map { "code:" + $0 }
            ?? id.map { "id:\($0)" } ?? "name:" + name
        return ForeignPerson(key: key, name: name, biography: JSONFields.text(person, "biography"),
                             links: person.list("links") { JSONFields.link($0) })
    }
}

/// Field readers the JSON formats of other producers share: tolerant where producers differ,
/// strict (a located error) where a value cannot mean what the field says.
enum JSONFields {
    /// A string field that producers also leave empty or null: both read as absent.
    static func text(_ object: ObjectCursor, _ key: String) -> String? {
        guard let value = object.optional(key, { cursor -> String? in
            if case .number(let number) = cursor.value { return number.rounded() == number ? String(Int(number)) : String(number) }
            return cursor.string()
        }) else { return nil }
        return value.trimmed.isEmpty ? nil : value
    }

    /// A text, or an object of texts by language: the conference's language first, then English, then any.
    static func localized(_ object: ObjectCursor, _ key: String, _ preferred: String?) -> String? {
        if case .object(let byLanguage)? = object.value(forKey: key) {
            for language in [preferred, "en"].compactMap({ $0 }) {
                if case .string(let text)? = byLanguage[language], !text.isEmpty { return text }
            }
            return byLanguage.keys.sorted().lazy.compactMap { if case .string(let text)? = byLanguage[$0], !text.isEmpty { text } else { nil } }.first
        }
        return text(object, key)
    }

    /// A room of the conference's list: frab's `{name, guid, capacity}`, with schedule2's (and some
    /// frab exporters') `description`, which says where the room is, and `url`, a page that shows it.
    static func room(_ room: ObjectCursor, language: String?) -> ForeignRoom? {
        guard let name = room.requiredString("name") else { return nil }
        let page = text(room, "url").flatMap { ForeignProgram.link(url: $0, title: nil, type: nil)?.url }
        return ForeignRoom(name: name, guid: text(room, "guid"), capacity: count(room, "capacity"),
                           location: localized(room, "description", language), url: page)
    }

    static func strings(_ object: ObjectCursor, _ key: String) -> [String] {
        object.list(key) { cursor in
            if case .object(let fields) = cursor.value, case .string(let name)? = fields["name"] { return name }
            return cursor.string()
        }
    }

    static func count(_ object: ObjectCursor, _ key: String) -> Int? {
        object.optional(key) { $0.integer() }
    }

    static func date(_ cursor: JSONCursor) -> CivilDate? {
        guard let text = cursor.string() else { return nil }
        // frab writes a date; some producers a date-time whose date part is meant.
        guard let date = CivilDate(iso: text.prefix(10)), text.count == 10 || text.dropFirst(10).first == "T" else {
            cursor.error("expected a date as YYYY-MM-DD, found \"\(text)\"")
            return nil
        }
        return date
    }

    static func instant(_ cursor: JSONCursor) -> Date? {
        instantWithOffset(cursor)?.instant
    }

    static func instantWithOffset(_ cursor: JSONCursor) -> (instant: Date, offset: Int)? {
        guard let text = cursor.string() else { return nil }
        guard let parsed = ISOInstant.parseWithOffset(text) else {
            cursor.error("expected a date and time with an offset, e.g. 2024-12-27T10:30:00+01:00, found \"\(text)\"")
            return nil
        }
        return parsed
    }

    static func zone(_ object: ObjectCursor, _ key: String) -> Zone? {
        guard let name = text(object, key) else { return nil }
        guard let zone = Zone(identifier: name) else {
            object.sink.warning(at: object.path.appending(key), "unknown time zone \"\(name)\"; times keep the offsets they are written with")
            return nil
        }
        return zone
    }

    /// `HH:MM` or `HH:MM:SS`, or a date-time whose clock time is meant.
    static func clock(_ cursor: JSONCursor) -> (hour: Int, minute: Int)? {
        guard let text = cursor.string() else { return nil }
        let clockPart = text.count > 10 && text.dropFirst(10).first == "T" ? String(text.dropFirst(11).prefix(5)) : text
        let parts = clockPart.split(separator: ":")
        guard parts.count >= 2, let hour = Int(parts[0]), let minute = Int(parts[1].prefix(2)), (0..<24).contains(hour), (0..<60).contains(minute) else {
            cursor.error("expected a time as HH:MM, found \"\(text)\"")
            return nil
        }
        return (hour, minute)
    }

    /// `"00:30"`, `"1:30"`, `"01:30:00"`, or a number of minutes.
    static func duration(_ cursor: JSONCursor) -> Int? {
        if case .number(let minutes) = cursor.value, minutes >= 0, minutes < 100_000 { return Int(minutes) * 60 }
        guard let text = cursor.string() else { return nil }
        guard let seconds = durationSeconds(text) else {
            cursor.error("expected a duration as HH:MM, found \"\(text)\"")
            return nil
        }
        return seconds
    }

    static func durationSeconds(_ text: String) -> Int? {
        let parts = text.trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let hours = Int(parts[0]), let minutes = Int(parts[1]), hours >= 0, hours < 1000,
              (0..<60).contains(minutes) else { return nil }
        let seconds = parts.count == 3 ? Int(parts[2]) : 0
        guard let seconds, (0..<60).contains(seconds) else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }

    /// A boolean, or the strings "true"/"false" that older exports write.
    static func flag(_ cursor: JSONCursor) -> Bool? {
        switch cursor.value {
        case .bool(let flag): return flag
        case .string(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        default:
            cursor.error("expected true or false, found \(cursor.kind.name)")
            return nil
        }
    }

    /// A link as a URL string or as `{url|href, title, type}`; other addresses than http(s) are skipped.
    static func link(_ cursor: JSONCursor) -> Link? {
        switch cursor.value {
        case .string(let url):
            return ForeignProgram.link(url: url, title: nil, type: nil)
        case .object:
            guard let object = cursor.object(), let url = text(object, "url") ?? text(object, "href") else {
                cursor.error("a link needs a url")
                return nil
            }
            return ForeignProgram.link(url: url, title: text(object, "title"), type: text(object, "type"))
        default:
            cursor.error("expected a link (a URL string or an object with a url), found \(cursor.kind.name)")
            return nil
        }
    }
}

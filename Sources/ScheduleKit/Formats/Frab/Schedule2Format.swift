import FoundationEssentials
import Glibc

/// Reads the c3voc "schedule2" draft (`hub-schedule2.json`): events in one flat list with `start`
/// and `end` instants, rooms and tracks as references, `participants` for persons, and texts that
/// may be objects keyed by language.
enum Schedule2Format {
    static func read(_ tape: JSONTape, sink: DiagnosticSink) -> ForeignProgram? {
        guard let top = JSONCursor(tape: tape, sink: sink).object(),
              let schedule = top.required("schedule", { $0.object() }),
              let conference = schedule.required("conference", { $0.object() }) else { return nil }
        var program = ForeignProgram(title: conference.requiredString("title") ?? "")
        program.acronym = JSONFields.text(conference, "acronym")
        program.version = JSONFields.text(schedule, "version")
        program.url = JSONFields.text(conference, "url")
        program.timeZone = JSONFields.zone(conference, "time_zone_name")
        let defaultLanguage = conference.optional("defaults") { $0.object() }.flatMap { JSONFields.text($0, "language") }
        program.tracks = conference.list("tracks") { cursor in
            guard let track = cursor.object(), let name = track.requiredString("name") else { return nil }
            let colors = track.optional("colors") { $0.object() }
            let color = JSONFields.text(track, "color") ?? colors.flatMap { JSONFields.text($0, "dark") ?? JSONFields.text($0, "light") }
            return ForeignTrack(name: name, slug: JSONFields.text(track, "slug"), color: color)
        }
        var roomNameByKey: [String: String] = [:]
        program.rooms = conference.list("rooms") { cursor in
            guard let room = cursor.object(), let read = JSONFields.room(room, language: defaultLanguage) else { return nil }
            for key in [JSONFields.text(room, "guid"), JSONFields.text(room, "slug")].compactMap({ $0 }) { roomNameByKey[key] = read.name }
            return read
        }
        program.days = conference.list("days") { cursor in
            guard let day = cursor.object(), let date = day.required("date", JSONFields.date) else { return nil }
            return ForeignDay(date: date, start: day.optional("start", JSONFields.instant), end: day.optional("end", JSONFields.instant))
        }
        for cursor in schedule.list("persons", { $0 as JSONCursor? }) {
            if let person = readPerson(cursor) { program.people[person.key] = person }
        }
        for cursor in schedule.required("events", { $0.array() }) ?? [] {
            guard let event = cursor.object(), let title = event.requiredString("title") else { continue }
            var foreign = ForeignEvent(guid: JSONFields.text(event, "guid"),
                                       fallbackKey: JSONFields.text(event, "code") ?? JSONFields.text(event, "id") ?? "\(cursor.path)",
                                       place: .path(cursor.path), title: title)
            if let written = event.required("start", JSONFields.instantWithOffset) {
                foreign.start = written.instant
                if program.observedOffset == nil { program.observedOffset = written.offset }
            }
            foreign.end = event.optional("end", JSONFields.instant)
                ?? foreign.start.flatMap { start in event.optional("duration", JSONFields.duration).map { start.addingTimeInterval(TimeInterval($0)) } }
            foreign.day = foreign.start.flatMap { start in program.days.first { day in
                guard let from = day.start, let to = day.end else { return false }
                return from <= start && start < to
            }?.date }
            foreign.subtitle = JSONFields.localized(event, "subtitle", defaultLanguage)
            foreign.typeName = JSONFields.text(event, "type").map(readableType)
            foreign.language = JSONFields.text(event, "language")
            foreign.track = reference(event, "track")
            foreign.room = reference(event, "room").map { roomNameByKey[$0] ?? $0 }
            foreign.abstract = JSONFields.localized(event, "abstract", defaultLanguage)
            foreign.description = JSONFields.localized(event, "description", defaultLanguage).flatMap { $0.trimmed.isEmpty ? nil : LongText($0) }
            foreign.url = JSONFields.text(event, "url")
            foreign.recorded = event.optional("do_not_record", JSONFields.flag).map { !$0 }
            foreign.cancelled = ["CANCELED", "CANCELLED", "WITHDRAWN", "DELETED"].contains(JSONFields.text(event, "state")?.uppercased() ?? "")
            foreign.keywords = JSONFields.strings(event, "tags") + JSONFields.strings(event, "keywords")
            foreign.persons = event.list("participants") { readPerson($0) } + event.list("persons") { readPerson($0) }
            foreign.links = (event.list("links") { JSONFields.link($0) } + event.list("attachments") { JSONFields.link($0) })
                .filter { !$0.url.contains("/feedback") }
            program.events.append(foreign)
        }
        return program
    }

    /// A room or track given as a name, or as `{name, slug, guid}`.
    private static func reference(_ object: ObjectCursor, _ key: String) -> String? {
        guard let value = object.value(forKey: key) else { return nil }
        switch value {
        case .string(let name): return name.isEmpty ? nil : name
        case .object:
            guard let reference = object.field(key)?.object() else { return nil }
            return JSONFields.text(reference, "name") ?? JSONFields.text(reference, "slug") ?? JSONFields.text(reference, "guid")
        case .null: return nil
        default:
            object.sink.error(at: object.path.appending(key), "expected a name or an object with a name, found \(value.kind.name)")
            return nil
        }
    }

    /// "LECTURE_HALL" style enums read as words.
    private static func readableType(_ type: String) -> String {
        type == type.uppercased() ? type.lowercased().replacingEvery("_", with: " ") : type
    }

    private static func readPerson(_ cursor: JSONCursor) -> ForeignPerson? {
        guard let person = cursor.object() else { return nil }
        if let role = JSONFields.text(person, "role"), !["speaker", "moderator", "host"].contains(role.lowercased()) { return nil }
        guard let name = JSONFields.text(person, "name") ?? JSONFields.text(person, "public_name") else {
            cursor.error("a person needs a name")
            return nil
        }
        let key = JSONFields.text(person, "guid") ?? JSONFields.text(person, "code").map { "code:" + $0 } ?? "name:" + name
        return ForeignPerson(key: key, name: name, biography: JSONFields.localized(person, "biography", nil),
                             links: person.list("links") { JSONFields.link($0) })
    }
}

import FoundationEssentials
import Glibc

/// Reads frab/pentabarf `schedule.xml`: `schedule > conference, day[@date] > room[@name] >
/// event[@guid @id]` with `date`, `start`, `duration`, `title`, `persons/person` and the rest as
/// child elements. Tolerates what FOSDEM, frab, pretalx and the 38C3 hub write: no guid (older
/// pentabarf), no `date` (the time then comes from the day and `start`), tracks declared on the
/// conference with colours, links and attachments with or without titles.
enum FrabXMLFormat {
    /// Reads the file as libxml2 goes through it: once the conference is read, each event is
    /// made a `ForeignEvent` when it closes and let go, so the document is never held whole (a
    /// 38C3 grown to 10,000 events held 95 MB as a tree for a 22 MB file). Once the venue's zone
    /// is settled (named, or read off the first event's offset) each event is made a session
    /// there and then, never held as an event beside the sessions. A file that starts a day
    /// before its conference is done is kept whole and read as before.
    /// With `textFile`, long descriptions are left in it until they are shown.
    static func read(head: consuming Data, source: @escaping XMLSource, file: String, fileBytes: Int? = nil, textFile: TextFile? = nil,
                     venueZone: Zone? = nil, sink: DiagnosticSink) throws(ScheduleLoadError) -> Conference? {
        var reading = Streamed(venueZone: venueZone, sink: sink, expecting: .atMost(inFileOf: fileBytes))
        let root = try XMLTree.read(head: consume head, source: source, file: file, textFile: textFile, watcher: &reading)
        guard var program = reading.program, reading.isStreaming else {
            guard var whole = read(root, venueZone: venueZone, sink: sink) else { return nil }
            return ForeignProgramBuilder.build(&whole, venueZone: venueZone, sink: sink)
        }
        finish(&program, root: root, sink: sink)
        return reading.sessions.conference(&program, sink: sink)
    }

    /// Reads a whole tree.
    static func read(_ root: XMLNode, venueZone: Zone? = nil, sink: DiagnosticSink) -> ForeignProgram? {
        guard var program = header(root, venueZone: venueZone, sink: sink) else { return nil }
        for day in root.children("day") {
            guard let date = readDay(day, program: &program, sink: sink)?.date else { continue }
            for room in day.children("room") {
                _ = readRoom(room, program: &program)
                for event in room.children("event") {
                    if let read = readEvent(event, day: date, program: &program, sink: sink) { program.events.append(read) }
                }
            }
        }
        finish(&program, root: root, sink: sink)
        return program
    }

    /// The streamed reading's state: the program once its conference is read, and the day being read.
    private struct Streamed: XMLTreeWatcher {
        let venueZone: Zone?
        let sink: DiagnosticSink
        var program: ForeignProgram?
        /// A day began before the conference was read: the whole tree is read at the end instead.
        var dayCameFirst = false
        var date: CivilDate?
        var sessions: ForeignProgramBuilder.AsRead

        init(venueZone: Zone?, sink: DiagnosticSink, expecting expected: ForeignProgramBuilder.ExpectedEvents) {
            self.venueZone = venueZone
            self.sink = sink
            sessions = ForeignProgramBuilder.AsRead(venueZone: venueZone, file: sink.file, expecting: expected)
        }

        var isStreaming: Bool { program != nil && !dayCameFirst }
        /// Descriptions left in the file (made clean text when shown); abstracts left there when
        /// plain text already as the reader takes them (trimmed, as a text left in the file is
        /// read back), else held made plain.
        func placement(ofTextOf name: String, _ text: String) -> LongTextPlacement? {
            switch name {
            case "description": .leftInFile
            case "abstract": RichText.placement(text.trimmed)
            default: nil
            }
        }

        mutating func opened(_ node: XMLNode) {
            guard let parent = node.parent else { return }
            switch node.name {
            case "day" where parent.parent == nil:
                guard isStreaming else { dayCameFirst = true; return }
                let day = FrabXMLFormat.readDay(node, program: &program!, sink: sink)
                date = day?.date
                if let day { sessions.addDay(day) }
            case "room" where isStreaming && date != nil && parent.name == "day" && parent.parent?.parent == nil:
                if let room = FrabXMLFormat.readRoom(node, program: &program!) { sessions.addRoom(room) }
            default:
                break
            }
        }

        mutating func closed(_ node: XMLNode) -> Bool {
            guard let parent = node.parent else { return false }
            switch node.name {
            case "conference" where parent.parent == nil && parent.name == "schedule" && program == nil && !dayCameFirst:
                program = FrabXMLFormat.header(parent, venueZone: venueZone, sink: sink)
                return false
            case "event" where isStreaming && parent.name == "room" && parent.parent?.name == "day" && parent.parent?.parent?.parent == nil:
                if let date, let read = FrabXMLFormat.readEvent(node, day: date, program: &program!, sink: sink) { sessions.add(read, to: &program!) }
                return true
            case "day" where isStreaming && parent.parent == nil:
                return true
            default:
                return false
            }
        }
    }

    private static func place(_ node: XMLNode) -> Diagnostic.Location {
        .element(node.path, line: node.line, column: node.column)
    }

    private static func error(_ node: XMLNode, _ message: String, _ sink: DiagnosticSink) {
        sink.report(place(node), message)
    }

    /// The program as the conference describes it, before any day: nil when there is none to read.
    private static func header(_ root: XMLNode, venueZone: Zone?, sink: DiagnosticSink) -> ForeignProgram? {
        guard root.name == "schedule" else {
            error(root, "expected a <schedule> element at the top, found <\(root.name)>", sink)
            return nil
        }
        guard let conference = root.child("conference") else {
            error(root, "missing <conference>", sink)
            return nil
        }
        var program = ForeignProgram(title: conference.childText("title") ?? "", venueZone: venueZone)
        if conference.childText("title") == nil { error(conference, "missing <title>", sink) }
        program.acronym = conference.childText("acronym")
        program.url = conference.childText("url") ?? conference.childText("base_url")
        if let change = conference.childText("day_change")?.split(separator: ":"), change.count >= 2,
           let hour = Int(change[0]), let minute = Int(change[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
            program.dayChangeMinutes = hour * 60 + minute
        }
        if let zoneName = conference.childText("time_zone_name") {
            program.timeZone = Zone(identifier: zoneName)
            if program.timeZone == nil {
                sink.report(place(conference.child("time_zone_name")!), "unknown time zone \"\(zoneName)\"; times keep the offsets they are written with", severity: .warning)
            }
        }
        program.tracks = conference.children("track").compactMap { track in
            guard let name = track.attribute("name") ?? (track.text.isEmpty ? nil : track.text) else { return nil }
            return ForeignTrack(name: name, slug: track.attribute("slug"), color: track.attribute("color"))
        }
        if let rooms = conference.child("rooms") {
            program.rooms = rooms.children("room").compactMap { room in
                (room.attribute("name") ?? room.childText("name")).map { ForeignRoom(name: $0, guid: room.attribute("guid")) }
            }
        }
        return program
    }

    /// What the whole document tells only at its end.
    private static func finish(_ program: inout ForeignProgram, root: XMLNode, sink: DiagnosticSink) {
        program.version = root.childText("version")
        program.settleZone(sink: sink)
    }

    /// A day, added to the program; nil (and told) when it has no date: its events are then not read.
    private static func readDay(_ day: XMLNode, program: inout ForeignProgram, sink: DiagnosticSink) -> ForeignDay? {
        guard let dateText = day.attribute("date"), let date = CivilDate(iso: dateText) else {
            error(day, "a <day> needs date=\"YYYY-MM-DD\", found \(day.attribute("date").map { "\"\($0)\"" } ?? "none")", sink)
            return nil
        }
        let read = ForeignDay(date: date, start: day.attribute("start").flatMap(ISOInstant.parse), end: day.attribute("end").flatMap(ISOInstant.parse))
        program.days.append(read)
        return read
    }

    /// The room a container names, added to the program's rooms the first time it is named.
    private static func readRoom(_ room: XMLNode, program: inout ForeignProgram) -> ForeignRoom? {
        guard let roomName = room.attribute("name") else { return nil }
        let read = ForeignRoom(name: roomName, guid: room.attribute("guid"))
        if !program.rooms.contains(where: { $0.name == roomName }) { program.rooms.append(read) }
        return read
    }

    private static func readEvent(_ event: XMLNode, day: CivilDate, program: inout ForeignProgram, sink: DiagnosticSink) -> ForeignEvent? {
        func error(_ node: XMLNode, _ message: String) { FrabXMLFormat.error(node, message, sink) }
        guard let title = event.childText("title") else {
            error(event, "an <event> needs a <title>")
            return nil
        }
        let id = event.attribute("id")
        if let id, Int(id) == nil { error(event, "id=\"\(id)\" is not a whole number") }
        var start: Date?
        if let dateNode = event.child("date"), !dateNode.text.trimmed.isEmpty {
            let text = dateNode.text.trimmed
            if let written = ISOInstant.parseWithOffset(text) {
                start = written.instant
                if program.observedOffset == nil { program.observedOffset = written.offset }
            } else {
                error(dateNode, "expected a date and time with an offset, e.g. 2024-12-27T10:30:00+01:00, found \"\(text)\"")
            }
        } else if let startNode = event.child("start") {
            let parts = startNode.text.trimmed.split(separator: ":")
            if parts.count >= 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
                let zone = program.wallClockZone()
                // pentabarf lists after-midnight talks under the day before, with the clock time past
                // 00:00: before the file's day change, the clock is the next calendar day's.
                let night = program.dayChangeMinutes.map { hour * 60 + minute < $0 } ?? false
                start = (night ? day.adding(days: 1) : day).at(hour: hour, minute: minute, in: zone)
            } else {
                error(startNode, "expected a time as HH:MM, found \"\(startNode.text)\"")
            }
        }
        var duration: Int?
        if let durationNode = event.child("duration"), !durationNode.text.trimmed.isEmpty {
            duration = JSONFields.durationSeconds(durationNode.text)
            if duration == nil { error(durationNode, "expected a duration as HH:MM, found \"\(durationNode.text)\"") }
        }
        var foreign = ForeignEvent(guid: event.attribute("guid"), fallbackKey: "\(program.acronym ?? "event")-\(id ?? event.path)",
                                   place: place(event), title: title)
        foreign.subtitle = event.childText("subtitle")
        foreign.typeName = event.childText("type")
        foreign.language = event.childText("language")
        foreign.track = event.childText("track")
        foreign.room = event.childText("room") ?? event.parent?.attribute("name")
        foreign.start = start
        foreign.end = start.flatMap { start in duration.map { start.addingTimeInterval(TimeInterval($0)) } }
        foreign.day = day
        if let plain = event.child("abstract")?.storedText { foreign.plainAbstract = plain } else { foreign.abstract = event.childText("abstract") }
        foreign.description = event.child("description")?.storedText ?? event.childText("description").map(LongText.init)
        foreign.url = event.childText("url")
        if let optout = event.child("recording")?.childText("optout") { foreign.recorded = optout.lowercased() != "true" }
        foreign.keywords = (event.child("tags")?.children("tag") ?? []).map(\.text) + (event.child("keywords")?.children("keyword") ?? []).map(\.text)
        foreign.persons = (event.child("persons")?.children("person") ?? []).compactMap { person in
            let name = person.text.trimmed
            guard !name.isEmpty else { return nil }
            let key = person.attribute("guid") ?? person.attribute("id").map { "id:\($0)" } ?? "name:" + name
            return ForeignPerson(key: key, name: name)
        }
        for container in ["links", "attachments"] {
            for link in event.child(container)?.children ?? [] {
                guard let href = link.attribute("href") else { continue }
                let text = link.text.trimmed
                if let read = ForeignProgram.link(url: href, title: text.isEmpty ? nil : text, type: link.attribute("type")) {
                    foreign.links.append(read)
                }
            }
        }
        return foreign
    }
}

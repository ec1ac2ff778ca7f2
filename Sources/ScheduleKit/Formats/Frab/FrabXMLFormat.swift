import Foundation

/// Reads frab/pentabarf `schedule.xml`: `schedule > conference, day[@date] > room[@name] >
/// event[@guid @id]` with `date`, `start`, `duration`, `title`, `persons/person` and the rest as
/// child elements. Tolerates what FOSDEM, frab, pretalx and the 38C3 hub write: no guid (older
/// pentabarf), no `date` (the time then comes from the day and `start`), tracks declared on the
/// conference with colours, links and attachments with or without titles.
enum FrabXMLFormat {
    static func read(_ root: XMLNode, data: Data, venueZone: TimeZone? = nil, sink: DiagnosticSink) -> ForeignProgram? {
        let lineStarts = XMLTree.lineStarts(data)
        func place(_ node: XMLNode) -> Diagnostic.Location {
            .element(node.path, line: node.line, column: XMLTree.column(of: node, in: data, lineStarts: lineStarts))
        }
        func error(_ node: XMLNode, _ message: String) { sink.report(place(node), message) }

        guard root.name == "schedule" else {
            error(root, "expected a <schedule> element at the top, found <\(root.name)>")
            return nil
        }
        guard let conference = root.child("conference") else {
            error(root, "missing <conference>")
            return nil
        }
        var program = ForeignProgram(title: conference.childText("title") ?? "", venueZone: venueZone)
        if conference.childText("title") == nil { error(conference, "missing <title>") }
        program.acronym = conference.childText("acronym")
        program.version = root.childText("version")
        program.url = conference.childText("url") ?? conference.childText("base_url")
        if let change = conference.childText("day_change")?.split(separator: ":"), change.count >= 2,
           let hour = Int(change[0]), let minute = Int(change[1]), (0..<24).contains(hour), (0..<60).contains(minute) {
            program.dayChangeMinutes = hour * 60 + minute
        }
        if let zoneName = conference.childText("time_zone_name") {
            program.timeZone = TimeZone(identifier: zoneName)
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

        for day in root.children("day") {
            guard let dateText = day.attribute("date"), let date = CivilDate(iso: dateText) else {
                error(day, "a <day> needs date=\"YYYY-MM-DD\", found \(day.attribute("date").map { "\"\($0)\"" } ?? "none")")
                continue
            }
            program.days.append(ForeignDay(date: date, start: day.attribute("start").flatMap(ISOInstant.parse),
                                           end: day.attribute("end").flatMap(ISOInstant.parse)))
            for room in day.children("room") {
                let roomName = room.attribute("name")
                if let roomName, !program.rooms.contains(where: { $0.name == roomName }) {
                    program.rooms.append(ForeignRoom(name: roomName, guid: room.attribute("guid")))
                }
                for event in room.children("event") {
                    if let read = readEvent(event, day: date, roomName: roomName, program: &program, place: place, error: error) {
                        program.events.append(read)
                    }
                }
            }
        }
        program.settleZone(sink: sink)
        return program
    }

    private static func readEvent(_ event: XMLNode, day: CivilDate, roomName: String?, program: inout ForeignProgram,
                                  place: (XMLNode) -> Diagnostic.Location, error: (XMLNode, String) -> Void) -> ForeignEvent? {
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
        foreign.room = event.childText("room") ?? roomName
        foreign.start = start
        foreign.end = start.flatMap { start in duration.map { start.addingTimeInterval(TimeInterval($0)) } }
        foreign.day = day
        foreign.abstract = event.childText("abstract")
        foreign.description = event.childText("description")
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

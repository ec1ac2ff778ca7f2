import Foundation

/// Reads a conference published as iCalendar (Sched, Indico, pretix, a conference's own site):
/// each VEVENT a session. What the format does not say, Hallway does not invent: the venue's zone
/// is unknown unless the file names one (then times show in the reader's zone and `--venue-tz`
/// sets it), and speakers read out of titles are marked as inferred.
enum ICalendarFormat {
    /// How a session's key is made (stars are kept under it): the UID when the file uses it once;
    /// the UID with the start and title when the file repeats it (real feeds do); the UID with the
    /// occurrence's start for each occurrence of a repeating event. A re-download gives the same
    /// keys unless a repeated-UID session's time or title changed.
    static func key(uid: String, start: Date?, title: String, uidIsUnique: Bool) -> String {
        let base = hallwayExportKey(uid) ?? uid
        guard !uidIsUnique else { return base }
        return "\(base)|\(start.map(ICalendarExport.utc) ?? "undated")|\(title)"
    }

    /// Hallway's own exports write `<session key>@<conference>.hallway`; reading one back keeps the key.
    static func hallwayExportKey(_ uid: String) -> String? {
        guard uid.hasSuffix(".hallway"), let at = uid.lastIndex(of: "@") else { return nil }
        return String(uid[..<at])
    }

    /// An event's lines that Hallway reads, in file order: a list, not a dictionary of lists, since
    /// an event has a dozen lines and 92,000 events' dictionaries cost 2 KB each.
    private struct RawEvent {
        var line: Int
        var properties: [ContentLine] = []
        func first(_ name: String) -> ContentLine? { properties.first { $0.name == name } }
        func all(_ name: String) -> [ContentLine] { properties.filter { $0.name == name } }
    }

    /// The properties of an event that Hallway reads; the rest (DTSTAMP, SEQUENCE, X-…) are not
    /// kept, so a feed's events cost what is shown of them.
    static let eventProperties: Set<String> = [
        "DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "UID", "STATUS", "SUMMARY", "LOCATION", "CATEGORIES", "DESCRIPTION", "URL",
        "ORGANIZER", "ATTENDEE",
    ]

    static func read(_ data: Data, name: String, venueZone override: TimeZone?, sink: DiagnosticSink) -> ForeignProgram? {
        guard var calendar = collect(data, sink: sink) else { return nil }
        let title = calendar.properties["X-WR-CALNAME"]?.text ?? calendar.properties["X-WR-CALDESC"]?.text ?? fileTitle(name)
        var program = ForeignProgram(title: title)
        program.url = calendar.properties["URL"]?.text
        let zone = settleZone(of: &program, calendar, override: override, sink: sink)
        // Each step lets go of what the next no longer needs, so the raw lines of a large feed
        // are not held beside the program made of them (a 33 MB feed peaked at 6.6 times its size).
        var timed = timedEvents(calendar, zone: zone, sink: sink)
        calendar.events = []
        var occurrences = expandRepeats(timed, calendar, zone: zone, sink: sink)
        timed = []
        appendEvents(consuming: &occurrences, to: &program)
        inferPrefixedSpeakers(in: &program)
        return program
    }

    /// What the content lines say, before any of it is read as a program.
    private struct RawCalendar {
        var properties: [String: ContentLine] = [:]
        var events: [RawEvent] = []
        var vtimezoneOffsets: [String: Int] = [:]
        var zoneHint: (zone: TimeZone, line: Int)?
    }

    /// An event with its first occurrence placed in time.
    private struct Timed {
        var event: RawEvent
        var start: Date?
        var end: Date?
        var day: CivilDate?
        var allDay: Bool
    }

    /// The components of the file, line by line: the calendar's properties, its events (only
    /// the properties Hallway reads) and its VTIMEZONEs' offsets; nil when it is no calendar.
    private static func collect(_ data: Data, sink: DiagnosticSink) -> RawCalendar? {
        var calendar = RawCalendar()
        var stack: [String] = []
        var event: RawEvent?
        var timezoneID: String?

        var refused = false
        ContentLines.forEach(in: data, sink: sink) { line in
            guard !refused else { return }
            switch line.name {
            case "BEGIN":
                let component = line.value.trimmed.uppercased()
                if stack.isEmpty, component != "VCALENDAR" {
                    sink.report(.position(line: line.line, column: 1), "expected BEGIN:VCALENDAR first, found BEGIN:\(component)")
                    refused = true
                    return
                }
                stack.append(component)
                if component == "VEVENT", stack.count == 2 { event = RawEvent(line: line.line) }
                if component == "VTIMEZONE" { timezoneID = nil }
            case "END":
                let component = line.value.trimmed.uppercased()
                guard stack.last == component else {
                    sink.report(.position(line: line.line, column: 1), "END:\(component) does not close \(stack.last.map { "BEGIN:\($0)" } ?? "anything")", severity: .warning)
                    return
                }
                stack.removeLast()
                if component == "VEVENT", stack.count == 1, let finished = event {
                    calendar.events.append(finished)
                    event = nil
                }
            default:
                switch stack.last {
                case "VEVENT" where stack.count == 2:
                    if eventProperties.contains(line.name) { event?.properties.append(line) }
                case "VTIMEZONE":
                    if line.name == "TZID" { timezoneID = line.value.trimmed }
                case "STANDARD", "DAYLIGHT":
                    // The first offset given stands for the zone when its name is not an IANA one.
                    if line.name == "TZOFFSETTO", let id = timezoneID, calendar.vtimezoneOffsets[id] == nil, let offset = ICalendarTime.offset(line.value) {
                        calendar.vtimezoneOffsets[id] = offset
                    }
                case "VCALENDAR":
                    if ["VTIMEZONE", "VEVENT", "VALARM", "VTODO", "VCALENDAR"].contains(line.name) {
                        // "VTIMEZONE: Europe/Rome": a component written as a property.
                        var message = "\(line.name) is a component (BEGIN:\(line.name) … END:\(line.name)), not a property"
                        if line.name == "VTIMEZONE", let zone = line.text.flatMap(TimeZone.init(identifier:)) {
                            calendar.zoneHint = (zone, line.line)
                            message += "; \(zone.identifier) is taken as the venue's zone unless the file names another"
                        }
                        sink.report(.position(line: line.line, column: 1), message, severity: .warning)
                    } else if calendar.properties[line.name] == nil {
                        calendar.properties[line.name] = line
                    }
                default:
                    break
                }
            }
        }
        if refused { return nil }
        if !stack.isEmpty {
            sink.report(.file, "the file ends inside BEGIN:\(stack.last!) (no END:\(stack.last!)); what came before is read", severity: .warning)
            if let event { calendar.events.append(event) }
        }
        return calendar
    }

    /// The venue's zone: as given on the command line, else as the file names it, else unknown
    /// (then the reader's, and said so).
    private static func settleZone(of program: inout ForeignProgram, _ calendar: RawCalendar, override: TimeZone?, sink: DiagnosticSink) -> TimeZone {
        let namedZone = calendar.properties["X-WR-TIMEZONE"]?.text.flatMap { ICalendarTime.zone(named: $0, vtimezones: calendar.vtimezoneOffsets) }
        let tzidZone = calendar.events.lazy.compactMap { $0.first("DTSTART")?.parameter("TZID") }
            .compactMap { ICalendarTime.zone(named: $0, vtimezones: calendar.vtimezoneOffsets) }.first
        let venue = override ?? namedZone ?? tzidZone ?? calendar.zoneHint?.zone
        program.timeZone = venue ?? TimeZone.current
        program.timeZoneIsKnown = venue != nil
        if venue == nil {
            sink.report(.file, "the file does not say where the venue is (its times are UTC or floating); times are shown in your zone, \(TimeZone.current.displayName), until --venue-tz Area/City names the venue's", severity: .warning)
        }
        return program.timeZone!
    }

    private static func place(_ value: ICalendarTime.Value?, _ line: ContentLine?, zone: TimeZone, calendar: RawCalendar,
                              sink: DiagnosticSink) -> (start: Date?, day: CivilDate?, allDay: Bool) {
        switch value {
        case .instant(let date)?: return (date, nil, false)
        case .date(let day)?: return (nil, day, true)
        case .local(let day, let hour, let minute, let second, let zoneName)?:
            var localZone = zone
            if let zoneName {
                if let named = ICalendarTime.zone(named: zoneName, vtimezones: calendar.vtimezoneOffsets) {
                    localZone = named
                } else if let line {
                    sink.report(.position(line: line.line, column: 1), "unknown time zone \"\(zoneName)\"; the time is read in the venue's zone", severity: .warning)
                }
            }
            return (day.at(hour: hour, minute: minute, second: second, in: localZone), nil, false)
        case nil: return (nil, nil, false)
        }
    }

    /// First pass: each event's first occurrence placed in time, with what does not read said.
    private static func timedEvents(_ calendar: RawCalendar, zone: TimeZone, sink: DiagnosticSink) -> [Timed] {
        var timed: [Timed] = []
        for event in calendar.events {
            let startLine = event.first("DTSTART")
            let startValue = startLine.flatMap(ICalendarTime.parse)
            if startLine == nil {
                sink.report(.position(line: event.line, column: 1), "an event with no DTSTART; it is listed with no time", severity: .warning)
            } else if startValue == nil {
                sink.report(.position(line: startLine!.line, column: 1), "DTSTART \"\(startLine!.value)\" is not a date or date-time; the event is listed with no time", severity: .warning)
            }
            let (start, day, allDay) = place(startValue, startLine, zone: zone, calendar: calendar, sink: sink)
            var end: Date?
            if let endLine = event.first("DTEND") {
                if let endValue = ICalendarTime.parse(endLine) {
                    end = place(endValue, endLine, zone: zone, calendar: calendar, sink: sink).start
                } else {
                    sink.report(.position(line: endLine.line, column: 1), "DTEND \"\(endLine.value)\" is not a date-time; it is ignored", severity: .warning)
                }
            } else if let durationLine = event.first("DURATION"), let start {
                if let seconds = ICalendarTime.duration(durationLine.value) {
                    end = start.addingTimeInterval(TimeInterval(seconds))
                } else {
                    sink.report(.position(line: durationLine.line, column: 1), "DURATION \"\(durationLine.value)\" is not a duration such as PT45M; it is ignored", severity: .warning)
                }
            }
            timed.append(Timed(event: event, start: start, end: allDay ? nil : end, day: day, allDay: allDay))
        }
        return timed
    }

    /// Repeating events as their occurrences on the conference's days, which the single events
    /// tell (never dropped: one that meets none keeps its first).
    private static func expandRepeats(_ timed: [Timed], _ calendar: RawCalendar, zone: TimeZone, sink: DiagnosticSink) -> [Timed] {
        let singleDays = timed.filter { $0.event.first("RRULE") == nil }.compactMap { $0.day ?? $0.start.map { CivilDate($0, in: zone) } }
        let span = singleDays.min().flatMap { first in singleDays.max().map { first...$0 } }

        var expanded: [Timed] = []
        for item in timed {
            guard let ruleLine = item.event.first("RRULE"), let start = item.start else {
                expanded.append(item)
                continue
            }
            guard let rule = RepeatRule(ruleLine.value) else {
                sink.report(.position(line: ruleLine.line, column: 1), "the repeat rule \"\(ruleLine.value)\" is not expanded (Hallway expands DAILY and WEEKLY with INTERVAL, COUNT, UNTIL); only the first occurrence is shown", severity: .warning)
                expanded.append(item)
                continue
            }
            let excluded = Set(item.event.all("EXDATE").flatMap { line in
                line.value.split(separator: ",").compactMap { value -> Date? in
                    let single = ContentLine(name: "EXDATE", parameters: line.parameters, value: String(value), line: line.line)
                    return place(ICalendarTime.parse(single), single, zone: zone, calendar: calendar, sink: sink).start
                }
            })
            let length = item.end.map { $0.timeIntervalSince(start) }
            var occurrences = rule.occurrences(from: start, in: zone, allowedDays: span).filter { !excluded.contains($0) }
            if occurrences.isEmpty, let span {
                // Never dropped: a repeating event none of whose occurrences meets the conference's days.
                sink.report(.position(line: ruleLine.line, column: 1),
                            "the event repeats from \(CivilDate(start, in: zone)) but no occurrence falls on the conference's days (\(span.lowerBound) to \(span.upperBound)); only its first occurrence is shown",
                            severity: .warning)
                occurrences = [start]
            }
            for occurrence in occurrences {
                var copy = item
                copy.start = occurrence
                copy.end = length.map { occurrence.addingTimeInterval($0) }
                expanded.append(copy)
            }
        }
        return expanded
    }

    /// Each occurrence as an event of the program, keyed so stars survive a re-download. Each
    /// occurrence's raw lines are let go once its event is made.
    private static func appendEvents(consuming expanded: inout [Timed], to program: inout ForeignProgram) {
        var uidCounts: [String: Int] = [:]
        for item in expanded { if let uid = item.event.first("UID")?.text { uidCounts[uid, default: 0] += 1 } }

        var roomsSeen = Set<String>()
        program.events.reserveCapacity(program.events.count + expanded.count)
        for position in expanded.indices {
            let item = expanded[position]
            expanded[position].event = RawEvent(line: item.event.line)
            let event = item.event
            // A room in the order events name it, with the page RFC 5545 lets LOCATION point to
            // (`LOCATION;ALTREP="https://…":Room`), which venue maps fill in.
            if let location = event.first("LOCATION"), let name = location.text, roomsSeen.insert(name).inserted {
                let page = location.parameter("ALTREP").flatMap { ForeignProgram.link(url: $0, title: nil, type: nil)?.url }
                program.rooms.append(ForeignRoom(name: name, url: page))
            }
            let rawTitle = event.first("SUMMARY")?.text ?? ""
            var foreign = ForeignEvent(guid: nil, fallbackKey: "", place: .position(line: event.line, column: 1), title: rawTitle)
            let uid = event.first("UID")?.text ?? "line-\(event.line)"
            let repeats = event.first("RRULE") != nil
            foreign.fallbackKey = repeats
                ? "\(hallwayExportKey(uid) ?? uid)|\(item.start.map(ICalendarExport.utc) ?? "undated")"
                : key(uid: uid, start: item.start, title: rawTitle, uidIsUnique: uidCounts[uid] == 1)
            foreign.start = item.start
            foreign.end = item.end
            foreign.day = item.day
            foreign.allDay = item.allDay
            foreign.room = event.first("LOCATION")?.text
            let categories = event.all("CATEGORIES").flatMap(\.list)
            foreign.track = categories.first
            foreign.keywords = Array(categories.dropFirst())
            foreign.abstract = event.first("DESCRIPTION")?.text
            foreign.url = event.first("URL")?.text
            foreign.cancelled = event.first("STATUS")?.text?.trimmed.uppercased() == "CANCELLED"
            foreign.persons = (event.all("ORGANIZER") + event.all("ATTENDEE")).compactMap(person)
            if foreign.persons.isEmpty, let (title, names) = TitleSpeakers.parenthetical(rawTitle) {
                foreign.title = title
                foreign.persons = names.map { ForeignPerson(key: "name:" + $0, name: $0) }
                foreign.speakersInferred = true
            }
            program.events.append(foreign)
        }
    }

    /// "Name: Title" is read only when Name is a speaker the file names elsewhere: on its own
    /// the pattern is as often "Keynote: …" or "Workshop: …".
    private static func inferPrefixedSpeakers(in program: inout ForeignProgram) {
        let knownNames = Set(program.events.flatMap { $0.persons.map(\.name) })
        for index in program.events.indices where program.events[index].persons.isEmpty {
            if let (title, name) = TitleSpeakers.prefixed(program.events[index].title, knownNames: knownNames) {
                program.events[index].title = title
                program.events[index].persons = [ForeignPerson(key: "name:" + name, name: name)]
                program.events[index].speakersInferred = true
            }
        }
    }

    /// A speaker from `ORGANIZER;CN=…` or `ATTENDEE;CN=…`; the address keys them when it is one of
    /// Hallway's own (`urn:x-hallway:speaker:ID`) or a UUID, else the name does.
    private static func person(_ line: ContentLine) -> ForeignPerson? {
        guard let name = line.parameter("CN").map(ContentLine.unescape)?.trimmedOrNil else { return nil }
        let address = line.value.trimmed
        let key: String
        if address.lowercased().hasPrefix(ICalendarExport.speakerAddressPrefix) {
            key = String(address.dropFirst(ICalendarExport.speakerAddressPrefix.count)).removingPercentEncoding ?? address
        } else if address.lowercased().hasPrefix("urn:uuid:") {
            key = String(address.dropFirst(9))
        } else {
            key = "name:" + name
        }
        return ForeignPerson(key: key, name: name)
    }

    /// "pyconuk-2015" from ".../pyconuk-2015.ics": the conference's name when the file gives none.
    static func fileTitle(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        let stem = last.lowercased().hasSuffix(".ics") ? String(last.dropLast(4)) : last
        return stem.isEmpty ? "Calendar" : stem
    }
}

/// Speakers written into titles, as iCalendar-only feeds do.
enum TitleSpeakers {
    static let roles = ["talk", "workshop", "demo", "keynote", "tutorial", "presentation", "panel", "lightning talk", "session"]

    /// "Python's Infamous GIL (talk by Larry Hastings)" → the title and ["Larry Hastings"];
    /// "… (talk by Babak Khataee and Dan Milburn)" → two speakers; an affiliation after a comma is left out.
    static func parenthetical(_ title: String) -> (String, [String])? {
        guard title.hasSuffix(")"), let open = title.range(of: " (", options: .backwards) else { return nil }
        let inside = title[open.upperBound..<title.index(before: title.endIndex)]
        let lowered = inside.lowercased()
        guard let role = roles.first(where: { lowered.hasPrefix($0 + " by ") }) else { return nil }
        let names = inside.dropFirst(role.count + 4)
            .replacingOccurrences(of: " and ", with: " & ")
            .components(separatedBy: " & ")
            .compactMap { $0.split(separator: ",").first.map(String.init)?.trimmedOrNil }
        let bare = String(title[..<open.lowerBound]).trimmed
        guard !names.isEmpty, !bare.isEmpty else { return nil }
        return (bare, names)
    }

    /// "Ada Lovelace: Notes on the Engine" → the title and "Ada Lovelace", when that name is known.
    static func prefixed(_ title: String, knownNames: Set<String>) -> (String, String)? {
        guard let colon = title.range(of: ": ") else { return nil }
        let name = String(title[..<colon.lowerBound]).trimmed
        let rest = String(title[colon.upperBound...]).trimmed
        guard knownNames.contains(name), !rest.isEmpty else { return nil }
        return (rest, name)
    }
}

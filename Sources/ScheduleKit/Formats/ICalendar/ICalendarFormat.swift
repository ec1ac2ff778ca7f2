import FoundationEssentials
import Glibc

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
        // Indexed, so only the line found is copied, not each line looked at.
        func first(_ name: ContentName) -> ContentLine? {
            for index in properties.indices where properties[index].known == name { return properties[index] }
            return nil
        }

        func all(_ name: ContentName) -> [ContentLine] {
            var lines: [ContentLine] = []
            for index in properties.indices where properties[index].known == name { lines.append(properties[index]) }
            return lines
        }
    }

    /// The properties of an event that Hallway reads; the rest (DTSTAMP, SEQUENCE, X-…) are not
    /// kept, so a feed's events cost what is shown of them.
    static let eventProperties = ContentName.Set([
        .dtstart, .dtend, .duration, .rrule, .exdate, .uid, .status, .summary, .location, .categories, .description, .url,
        .organizer, .attendee,
    ])

    /// A file's bytes handed to a reader a piece at a time, from the start, as often as asked.
    typealias Pieces = ((UnsafeRawBufferPointer) -> Void) throws(ScheduleLoadError) -> Void

    /// Reads the calendar in two passes over its bytes, holding one event's lines at a time:
    /// the first learns what keys and times depend on (the venue's zone, which UIDs repeat, the
    /// conference's days, the speakers named anywhere), the second makes each event a session as
    /// soon as it ends. Holding the file, its lines and its events at once, a 33 MB feed peaked
    /// at 5.9 times its size (docs/PERFORMANCE.md).
    /// `textFile`: the file the pieces are, from its first byte, where plain descriptions are
    /// left until shown (`LongText`); nil reads them into memory.
    static func read(pieces: Pieces, name: String, textFile: TextFile? = nil, venueZone override: Zone?,
                     sink: DiagnosticSink) throws(ScheduleLoadError) -> Conference? {
        var survey = Survey()
        var calendar = RawCalendar()
        // What is wrong in the file is told by the second pass, where it is met.
        guard try walk(pieces, into: &calendar, sink: DiagnosticSink(file: name), wanted: Survey.lines, checkingOthers: false,
                       event: { survey.add($0) }) else {
            var ignored = RawCalendar()
            _ = try walk(pieces, into: &ignored, sink: sink, wanted: nil) { _ in }
            return nil
        }
        let title = calendar.properties["X-WR-CALNAME"]?.text ?? calendar.properties["X-WR-CALDESC"]?.text ?? fileTitle(name)
        var program = ForeignProgram(title: title)
        program.url = calendar.properties["URL"]?.text
        let zone = settleZone(of: &program, calendar, dtstartZones: survey.dtstartZones, override: override, sink: sink)
        let span = survey.hasRepeats ? survey.singleDays(in: zone, vtimezones: calendar.vtimezoneOffsets) : nil
        let repeatedUIDs = survey.repeatedUIDs
        let knownNames = survey.names
        var building = ForeignProgramBuilder.Building(program, sink: sink)
        // Sized once: doubling as it grows held the old sessions beside the new.
        building.reserveCapacity(.exactly(survey.events))
        survey = Survey()
        var again = RawCalendar()
        _ = try walk(pieces, into: &again, sink: sink, wanted: eventLines) { event in
            let timed = timedEvent(event, calendar, zone: zone, sink: sink)
            // A room in the order events name it, with the page RFC 5545 lets LOCATION point to
            // (`LOCATION;ALTREP="https://…":Room`), which venue maps fill in.
            let location = event.first(.location)
            let room = location?.text.flatMap { name in
                building.roomPlace(naming: name) {
                    ForeignRoom(name: name, url: location?.parameter("ALTREP").flatMap { ForeignProgram.link(url: $0, title: nil, type: nil)?.url })
                }
            }
            for occurrence in expandRepeats(timed, calendar, zone: zone, span: span, sink: sink) {
                building.add(foreignEvent(occurrence, uidIsUnique: { !repeatedUIDs.contains($0) }, knownNames: knownNames, textFile: textFile),
                             inRoom: room)
            }
        }
        return building.conference()
    }

    /// The lines the second pass reads: the components, the components written as properties
    /// (which are told), and what an event shows.
    private static let eventLines = components.union(eventProperties)
    /// BEGIN and END, and the components a file may write as properties by mistake (which are told).
    static let components = ContentName.Set([.begin, .end, .vtimezone, .vevent, .valarm, .vtodo, .vcalendar])

    /// What the first pass learns of the events.
    private struct Survey {
        /// The lines it reads; the rest (most of a feed: descriptions, places, ends) are only checked.
        static let lines = components.union(ContentName.Set([.uid, .dtstart, .rrule, .organizer, .attendee, .summary, .tzid, .tzoffsetto,
                                                             .xWRCalname, .xWRCaldesc, .xWRTimezone, .url]))

        private var seenUIDs = Set<String>()
        private(set) var repeatedUIDs = Set<String>()
        /// The zones events' starts name, in the order first named.
        private(set) var dtstartZones: [String] = []
        private(set) var hasRepeats = false
        private(set) var events = 0
        /// Every speaker's name, given or read from a title ("… (talk by Name)").
        private(set) var names = Set<String>()
        /// The earliest and latest start of the events that do not repeat, by how each is written.
        private var instants: ClosedRange<Date>?
        private var dates: ClosedRange<CivilDate>?
        private var localTimes: [String: (first: LocalTime, last: LocalTime)] = [:]

        struct LocalTime: Comparable {
            var day: CivilDate, hour: Int, minute: Int, second: Int
            static func < (a: LocalTime, b: LocalTime) -> Bool {
                (a.day, a.hour, a.minute, a.second) < (b.day, b.hour, b.minute, b.second)
            }
        }

        mutating func add(_ event: RawEvent) {
            events += 1
            if let uid = event.first(.uid)?.text, !seenUIDs.insert(uid).inserted { repeatedUIDs.insert(uid) }
            let start = event.first(.dtstart)
            if let zoneName = start?.parameter("TZID"), !dtstartZones.contains(zoneName) { dtstartZones.append(zoneName) }
            var persons = (event.all(.organizer) + event.all(.attendee)).compactMap(person).map(\.name)
            if persons.isEmpty, let title = event.first(.summary)?.text, let (_, inferred) = TitleSpeakers.parenthetical(title) { persons = inferred }
            names.formUnion(persons)
            guard event.first(.rrule) == nil else {
                hasRepeats = true
                return
            }
            switch start.flatMap(ICalendarTime.parse) {
            case .instant(let date)?: instants = instants.map { min($0.lowerBound, date)...max($0.upperBound, date) } ?? date...date
            case .date(let day)?: dates = dates.map { min($0.lowerBound, day)...max($0.upperBound, day) } ?? day...day
            case .local(let day, let hour, let minute, let second, let zoneName)?:
                let time = LocalTime(day: day, hour: hour, minute: minute, second: second)
                let known = localTimes[zoneName ?? ""]
                localTimes[zoneName ?? ""] = (min(known?.first ?? time, time), max(known?.last ?? time, time))
            case nil: break
            }
        }

        /// The conference's days: from the first to the last day an event that does not repeat is on.
        func singleDays(in zone: Zone, vtimezones: [String: Int]) -> ClosedRange<CivilDate>? {
            var days: [CivilDate] = []
            if let instants { days += [CivilDate(instants.lowerBound, in: zone), CivilDate(instants.upperBound, in: zone)] }
            if let dates { days += [dates.lowerBound, dates.upperBound] }
            for (zoneName, extremes) in localTimes {
                let local = zoneName.isEmpty ? zone : ICalendarTime.zone(named: zoneName, vtimezones: vtimezones) ?? zone
                for time in [extremes.first, extremes.last] {
                    days.append(CivilDate(time.day.at(hour: time.hour, minute: time.minute, second: time.second, in: local), in: zone))
                }
            }
            return days.min().flatMap { first in days.max().map { first...$0 } }
        }
    }

    /// What the content lines say, besides the events.
    private struct RawCalendar {
        var properties: [String: ContentLine] = [:]
        var vtimezoneOffsets: [String: Int] = [:]
        var zoneHint: (zone: Zone, line: Int)?
    }

    /// An event with its first occurrence placed in time.
    private struct Timed {
        var event: RawEvent
        var start: Date?
        var end: Date?
        var day: CivilDate?
        var allDay: Bool
    }

    /// The components of the file, line by line: the calendar's properties and its VTIMEZONEs'
    /// offsets into `calendar`, and each event (only the properties Hallway reads) to `event` as
    /// it ends; false when it is no calendar.
    private static func walk(_ pieces: Pieces, into calendar: inout RawCalendar, sink: DiagnosticSink, wanted: ContentName.Set?,
                             checkingOthers: Bool = true, event: (RawEvent) -> Void) throws(ScheduleLoadError) -> Bool {
        try withoutActuallyEscaping(event) { handle throws(ScheduleLoadError) in
            var walk = Walk(calendar: calendar, sink: sink, handle: handle)
            var unfolding = ContentLines.Unfolding(wanted: wanted, checkingOthers: checkingOthers)
            try pieces { piece in unfolding.feed(piece, sink: sink) { walk.take($0) } }
            unfolding.finish(sink: sink) { walk.take($0) }
            calendar = walk.calendar
            return walk.finish()
        }
    }

    /// A pass through the file's components, a line at a time.
    private struct Walk {
        var calendar: RawCalendar
        let sink: DiagnosticSink
        let handle: (RawEvent) -> Void
        /// The components open, the innermost last.
        private var stack: [Component] = []
        private var event: RawEvent?
        private var timezoneID: String?
        private var refused = false

        init(calendar: RawCalendar, sink: DiagnosticSink, handle: @escaping (RawEvent) -> Void) {
            self.calendar = calendar
            self.sink = sink
            self.handle = handle
        }

        /// A component as BEGIN or END names it: one Hallway reads, or another by its spelling.
        struct Component: Equatable {
            var name: ContentName
            var spelling: String

            init(_ value: String) {
                var value = value
                let named = value.withUTF8 { bytes in
                    var start = 0, end = bytes.count
                    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                    return ContentName.named(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                }
                if named != .other {
                    (name, spelling) = (named, named.spelling)
                } else {
                    spelling = value.trimmed.uppercased()
                    name = ContentName.named(spelling)
                }
            }
        }

        mutating func take(_ line: ContentLine) {
            guard !refused else { return }
            switch line.known {
            case .begin:
                let component = Component(line.value)
                if stack.isEmpty, component.name != .vcalendar {
                    sink.report(.position(line: line.line, column: 1), "expected BEGIN:VCALENDAR first, found BEGIN:\(component.spelling)")
                    refused = true
                    return
                }
                stack.append(component)
                if component.name == .vevent, stack.count == 2 {
                    event = RawEvent(line: line.line)
                    event?.properties.reserveCapacity(12)
                }
                if component.name == .vtimezone { timezoneID = nil }
            case .end:
                let component = Component(line.value)
                guard stack.last == component else {
                    sink.report(.position(line: line.line, column: 1), "END:\(component.spelling) does not close \(stack.last.map { "BEGIN:\($0.spelling)" } ?? "anything")", severity: .warning)
                    return
                }
                stack.removeLast()
                if component.name == .vevent, stack.count == 1, let finished = event {
                    event = nil
                    handle(finished)
                }
            default:
                switch stack.last?.name {
                case .vevent? where stack.count == 2:
                    if eventProperties.contains(line.known) { event?.properties.append(line) }
                case .vtimezone?:
                    if line.known == .tzid { timezoneID = line.value.trimmed }
                case .standard?, .daylight?:
                    // The first offset given stands for the zone when its name is not an IANA one.
                    if line.known == .tzoffsetto, let id = timezoneID, calendar.vtimezoneOffsets[id] == nil, let offset = ICalendarTime.offset(line.value) {
                        calendar.vtimezoneOffsets[id] = offset
                    }
                case .vcalendar?:
                    if [.vtimezone, .vevent, .valarm, .vtodo, .vcalendar].contains(line.known) {
                        // "VTIMEZONE: Europe/Rome": a component written as a property.
                        var message = "\(line.name) is a component (BEGIN:\(line.name) … END:\(line.name)), not a property"
                        if line.known == .vtimezone, let zone = line.text.flatMap(Zone.init(identifier:)) {
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

        /// False when the file is no calendar; an event the file ends inside is handed on.
        func finish() -> Bool {
            if refused { return false }
            if let open = stack.last {
                sink.report(.file, "the file ends inside BEGIN:\(open.spelling) (no END:\(open.spelling)); what came before is read", severity: .warning)
                if let event { handle(event) }
            }
            return true
        }
    }

    /// The venue's zone: as given on the command line, else as the file names it, else unknown
    /// (then the reader's, and said so).
    private static func settleZone(of program: inout ForeignProgram, _ calendar: RawCalendar, dtstartZones: [String], override: Zone?,
                                   sink: DiagnosticSink) -> Zone {
        let namedZone = calendar.properties["X-WR-TIMEZONE"]?.text.flatMap { ICalendarTime.zone(named: $0, vtimezones: calendar.vtimezoneOffsets) }
        let tzidZone = dtstartZones.lazy.compactMap { ICalendarTime.zone(named: $0, vtimezones: calendar.vtimezoneOffsets) }.first
        let venue = override ?? namedZone ?? tzidZone ?? calendar.zoneHint?.zone
        program.timeZone = venue ?? Zone.current
        program.timeZoneIsKnown = venue != nil
        if venue == nil {
            sink.report(.file, "the file does not say where the venue is (its times are UTC or floating); times are shown in your zone, \(Zone.current.displayName), until --venue-tz Area/City names the venue's", severity: .warning)
        }
        return program.timeZone!
    }

    private static func place(_ value: ICalendarTime.Value?, _ line: ContentLine?, zone: Zone, calendar: RawCalendar,
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

    /// An event's first occurrence placed in time, with what does not read said.
    private static func timedEvent(_ event: RawEvent, _ calendar: RawCalendar, zone: Zone, sink: DiagnosticSink) -> Timed {
        let startLine = event.first(.dtstart)
        let startValue = startLine.flatMap(ICalendarTime.parse)
        if startLine == nil {
            sink.report(.position(line: event.line, column: 1), "an event with no DTSTART; it is listed with no time", severity: .warning)
        } else if startValue == nil {
            sink.report(.position(line: startLine!.line, column: 1), "DTSTART \"\(startLine!.value)\" is not a date or date-time; the event is listed with no time", severity: .warning)
        }
        let (start, day, allDay) = place(startValue, startLine, zone: zone, calendar: calendar, sink: sink)
        var end: Date?
        if let endLine = event.first(.dtend) {
            if let endValue = ICalendarTime.parse(endLine) {
                end = place(endValue, endLine, zone: zone, calendar: calendar, sink: sink).start
            } else {
                sink.report(.position(line: endLine.line, column: 1), "DTEND \"\(endLine.value)\" is not a date-time; it is ignored", severity: .warning)
            }
        } else if let durationLine = event.first(.duration), let start {
            if let seconds = ICalendarTime.duration(durationLine.value) {
                end = start.addingTimeInterval(TimeInterval(seconds))
            } else {
                sink.report(.position(line: durationLine.line, column: 1), "DURATION \"\(durationLine.value)\" is not a duration such as PT45M; it is ignored", severity: .warning)
            }
        }
        return Timed(event: event, start: start, end: allDay ? nil : end, day: day, allDay: allDay)
    }

    /// A repeating event as its occurrences on the conference's days (`span`, which the single
    /// events tell); never dropped: one that meets none keeps its first.
    private static func expandRepeats(_ item: Timed, _ calendar: RawCalendar, zone: Zone, span: ClosedRange<CivilDate>?,
                                      sink: DiagnosticSink) -> [Timed] {
        guard let ruleLine = item.event.first(.rrule), let start = item.start else { return [item] }
        guard let rule = RepeatRule(ruleLine.value) else {
            sink.report(.position(line: ruleLine.line, column: 1), "the repeat rule \"\(ruleLine.value)\" is not expanded (Hallway expands DAILY and WEEKLY with INTERVAL, COUNT, UNTIL); only the first occurrence is shown", severity: .warning)
            return [item]
        }
        let excluded = Set(item.event.all(.exdate).flatMap { line in
            line.value.split(separator: ",").compactMap { value -> Date? in
                let single = ContentLine(name: line.name, known: .exdate, parameters: line.parameters, value: String(value), line: line.line)
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
        return occurrences.map { occurrence in
            var copy = item
            copy.start = occurrence
            copy.end = length.map { occurrence.addingTimeInterval($0) }
            return copy
        }
    }

    /// An occurrence as an event of the program, keyed so stars survive a re-download. Speakers
    /// come from ORGANIZER and ATTENDEE, else from the title: "… (talk by Name)" always, and
    /// "Name: Title" only when Name is a speaker the file names elsewhere (`knownNames`): on its
    /// own that pattern is as often "Keynote: …" or "Workshop: …".
    private static func foreignEvent(_ item: Timed, uidIsUnique: (String) -> Bool, knownNames: Set<String>, textFile: TextFile?) -> ForeignEvent {
        let event = item.event
        let rawTitle = event.first(.summary)?.text ?? ""
        var foreign = ForeignEvent(guid: nil, fallbackKey: "", place: .position(line: event.line, column: 1), title: rawTitle)
        let uid = event.first(.uid)?.text
        let base = uid ?? "line-\(event.line)"
        foreign.fallbackKey = event.first(.rrule) != nil
            ? "\(hallwayExportKey(base) ?? base)|\(item.start.map(ICalendarExport.utc) ?? "undated")"
            : key(uid: base, start: item.start, title: rawTitle, uidIsUnique: uid.map(uidIsUnique) ?? false)
        foreign.start = item.start
        foreign.end = item.end
        foreign.day = item.day
        foreign.allDay = item.allDay
        foreign.room = event.first(.location)?.text
        let categories = event.all(.categories).flatMap(\.list)
        foreign.track = categories.first
        foreign.keywords = Array(categories.dropFirst())
        if let description = event.first(.description), let text = description.text {
            (foreign.abstract, foreign.plainAbstract) = abstract(text, span: description.span, textFile: textFile)
        }
        foreign.url = event.first(.url)?.text
        foreign.cancelled = event.first(.status)?.text?.trimmed.uppercased() == "CANCELLED"
        foreign.persons = (event.all(.organizer) + event.all(.attendee)).compactMap(person)
        if foreign.persons.isEmpty, let (title, names) = TitleSpeakers.parenthetical(rawTitle) {
            foreign.title = title
            foreign.persons = names.map { ForeignPerson(key: "name:" + $0, name: $0) }
            foreign.speakersInferred = true
        } else if foreign.persons.isEmpty, let (title, name) = TitleSpeakers.prefixed(rawTitle, knownNames: knownNames) {
            foreign.title = title
            foreign.persons = [ForeignPerson(key: "name:" + name, name: name)]
            foreign.speakersInferred = true
        }
        return foreign
    }

    /// A description as an event's abstract: left in the file when it is plain already (its line
    /// is read again when shown: descriptions are most of a feed that has them, 72 % of MoCA
    /// 2024's), held made plain when it is not, held as given when there is no file.
    private static func abstract(_ text: String, span: Range<Int>?, textFile: TextFile?) -> (String?, LongText?) {
        // One too short to leave is made plain by the builder, once: asked here first, it was
        // made plain twice (3 % of a cold search of a feed of short descriptions).
        guard let textFile, let span, text.utf8.count >= LongText.shortestStored else { return (text, nil) }
        switch RichText.placement(text) {
        case .leftInFile:
            if let stored = LongText(leaving: text, in: textFile, range: span, encoding: .icalendarLine) { return (nil, stored) }
            return (text, nil)
        case .held(let plain):
            return (nil, LongText(plain))
        }
    }

    /// A speaker from `ORGANIZER;CN=…` or `ATTENDEE;CN=…`; the address keys them when it is one of
    /// Hallway's own (`urn:x-hallway:speaker:ID`) or a UUID, else the name does.
    private static func person(_ line: ContentLine) -> ForeignPerson? {
        guard let name = line.parameter("CN").map(ContentLine.unescape)?.trimmedOrNil else { return nil }
        let address = line.value.trimmed
        let key: String
        if address.lowercased().hasPrefix(ICalendarExport.speakerAddressPrefix) {
            key = String(address.dropFirst(ICalendarExport.speakerAddressPrefix.count)).removingPercentEscapes ?? address
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
    private static let rolePrefixes = roles.map { Array(($0 + " by ").utf8) }

    /// "Python's Infamous GIL (talk by Larry Hastings)" → the title and ["Larry Hastings"];
    /// "… (talk by Babak Khataee and Dan Milburn)" → two speakers; an affiliation after a comma is left out.
    static func parenthetical(_ title: String) -> (String, [String])? {
        // On the title's bytes where they lie: walking its UTF-8 view by index, and the names as
        // substrings, cost 3,400 instructions a title, a twentieth of reading a feed whose
        // titles end in parentheses (two passes read each title).
        var title = title
        return title.withUTF8 { bytes -> (String, [String])? in
            let count = bytes.count
            guard count > 0, bytes[count - 1] == UInt8(ascii: ")") else { return nil }
            var index = count - 1
            var open: Int?
            while index > 0 {
                if bytes[index] == UInt8(ascii: "("), bytes[index - 1] == UInt8(ascii: " ") {
                    open = index - 1
                    break
                }
                index -= 1
            }
            guard let open else { return nil }
            let inside = UnsafeBufferPointer(rebasing: bytes[(open + 2)..<(count - 1)])
            // Roles are ASCII: compared on bytes, not on a lower-cased copy of every title.
            guard let prefix = rolePrefixes.first(where: { startsIgnoringASCIICase(inside, with: $0) }) else { return nil }
            let names: [String]
            if prefix.count < inside.count, inside[prefix.count] >= 0x80 {
                // A mark after the role's space may join it as one character, which is left out with it.
                names = speakerNames(Substring(String(decoding: inside, as: UTF8.self)).dropFirst(prefix.count))
            } else {
                names = speakerNames(UnsafeBufferPointer(rebasing: inside[prefix.count...]))
            }
            let bare = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<open]), as: UTF8.self).trimmed
            guard !names.isEmpty, !bare.isEmpty else { return nil }
            return (bare, names)
        }
    }

    private static func startsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() {
            let byte = bytes[offset]
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            guard lowered == expected else { return false }
        }
        return true
    }

    /// "Babak Khataee and Dan Milburn, Org" → both names: split at " and " and " & ", each
    /// name without what follows its first comma, blanks left out. On bytes, since the standard
    /// library's generic replacing and splitting were most of reading such a title.
    private static let nameSeparators = [Array(" and ".utf8), Array(" & ".utf8)]

    private static func speakerNames(_ text: Substring) -> [String] {
        var text = String(text)
        return text.withUTF8 { speakerNames($0) }
    }

    private static func speakerNames(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var names: [String] = []
        var start = 0, index = 0
        func take(_ end: Int) {
            var stop = start
            while stop < end, bytes[stop] != UInt8(ascii: ",") { stop += 1 }
            if let trimmed = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self).trimmedOrNil { names.append(trimmed) }
        }
        func separator(at index: Int) -> Int {
            // Asked only at a space: against each separator at every byte it was a fifth of reading such a title.
            guard bytes[index] == UInt8(ascii: " ") else { return 0 }
            for candidate in nameSeparators where index + candidate.count <= bytes.count {
                if candidate.indices.allSatisfy({ bytes[index + $0] == candidate[$0] }) { return candidate.count }
            }
            return 0
        }
        while index < bytes.count {
            let length = separator(at: index)
            if length > 0 {
                take(index)
                index += length
                start = index
            } else {
                index += 1
            }
        }
        take(bytes.count)
        return names
    }

    /// "Ada Lovelace: Notes on the Engine" → the title and "Ada Lovelace", when that name is known.
    static func prefixed(_ title: String, knownNames: Set<String>) -> (String, String)? {
        // On bytes: Foundation's range(of:) took a fifth of making an event of a title with no colon.
        let utf8 = title.utf8
        guard let colon = utf8.indices.first(where: { utf8[$0] == UInt8(ascii: ":") && utf8.index(after: $0) < utf8.endIndex
            && utf8[utf8.index(after: $0)] == UInt8(ascii: " ") }) else { return nil }
        let name = String(title[..<colon]).trimmed
        let rest = String(title[utf8.index(colon, offsetBy: 2)...]).trimmed
        guard knownNames.contains(name), !rest.isEmpty else { return nil }
        return (rest, name)
    }
}

import FoundationEssentials
import Glibc

/// Turns what a frab-family reader collected into a `Conference`: sessions keyed by guid, rooms
/// and tracks by name, speakers merged across their sessions, topics from tracks and keywords,
/// descriptions cleaned to text. What real files get wrong but can still be read (a guid used
/// twice, two talks in one room at once, a zero-length slot) is reported as a warning.
enum ForeignProgramBuilder {
    /// Each event is let go as soon as it is a session: held to the end, the events' own strings
    /// (raw abstracts, paths in the file, people) sat beside the sessions made of them, a third of
    /// the peak of a 32 MB frab export.
    /// The program is left without its events (taken in place: a copy of the list, shared with
    /// the caller's, would hold every event to the end again).
    /// `venueZone` (--venue-tz) is the venue's zone whatever the file says.
    static func build(_ program: inout ForeignProgram, venueZone: Zone? = nil, sink: DiagnosticSink) -> Conference {
        program.applyVenueZone(venueZone)
        var events: [ForeignEvent] = []
        swap(&events, &program.events)
        var building = Building(program, sink: sink)
        building.reserveCapacity(.exactly(events.count))
        for position in events.indices {
            var event = ForeignEvent.taken
            swap(&event, &events[position])
            building.add(event)
        }
        events = []
        return building.conference()
    }

    /// Events made sessions as a reader places them, so that a large file's events are never
    /// all held beside the sessions made of them: from the first event on when the venue's zone
    /// is settled by then (a later event could settle it otherwise), else held and built at the
    /// end. The builder's problems are told after the reading's, as when it runs after reading.
    struct AsRead {
        let venueZone: Zone?
        private var building: Building?
        private var holdsEvents = false
        private let builderSink: DiagnosticSink

        /// How many events the reader expects: the sessions' list is made once at that size
        /// (grown by doubling, it held the old list beside the new at the peak).
        private let expected: ExpectedEvents

        /// `holding` holds every event to the end whatever the zone: what tests compare with.
        init(venueZone: Zone?, file: String, expecting expected: ExpectedEvents = .exactly(0), holding: Bool = false) {
            self.venueZone = venueZone
            self.expected = expected
            builderSink = DiagnosticSink(file: file)
            holdsEvents = holding
        }

        /// One more event, placed in `program`: made a session now, or held in `program.events`.
        mutating func add(_ event: ForeignEvent, to program: inout ForeignProgram) {
            if building == nil, !holdsEvents {
                if program.builderZoneIsSettled {
                    var around = program
                    around.applyVenueZone(venueZone)
                    building = Building(around, sink: builderSink)
                    building!.reserveCapacity(expected)
                } else {
                    holdsEvents = true
                }
            }
            if building != nil { building!.add(event) } else { program.events.append(event) }
        }

        /// A day read after the sessions began (one read before is in the program).
        mutating func addDay(_ day: ForeignDay) {
            building?.addDay(day)
        }

        /// A room the file lists, read after the sessions began.
        mutating func addRoom(_ room: ForeignRoom) {
            _ = building?.roomID(room.name, listed: room)
        }

        /// The conference, once the program is read to its end.
        func conference(_ program: inout ForeignProgram, sink: DiagnosticSink) -> Conference {
            guard var building else { return ForeignProgramBuilder.build(&program, venueZone: venueZone, sink: sink) }
            program.applyVenueZone(venueZone)
            building.program = program
            let conference = building.conference()
            sink.absorb(builderSink.collected)
            return conference
        }
    }

    /// What is gathered while the events are read: tracks, rooms, speakers and topics by their
    /// keys, the keys used, the sessions so far and the sessions whose listed day their time
    /// contradicts. A reader may hand it events one at a time as it reads them (iCalendar does,
    /// so a large feed's events are never all held beside the program made of them).
    struct Building {
        /// The program around the events; a reader that builds as it reads gives the last of it
        /// (its version, its days) when it is done.
        var program: ForeignProgram
        let sink: DiagnosticSink
        let zone: Zone
        var tracks: [Track] = []
        var trackIDByName: [String: String] = [:]
        var rooms: [Room] = []
        /// Places in `rooms` by name; each session's room as such a place (`sessionRooms`, -1 for
        /// none), so that rooms used and overlaps in a room are found without hashing a name again
        /// for each session (a room named "Hall ·10" is hashed by normalising it, at every hash).
        private var roomByName: [String: Int] = [:]
        private var sessionRooms: [Int32] = []
        /// The rooms the file lists (on the conference, or as containers of events), in the order
        /// it lists them: they come first, before rooms only named by an event, however they are met.
        private var listedRoomIDs: [String] = []
        private var isListed: Set<String> = []
        var speakers: [Speaker] = []
        var speakerPosition: [String: Int] = [:]
        // An id is an identity only with its name: merged congress exports give every
        // wiki-sourced person `id="0"`, which made one speaker of 677 people. The first name an id
        // comes with keeps it; another name under the same id is another person.
        var firstNameOfKey: [String: String] = [:]
        var sharedKeysTold: Set<String> = []
        var topics: [Topic] = []
        var topicIDs: Set<String> = []
        var seenKeys = KeyOccurrences()
        // Sessions whose listed day is neither the date of their start nor the night before it.
        var moved = 0
        var firstMoved: (ForeignEvent, CivilDate, CivilDate, String)?
        // A day the file bounds itself (frab's day start and end, 06:00 to 06:00 at 38C3) holds
        // what starts within it, however late.
        var dayBounds: [CivilDate: Range<Date>] = [:]
        // A program has a handful of types; each is read once.
        var kinds: [String: Session.Kind] = [:]
        private var sessions: [Session] = []
        private var settings = SessionSettings()
        /// Where each session's event is in the file, for the overlaps told at the end.
        private var places = EventPlaces()

        /// The program's tracks and listed rooms known; its events, if it holds them, are added by `add`.
        init(_ program: ForeignProgram, sink: DiagnosticSink) {
            self.program = program
            self.sink = sink
            zone = program.timeZone
                ?? program.observedOffset.flatMap { Zone(secondsFromGMT: $0) }
                ?? Zone(identifier: "UTC")!
            for day in program.days { addDay(day) }
            for track in program.tracks { addTrack(name: track.name, slug: track.slug, color: track.color) }
            for room in program.rooms { _ = roomID(room.name, listed: room) }
            topics = tracks.map { Topic(id: $0.id, name: $0.name) }
            topicIDs = Set(topics.map(\.id))
        }

        /// A day of the program: the bounds it sets itself hold what starts within it.
        mutating func addDay(_ day: ForeignDay) {
            if let start = day.start, let end = day.end, start < end { dayBounds[day.date] = start..<end }
        }

        /// Room for the sessions the reader expects. Lists are touched only as far as they are
        /// filled; a table by hash sized for more keys than a program has is touched all over by
        /// the few it has (6 MB of a 32 MB export's peak), so it is sized only for a count.
        mutating func reserveCapacity(_ expected: ExpectedEvents) {
            switch expected {
            case .exactly(let events):
                sessions.reserveCapacity(events)
                places.reserveCapacity(events)
                // Grown by doubling, the keys were hashed again at each growth: a fifth of making a session.
                seenKeys.reserveCapacity(events)
            case .atMostIn(let fileBytes):
                sessions.reserveCapacity(fileBytes / ExpectedEvents.fewestBytesAnEvent)
                places.reserveCapacity(fileBytes / ExpectedEvents.fewestBytesAnEvent)
            }
        }

        /// One more event of the program, made a session.
        mutating func add(_ event: ForeignEvent) {
            add(event, inRoom: event.room.flatMap { roomPlace($0) })
        }

        /// One more event, whose room (`event.room`) the reader has found already (`roomPlace(naming:listingNew:)`).
        mutating func add(_ event: ForeignEvent, inRoom room: Int?) {
            sessions.append(session(event, room: room))
            sessionRooms.append(Int32(room ?? -1))
            places.append(event.place)
        }

        mutating func addTrack(name: String, slug: String?, color: String?) {
            let trimmed = name.trimmed
            guard !trimmed.isEmpty else { return }
            if let existing = trackIDByName[trimmed.lowercased()] {
                if let slug { trackIDByName[slug.lowercased()] = existing }
                return
            }
            let id = slug ?? trimmed
            tracks.append(Track(id: id, name: trimmed, color: color.flatMap(normalizedColor)))
            trackIDByName[trimmed.lowercased()] = id
            trackIDByName[id.lowercased()] = id
        }

        mutating func roomID(_ name: String, listed: ForeignRoom? = nil) -> String? {
            roomPlace(name, listed: listed).map { rooms[$0].id }
        }

        /// The room's place in `rooms`; when new, added and listed with what `listing` gives: one
        /// lookup an event for a reader that lists rooms as its events name them (iCalendar).
        mutating func roomPlace(naming name: String, listingNew listing: () -> ForeignRoom) -> Int? {
            if let place = roomByName[name.trimmed] { return place }
            return roomPlace(name, listed: listing())
        }

        /// The room's place in `rooms`, added when new; nil for a blank name.
        private mutating func roomPlace(_ name: String, listed: ForeignRoom? = nil) -> Int? {
            let trimmed = name.trimmed
            guard !trimmed.isEmpty else { return nil }
            if listed != nil, isListed.insert(trimmed).inserted { listedRoomIDs.append(trimmed) }
            if let place = roomByName[trimmed] { return place }
            rooms.append(Room(id: trimmed, name: trimmed, capacity: listed?.capacity, location: listed?.location?.trimmed, url: listed?.url))
            roomByName[trimmed] = rooms.count - 1
            return rooms.count - 1
        }

        mutating func speakerID(_ person: ForeignPerson, at place: Diagnostic.Location) -> String {
            let name = person.name.trimmed
            var id = person.key
            if let first = firstNameOfKey[person.key] {
                if SpeakerIdentity.differ(first, name) {
                    id = person.key + "|" + name
                    if sharedKeysTold.insert(person.key).inserted {
                        let shown = person.key.hasPrefix("id:") ? String(person.key.dropFirst(3)) : person.key
                        sink.report(place, "the person id \"\(shown)\" is given to people with different names (\"\(first)\", \"\(name)\"); each name is kept as a speaker of its own", severity: .warning)
                    }
                }
            } else {
                firstNameOfKey[person.key] = name
            }
            let known = program.people[person.key]
            let biography = (person.biography ?? known?.biography).map(RichText.plain).flatMap { $0.isEmpty ? nil : $0 }
            let links = person.links.isEmpty ? (known?.links ?? []) : person.links
            if let position = speakerPosition[id] {
                if speakers[position].biography == nil { speakers[position].biography = biography }
                if speakers[position].links.isEmpty { speakers[position].links = links }
                return id
            }
            speakerPosition[id] = speakers.count
            speakers.append(Speaker(id: id, name: name, biography: biography, links: links))
            return id
        }

        mutating func kindOf(_ type: String?) -> Session.Kind {
            guard let type else { return ForeignProgramBuilder.kind(of: nil) }
            if let known = kinds[type] { return known }
            let read = ForeignProgramBuilder.kind(of: type)
            kinds[type] = read
            return read
        }

        /// One event as a session: its key made unique, its track, topics, room and speakers
        /// found or added, its day settled against its time.
        private mutating func session(_ event: ForeignEvent, room: Int?) -> Session {
            let roomID = room.map { rooms[$0].id }
            if let track = event.track, trackIDByName[track.lowercased()] == nil {
                addTrack(name: track, slug: nil, color: nil)
                if let id = trackIDByName[track.lowercased()], topicIDs.insert(id).inserted { topics.append(Topic(id: id, name: track)) }
            }
            var key = event.guid ?? event.fallbackKey
            // Counted with one lookup: nearly every key is new.
            let count = seenKeys.meet(key, at: sessions.count) { sessions[$0].id }
            if count > 1 {
                sink.report(event.place, "the key \"\(key)\" was used by an earlier event too; this one is kept as \"\(key)#\(count)\"", severity: .warning)
                key = "\(key)#\(count)"
            }
            var keywordIDs: [String] = []
            for keyword in event.keywords {
                let name = keyword.trimmed
                guard !name.isEmpty else { continue }
                let id = "tag:" + name.lowercased()
                if topicIDs.insert(id).inserted { topics.append(Topic(id: id, name: name)) }
                keywordIDs.append(id)
            }
            let trackID = event.track.flatMap { trackIDByName[$0.lowercased()] }
            var end = event.end
            if let start = event.start, let finish = end, finish <= start {
                if finish < start { sink.report(event.place, "ends before it starts; its end is ignored", severity: .warning) }
                end = nil
            }
            // An abstract made plain by its reader may have come to nothing, as one made plain here may.
            let summary = event.plainAbstract.map { $0.byteCountUpperBound == 0 ? nil : $0 }
                ?? event.abstract.map(RichText.plain).flatMap { $0.isEmpty ? nil : LongText($0) }
            var links: [Link] = []
            if let url = event.url, let page = ForeignProgram.link(url: url, title: "Session page", type: "origin") { links.append(page) }
            for link in event.links where !links.contains(where: { $0.url == link.url }) { links.append(link) }
            let day = SessionDay.of(start: event.start, listed: event.day, bounds: event.day.flatMap { dayBounds[$0] }, in: zone)
            if let start = event.start, let listed = event.day, day != listed {
                moved += 1
                if firstMoved == nil { firstMoved = (event, listed, CivilDate(start, in: zone), SessionTimeText.hourMinute(start, in: zone)) }
            }
            let (title, titleSaysCancelled) = CancelledTitle.split(event.title.trimmed)
            let titles = title.isEmpty ? [] : [SourcedTitle(language: event.language ?? "und", text: title)]
            let setting = settings.box(roomID: roomID, trackID: trackID, titleLanguage: Session.settingLanguage(of: titles), roomPlace: room)
            var session = Session(
                id: key, kind: kindOf(event.typeName),
                titles: titles,
                label: title.isEmpty ? "Untitled event" : nil,
                day: day, start: event.start, end: end, roomID: roomID,
                trackID: trackID, topicIDs: (trackID.map { [$0] } ?? []) + keywordIDs,
                speakerIDs: uniqued(event.persons.map { speakerID($0, at: event.place) }),
                subtitle: event.subtitle.flatMap { $0.trimmed.isEmpty ? nil : $0 },
                typeName: event.typeName, language: event.language, recorded: event.recorded, links: links,
                detailsMarkup: event.description, setting: setting)
            session.summaryText = summary?.sharingStorage(withFirstOf: links)
            session.allDay = event.allDay
            session.speakersInferred = event.speakersInferred
            session.cancelled = event.cancelled || titleSaysCancelled
            return session
        }

        /// The conference: overlaps and moved days told, rooms no session uses dropped, days
        /// from the sessions.
        func conference() -> Conference {
            let roomByID = Dictionary(self.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var rooms = listedRoomIDs.compactMap { roomByID[$0] } + self.rooms.filter { !isListed.contains($0.id) }
            if let (event, listed, date, time) = firstMoved {
                sink.report(event.place, "the file's days disagree with its times: \"\(event.title.trimmed)\" is listed under \(listed) but starts \(date) \(time) in the venue's zone (\(zone.identifier)); \(moved == 1 ? "it is placed on the venue's date of its start" : "these \(moved) sessions are placed on the venue's date of their start") (before 05:00, the night before)", severity: .warning)
            }
            for overlap in RoomOverlaps.find(sessions, rooms: sessionRooms, roomIDs: self.rooms.map(\.id)) {
                sink.report(places[overlap.later], "overlaps \"\(sessions[overlap.earlier].displayTitle)\" in room \"\(overlap.room)\"", severity: .warning)
            }
            // A room is a place where something happens: containers no event is in are not rooms.
            var used = [Bool](repeating: false, count: self.rooms.count), sessionDays = Set<CivilDate>()
            for index in sessions.indices {
                if sessionRooms[index] >= 0 { used[Int(sessionRooms[index])] = true }
                if let day = sessions[index].day { sessionDays.insert(day) }
            }
            let usedRooms = Set(self.rooms.indices.filter { used[$0] }.map { self.rooms[$0].id })
            rooms.removeAll { !usedRooms.contains($0.id) }

            // The days sessions fall on; the file's own day list only when no session has a day (a
            // day container in UTC dates would otherwise add a day with nothing on it).
            let days = (sessionDays.isEmpty ? Set(program.days.map(\.date)) : sessionDays).sorted()
            var conference = Conference(
                id: ForeignProgramBuilder.conferenceID(program), name: program.title.trimmed,
                acronym: program.acronym, days: days, timeZone: zone,
                links: program.url.flatMap { ForeignProgram.link(url: $0, title: "Schedule", type: "origin") }.map { [$0] } ?? [],
                tracks: tracks, topics: topics, rooms: rooms, speakers: speakers, sessions: sessions)
            if conference.name.isEmpty { conference.name = program.acronym ?? "Untitled conference" }
            conference.timeZoneIsKnown = program.timeZoneIsKnown
            conference.version = program.version?.trimmed
            return conference
        }
    }

    /// How many events a reader expects: as many as it counted, or as many as a file of its
    /// size holds at most (`atMostIn`).
    enum ExpectedEvents {
        case exactly(Int)
        /// Where each event takes a hundred bytes (the tiniest frab events, with an id, a guid, a
        /// time, a room and a title, take 180): room reserved for that many sessions that a
        /// program does not fill is address space, never touched, not memory. A file of still
        /// smaller events grows its list as any list grows.
        case atMostIn(fileBytes: Int)

        static let fewestBytesAnEvent = 100

        /// For a document whose size may not be known.
        static func atMost(inFileOf bytes: Int?) -> ExpectedEvents { bytes.map { .atMostIn(fileBytes: $0) } ?? .exactly(0) }
    }

    /// A stable id for the conference (stars are kept under it): the acronym, else the title.
    static func conferenceID(_ program: ForeignProgram) -> String {
        let base = (program.acronym?.isEmpty == false ? program.acronym! : program.title).lowercased()
        let slug = base.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? String($0) : "-" }.joined()
        return slug.split(separator: "-").joined(separator: "-")
    }

    /// The kind a producer's type names; `.other` when the file names none (iCalendar), so no
    /// screen calls an unknown kind of session a talk.
    static func kind(of typeName: String?) -> Session.Kind {
        guard let typeName, !typeName.isEmpty else { return .other }
        let type = typeName.lowercased()
        if type.contains("keynote") { return .keynote }
        if type.contains("workshop") || type.contains("hands-on") || type.contains("tutorial") { return .workshop }
        if type.contains("lightning") { return .lightning }
        if type.contains("panel") || type.contains("discussion") || type.contains("podium") { return .panel }
        if type.contains("break") || type.contains("lunch") || type.contains("pause") { return .break }
        if type.contains("talk") || type.contains("lecture") || type.contains("vortrag") { return .talk }
        return .other
    }

    /// `#RGB` or `#RRGGBB` (any case) as `#RRGGBB`; anything else is dropped.
    static func normalizedColor(_ text: String) -> String? {
        var hex = text.trimmed
        guard hex.hasPrefix("#") else { return nil }
        hex.removeFirst()
        guard hex.allSatisfy(\.isHexDigit) else { return nil }
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        return hex.count == 6 ? "#" + hex.uppercased() : nil
    }

    /// Real programs do double-book rooms; that is worth saying, not worth refusing the file for.
}

/// Whether two names given under one person id are two people: not when they differ only in
/// case, white space or accents ("Ada  Lovelace", "ada lovelace").
enum SpeakerIdentity {
    static func differ(_ first: String, _ second: String) -> Bool {
        first != second && normalized(first) != normalized(second)
    }

    /// Folded as search folds (case, accents, full-width forms): two names that `speaker:` finds
    /// alike are one person under one id.
    private static func normalized(_ name: String) -> String {
        guard name != name.lowercased() || name.contains(where: { !$0.isASCII || $0.isWhitespace }) else { return name }
        return SearchFolding.fold(name).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The items in their first order, each once (a talk listing one person twice).
func uniqued(_ items: [String]) -> [String] {
    // Most lists hold one or none: nothing to compare, no set to make.
    guard items.count > 1 else { return items }
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}

/// Which conference day a session belongs to: the venue's date of its start, except that a
/// session starting before 05:00 belongs to the night before (a congress's day runs past
/// midnight). A day the file lists it under is kept when it is either of those two, or when the
/// file's own bounds for that day hold the start; any other
/// (a pentabarf export's UTC dates for a venue in Asia/Kolkata) gives way to the rule.
enum SessionDay {
    static let nightEndsHour = 5

    static func of(start: Date?, listed: CivilDate?, bounds: Range<Date>? = nil, in zone: Zone) -> CivilDate? {
        guard let start else { return listed }
        if let listed, let bounds, bounds.contains(start) { return listed }
        let (date, early) = date(of: start, in: zone, before: nightEndsHour)
        let night = early ? date.adding(days: -1) : date
        if let listed, listed == date || listed == night { return listed }
        return night
    }

    /// The venue's date of `start`, and whether it falls before `hour` o'clock that day.
    static func date(of start: Date, in zone: Zone, before hour: Int) -> (date: CivilDate, early: Bool) {
        let date = CivilDate(start, in: zone)
        return (date, start.timeIntervalSince(date.at(hour: 0, minute: 0, in: zone)) < TimeInterval(hour * 3600))
    }
}

/// frab's and pretalx's `schedule.json` read from the stream down to its events, one at a time:
/// `schedule.conference.days[].rooms.<room>[]` is where nearly all of a file is, and holding it
/// whole as a tape (with the program read from it beside it) peaked at four times the file.
/// Everything else is small and kept as tapes, put back together for `FrabJSONFormat`, which
/// then places each event read here as it would one read from the whole document.
enum FrabJSONStream {
    /// The events read apart from the document, by the place of their day in `days` and their room.
    struct Events {
        /// Each event in a box of its own size: lists of the 432-byte events themselves, grown
        /// by doubling, left a third of their room empty (2.7 MB of a 32 MB export's peak).
        private final class Held {
            let read: FrabJSONFormat.ReadEvent
            init(_ read: FrabJSONFormat.ReadEvent) { self.read = read }
        }

        private var byDay: [Int: [String: [Held]]] = [:]
        /// How many were read, so the program's list of sessions is made once at its size.
        private(set) var count = 0

        init() {}

        mutating func add(_ event: FrabJSONFormat.ReadEvent, day: Int, room: String) {
            byDay[day, default: [:]][room, default: []].append(Held(event))
            count += 1
        }

        /// The events of one room on one day, handed over once; nil when none were read apart.
        mutating func take(day: Int, room: String) -> [FrabJSONFormat.ReadEvent]? {
            byDay[day]?.removeValue(forKey: room)?.map(\.read)
        }
    }

    /// The value of the top-level `schedule` field: as a tape with each room's list of events
    /// left empty, and those events read. With `placing`, the events are placed as they are read
    /// while it holds (`FrabJSONAsRead`), and held otherwise.
    static func schedule(_ stream: JSONStream, placing: FrabJSONAsRead? = nil) throws(ScheduleLoadError) -> (JSONTape, Events) {
        var events = Events()
        // An event's problems are kept with it and told where a whole read would tell them.
        var scratch = DiagnosticSink(file: stream.name)
        let days = FrabJSONAsRead.days
        var beforeConference: [(key: String, value: JSONTape)] = []
        let tape = try object(stream) { key, schedule throws(ScheduleLoadError) in
            if placing?.isPlacing == true, FrabJSONAsRead.scheduleKeysBeforeConference.contains(key) { placing?.spoil() }
            guard key == "conference" else { return nil }
            beforeConference = schedule
            return try object(stream) { key, conference throws(ScheduleLoadError) in
                if placing?.isPlacing == true, FrabJSONAsRead.conferenceKeysBeforeDays.contains(key) { placing?.spoil() }
                guard key == "days" else { return nil }
                if let placing, try stream.isAtArray() { placing.begin(schedule: beforeConference, conference: conference) }
                return try array(stream) { day throws(ScheduleLoadError) in
                    // Once spoiled, the rest is only read through: the file is read again.
                    if let placing, placing.isPlacing || placing.spoiled { return try placedDay(stream, day: day, placing: placing) }
                    return try object(stream) { key, _ throws(ScheduleLoadError) in
                        guard key == "rooms" else { return nil }
                        return try object(stream) { room, _ throws(ScheduleLoadError) in
                            guard try stream.isAtArray() else { return nil }
                            let list = days.appending(day).appending("rooms").appending(room)
                            try stream.forEachItem { position throws(ScheduleLoadError) in
                                let piece = try stream.value(leavingInFile: FrabJSONFormat.textsLeftInFile)
                                var read = FrabJSONFormat.readFields(JSONCursor(tape: piece, path: list.appending(position), sink: scratch), roomName: room)
                                if !scratch.diagnostics.isEmpty || scratch.hasErrors {
                                    read.problems = scratch.collected
                                    scratch = DiagnosticSink(file: stream.name)
                                }
                                events.add(read, day: day, room: room)
                            }
                            return .emptyList
                        }
                    }
                }
            }
        }
        return (tape, events)
    }

    /// A day of `days` while its events are placed as read: its date and bounds are read when
    /// its rooms are reached, then each event of each room as the stream reads it. A day that is
    /// not an object, or whose rooms are missing or not an object, is read whole, as a whole
    /// read reads it.
    private static func placedDay(_ stream: JSONStream, day: Int, placing: FrabJSONAsRead) throws(ScheduleLoadError) -> JSONTape {
        guard try stream.isAtObject() else {
            let whole = try stream.value()
            placing.wholeDay(whole, position: day)
            return whole
        }
        var roomsPlaced = false
        let tape = try object(stream) { key, fields throws(ScheduleLoadError) in
            if roomsPlaced, FrabJSONAsRead.dayKeysBeforeRooms.contains(key) { placing.spoil() }
            guard key == "rooms", !roomsPlaced, try stream.isAtObject() else { return nil }
            roomsPlaced = true
            let date = placing.dayHead(fields, position: day)
            return try object(stream) { room, _ throws(ScheduleLoadError) in
                let list = FrabJSONAsRead.days.appending(day).appending("rooms").appending(room)
                guard try stream.isAtArray() else {
                    let value = try stream.value()
                    if date != nil { placing.refuseRoom(value, path: list) }
                    return value
                }
                try stream.forEachItem { position throws(ScheduleLoadError) in
                    let piece = try stream.value(leavingInFile: FrabJSONFormat.textsLeftInFile)
                    if let date { placing.place(piece, path: list.appending(position), roomName: room, day: date) }
                }
                return .emptyList
            }
        }
        if !roomsPlaced { placing.wholeDay(tape, position: day) }
        return tape
    }

    /// The object ahead, each field's value as `deeper` reads it (when it returns nil, whole),
    /// put back together; a value of another kind is read whole, for the reader to refuse.
    /// `deeper` is given the fields before the key too.
    private static func object(_ stream: JSONStream, _ deeper: (String, [(key: String, value: JSONTape)]) throws(ScheduleLoadError) -> JSONTape?) throws(ScheduleLoadError) -> JSONTape {
        guard try stream.isAtObject() else { return try stream.value() }
        var fields: [(key: String, value: JSONTape)] = []
        try stream.forEachField { key throws(ScheduleLoadError) in
            if let read = try deeper(key, fields) {
                fields.append((key, read))
            } else {
                fields.append((key, try stream.value()))
            }
        }
        return JSONTape(object: fields)
    }

    /// The array ahead, each item as `item` reads it, put back together.
    private static func array(_ stream: JSONStream, _ item: (Int) throws(ScheduleLoadError) -> JSONTape) throws(ScheduleLoadError) -> JSONTape {
        guard try stream.isAtArray() else { return try stream.value() }
        var items: [JSONTape] = []
        try stream.forEachItem { position throws(ScheduleLoadError) in items.append(try item(position)) }
        return JSONTape(array: items)
    }
}

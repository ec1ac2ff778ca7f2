import FoundationEssentials
import Glibc

/// frab JSON's events made sessions as the stream reads them, as frab XML's are, so that a large
/// file's events are never all held: a file of tiny events peaked at 5.5 times its size holding
/// them until the stream ended. Begun at `schedule.conference.days` with the conference as read so
/// far, which is where frab and pretalx write their days: last.
///
/// A file may give after its days what placing depends on (its zone, acronym, tracks or rooms;
/// a day's date after the day's rooms) or what a whole read tells before its events (a version,
/// rooms under `schedule`). Such a file spoils the reading: it is read again, holding its
/// events (`FrabJSONFormat.read`), so that its program and its problems, in order, are always
/// what reading the whole file makes of them. The problems found here are told only when the
/// reading holds.
final class FrabJSONAsRead {
    private let venueZone: Zone?
    private let problems: DiagnosticSink
    private var program: ForeignProgram?
    private var sessions: ForeignProgramBuilder.AsRead
    private(set) var spoiled = false

    /// Where the days are, for the paths of what is told about them.
    static let days = JSONPath.root.appending("schedule").appending("conference").appending("days")

    /// What the conference or schedule may give only before the days, and what a day may give
    /// only before its rooms.
    static let conferenceKeysBeforeDays: Set<String> = ["title", "acronym", "url", "time_zone_name", "tracks", "rooms"]
    static let scheduleKeysBeforeConference: Set<String> = ["rooms", "version", "events"]
    static let dayKeysBeforeRooms: Set<String> = ["date", "day_start", "day_end"]

    /// `fileBytes`: the document's size, for the room its sessions are given (`ExpectedEvents`).
    init(venueZone: Zone?, file: String, fileBytes: Int? = nil) {
        self.venueZone = venueZone
        problems = DiagnosticSink(file: file)
        sessions = ForeignProgramBuilder.AsRead(venueZone: venueZone, file: file, expecting: .atMost(inFileOf: fileBytes))
    }

    /// Placing has begun and still holds.
    var isPlacing: Bool { program != nil && !spoiled }

    /// The days are reached: the conference is read from the fields before them. A schedule that
    /// lists `events` is schedule2's, which this does not read.
    func begin(schedule: [(key: String, value: JSONTape)], conference: [(key: String, value: JSONTape)]) {
        guard program == nil, !schedule.contains(where: { $0.key == "events" }) else { return }
        let soFar = JSONTape(object: [(key: "schedule", value: JSONTape(object: schedule + [(key: "conference", value: JSONTape(object: conference))]))])
        guard let top = JSONCursor(tape: soFar, sink: problems).object(), let (read, _) = FrabJSONFormat.program(top, venueZone: venueZone) else {
            spoiled = true
            return
        }
        program = read
    }

    /// Something the whole read would have used earlier came late: placing no longer holds.
    func spoil() {
        spoiled = true
        program = nil
        sessions = ForeignProgramBuilder.AsRead(venueZone: venueZone, file: problems.file)
    }

    /// A day's fields up to its rooms: its date and bounds, or nil when the day is left out.
    func dayHead(_ fields: [(key: String, value: JSONTape)], position: Int) -> CivilDate? {
        guard program != nil else { return nil }
        let tape = JSONTape(object: fields)
        return FrabJSONFormat.dayHead(JSONCursor(tape: tape, path: Self.days.appending(position), sink: problems),
                                      program: &program!, sessions: &sessions)?.1
    }

    /// One event of a room of a day that has a date, read and placed.
    func place(_ piece: JSONTape, path: JSONPath, roomName: String, day: CivilDate) {
        guard program != nil else { return }
        let read = FrabJSONFormat.readFields(JSONCursor(tape: piece, path: path, sink: problems), roomName: roomName)
        FrabJSONFormat.place(read, day: day, program: &program!, sessions: &sessions)
    }

    /// A room's value that is not a list, refused as the whole read refuses it.
    func refuseRoom(_ value: JSONTape, path: JSONPath) {
        _ = JSONCursor(tape: value, path: path, sink: problems).array()
    }

    /// A day read whole: one that is not an object, or whose rooms are missing or not an object.
    func wholeDay(_ tape: JSONTape, position: Int) {
        guard program != nil else { return }
        FrabJSONFormat.readDay(JSONCursor(tape: tape, path: Self.days.appending(position), sink: problems),
                               program: &program!, sessions: &sessions, sink: problems, events: FrabJSONFormat.readRoom)
    }

    /// The conference, once the document is read to its end (`top`, for its own `url`); its
    /// problems told first.
    func conference(top: JSONTape, sink: DiagnosticSink) -> Conference? {
        guard var program, !spoiled else { return nil }
        // Taken, not shared: the program's sessions are changed in place once made, which a
        // second reference to them here would make a copy of.
        self.program = nil
        var sessions = ForeignProgramBuilder.AsRead(venueZone: venueZone, file: problems.file)
        swap(&sessions, &self.sessions)
        sink.absorb(problems.collected)
        if program.url == nil, let top = JSONCursor(tape: top, sink: sink).object() { program.url = FrabJSONFormat.topLevelURL(top) }
        return FrabJSONFormat.finish(&program, sessions: sessions, sink: sink)
    }
}

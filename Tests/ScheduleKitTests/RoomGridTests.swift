import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

@Suite("The room grid's model")
struct RoomGridTests {
    static let congress = ScheduleIndex(try! ScheduleLoader.load(file: SharedFixtures.path("frab-38c3.xml")))
    static let camp = ScheduleIndex(try! ScheduleLoader.load(file: SharedFixtures.path("frab-camp2019.json")))

    @Test func everyTimedSessionOfEveryDaySitsInItsRoomsColumnOnce() throws {
        for index in [Self.congress, Self.camp] {
            var placed: [Int] = []
            for day in RoomGrid.days(in: index) {
                let grid = try #require(RoomGrid(index, day: day))
                for block in grid.blocks {
                    let session = index.sessions[block.position]
                    #expect(grid.rooms[block.column]?.id == session.roomID, "\(session.id) in its room's column")
                    #expect(block.start == session.start && block.end > block.start)
                }
                placed += grid.blocks.map(\.position)
            }
            let timed = index.sessions.indices.filter { index.sessions[$0].start != nil && !index.sessions[$0].allDay }
            #expect(placed.sorted() == timed, "each timed session once, none invented")
        }
    }

    @Test func columnsFollowTheProgramsRoomOrderAndOnlyRoomsInUseThatDay() throws {
        let grid = try #require(RoomGrid(Self.camp, day: CivilDate(year: 2019, month: 8, day: 21)))
        #expect(grid.rooms.map { $0?.name } == ["Curie", "Meitner"])
        let order = Self.congress.conference.rooms.map(\.id)
        let day = try #require(RoomGrid(Self.congress, day: CivilDate(year: 2024, month: 12, day: 28)))
        let positions = day.rooms.compactMap { $0.flatMap { order.firstIndex(of: $0.id) } }
        #expect(positions == positions.sorted() && positions.count == day.rooms.count)
    }

    @Test func aProgramWithoutTimesHasNoGrid() {
        let bundled = ScheduleIndex(ScheduleLoader.bundled())
        #expect(RoomGrid.days(in: bundled).isEmpty)
        #expect(bundled.days.allSatisfy { RoomGrid(bundled, day: $0) == nil })
    }

    @Test func aSessionWithNoEndRunsToTheNextInItsRoomForAtMostAnHour() {
        let day = CivilDate(year: 2024, month: 1, day: 1)
        let at = { (hour: Double) in day.start(in: .gmt).addingTimeInterval(hour * 3600) }
        let sessions = [Session(id: "a", day: day, start: at(9)), Session(id: "b", day: day, start: at(9.5)),
                        Session(id: "c", day: day, start: at(11)), Session(id: "d", day: day, start: at(13), end: at(12))]
        #expect(RoomGrid.ends(of: sessions) == [at(9.5), at(10.5), at(12), at(14)], "an end before the start counts as none")
    }

    @Test func shortSessionsGetFinerRows() throws {
        #expect(try #require(RoomGrid(Self.camp, day: CivilDate(year: 2019, month: 8, day: 21))).minutesPerRow == 15)
        let day = CivilDate(year: 2024, month: 1, day: 1)
        let start = day.start(in: .gmt).addingTimeInterval(9 * 3600)
        let conference = Conference(id: "x", name: "x", days: [day], sessions: [
            Session(id: "a", day: day, start: start, end: start.addingTimeInterval(5 * 60)),
            Session(id: "b", day: day, start: start.addingTimeInterval(600), end: start.addingTimeInterval(3600)),
        ])
        #expect(try #require(RoomGrid(ScheduleIndex(conference), day: day)).minutesPerRow == 5)
    }
}

@Suite("The remembered place")
struct PlaceMemoryTests {
    let folder = Scratch.path("place").appendingPathComponent("hallway")

    @Test func roundTripsAndIgnoresWhatItCannotRead() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let memory = PlaceMemory(folder: folder)
        #expect(memory.load(conference: "38c3") == RememberedPlace(), "nothing saved yet")
        try memory.save(RememberedPlace(view: "grid", zone: "Asia/Tokyo"), conference: "38c3")
        #expect(memory.load(conference: "38c3") == RememberedPlace(view: "grid", zone: "Asia/Tokyo"))
        let file = folder.appendingPathComponent("place.json")
        try Data("{\"format\": \"hallway-place\", \"view\": ".utf8).write(to: file)
        #expect(memory.load(conference: "38c3") == RememberedPlace(), "a damaged file is no place at all, and no error")
        try FileManager.default.removeItem(at: file)
        let elsewhere = Scratch.path("elsewhere.json")
        try Data(#"{"format": "hallway-place", "version": 2, "conferences": [{"id": "38c3", "view": "grid"}]}"#.utf8).write(to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: elsewhere.path)
        #expect(memory.load(conference: "38c3") == RememberedPlace(), "a planted link is not followed")
    }

    /// Quitting one conference on Topics does not open the next on Topics (issue 22, item 10).
    @Test func eachConferenceKeepsItsOwnPlaceAndOldFilesAreNoPlace() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let memory = PlaceMemory(folder: folder)
        try memory.save(RememberedPlace(view: "topics", zone: "local"), conference: "istiocon-china-2023")
        try memory.save(RememberedPlace(view: "grid", zone: "venue"), conference: "38c3")
        #expect(memory.load(conference: "istiocon-china-2023") == RememberedPlace(view: "topics", zone: "local"))
        #expect(memory.load(conference: "38c3") == RememberedPlace(view: "grid", zone: "venue"))
        #expect(memory.load(conference: "democon") == RememberedPlace())
        for number in 0..<150 { try memory.save(RememberedPlace(view: "schedule"), conference: "c\(number)") }
        #expect(memory.load(conference: "c149").view == "schedule" && memory.load(conference: "c50").view == "schedule")
        #expect(memory.load(conference: "38c3") == RememberedPlace(), "at most 100 conferences, the oldest forgotten")
        try Data(#"{"format": "hallway-place", "version": 1, "view": "topics", "zone": "local"}"#.utf8).write(to: folder.appendingPathComponent("place.json"))
        #expect(memory.load(conference: "38c3") == RememberedPlace(), "one place for every conference is no conference's place")
    }

    /// Issue 24: a filter is kept with the place, per conference; a damaged one is no filter.
    @Test func aFilterIsKeptPerConference() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let memory = PlaceMemory(folder: folder)
        let filter = ProgramFilter(hiddenRooms: ["Saal 1", "Saal GLITCH"], hiddenTracks: ["ccc"], language: "de", recordedOnly: true)
        try memory.save(RememberedPlace(view: "schedule", filter: filter), conference: "38c3")
        try memory.save(RememberedPlace(view: "tracks", filter: ProgramFilter()), conference: "democon")
        #expect(memory.load(conference: "38c3").filter == filter)
        #expect(memory.load(conference: "democon").filter == nil)
        try Data(#"{"format": "hallway-place", "version": 2, "conferences": [{"id": "38c3", "view": "grid", "filter": {"hiddenRooms": "Saal 1", "language": 7}}]}"#.utf8)
            .write(to: folder.appendingPathComponent("place.json"))
        #expect(memory.load(conference: "38c3") == RememberedPlace(view: "grid"), "a filter that does not read hides nothing")
    }

    @Test func theStandardFolderFollowsXDGStateHome() {
        #expect(PlaceMemory.standard(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.folder.path == "/s/hallway")
        #expect(PlaceMemory.standard(environment: ["HOME": "/h"])?.folder.path == "/h/.local/state/hallway")
        #expect(PlaceMemory.standard(environment: ["XDG_STATE_HOME": "relative"]) == nil)
    }
}

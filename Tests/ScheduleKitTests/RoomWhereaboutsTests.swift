import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// Where a room is (issue 24): the words and the page a file gives for it, from every format that
/// has a place for them, kept through the snapshot and an iCalendar export, and found by `room:`.
@Suite("Where a room is")
struct RoomWhereaboutsTests {
    @Test func theHubsSchedule2ExportSaysWhereEachHallIs() throws {
        let loaded = try RealSchedules.read("hub-schedule2.json")
        let rooms = Dictionary(uniqueKeysWithValues: loaded.conference.rooms.map { ($0.name, $0) })
        // A description given as an object by language, and one given as a plain string.
        #expect(rooms["Saal 1"]?.location == "Lecture hall in CCH central, Level +2 to +4")
        #expect(rooms["Saal ZIGZAG"]?.location == "Lecture hall Z in CCH East, Level +3")
        #expect(rooms["Saal 1"]?.capacity == 3025)
        let index = ScheduleIndex(loaded.conference)
        let engine = SearchEngine(index)
        let east = engine.search(SearchQuery("room:east")).sessions.map { index.room(of: index.sessions[$0.position])?.name }
        #expect(!east.isEmpty && east.allSatisfy { $0 == "Saal ZIGZAG" || $0 == "Stage YELL" }, "\(east)")
    }

    /// A frab JSON export whose rooms carry a description by language and a venue-map page, as
    /// c3nav-linked exports do; the English text when the conference's language is not given.
    static let mappedCamp = """
        {"schedule": {"version": "1", "conference": {"acronym": "mc", "title": "Mapped Camp", "start": "2025-08-01", "end": "2025-08-01",
          "daysCount": 1, "time_zone_name": "Europe/Berlin",
          "rooms": [{"name": "Hangar", "guid": "b0b6a7c4-0000-4000-8000-000000000001", "capacity": 400,
                     "description": {"de": "Nordhalle am Tor 3", "en": "North hall by gate 3"}, "url": "https://c3nav.de/l/hangar/"},
                    {"name": "Tent", "guid": "b0b6a7c4-0000-4000-8000-000000000002", "description": "", "url": "javascript:alert(1)"}],
          "days": [{"index": 0, "date": "2025-08-01", "day_start": "2025-08-01T09:00:00+02:00", "day_end": "2025-08-01T20:00:00+02:00",
            "rooms": {"Hangar": [{"guid": "e0000000-0000-4000-8000-000000000001", "id": 1, "date": "2025-08-01T10:00:00+02:00",
                         "start": "10:00", "duration": "00:30", "room": "Hangar", "title": "Map talk", "type": "Talk", "language": "en",
                         "track": null, "abstract": null, "description": null, "persons": [], "links": [], "attachments": []}],
                      "Tent": [{"guid": "e0000000-0000-4000-8000-000000000002", "id": 2, "date": "2025-08-01T11:00:00+02:00",
                         "start": "11:00", "duration": "00:30", "room": "Tent", "title": "Tent talk", "type": "Talk", "language": "en",
                         "track": null, "abstract": null, "description": null, "persons": [], "links": [], "attachments": []}]}}]}}}
        """

    @Test func aFrabRoomsDescriptionAndMapPageAreKeptAndOnlyWebAddressesCount() throws {
        let loaded = try ScheduleLoader.read(data: Data(Self.mappedCamp.utf8), name: "mapped.json")
        let rooms = Dictionary(uniqueKeysWithValues: loaded.conference.rooms.map { ($0.name, $0) })
        #expect(rooms["Hangar"]?.location == "North hall by gate 3")
        #expect(rooms["Hangar"]?.url == "https://c3nav.de/l/hangar/")
        #expect(rooms["Hangar"]?.capacity == 400)
        #expect(rooms["Tent"]?.location == nil, "an empty description is no location")
        #expect(rooms["Tent"]?.url == nil, "an address a browser would run is not a page")

        // Kept by the snapshot the browser starts from.
        let folder = Scratch.path("rooms")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("mapped.json")
        try Data(Self.mappedCamp.utf8).write(to: file)
        let cache = folder.appendingPathComponent("cache")
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let written = try #require(try FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: nil).first)
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        let back = try #require(ProgramSnapshot.read(written, expecting: identity))
        #expect(back.index.conference.rooms == loaded.conference.rooms)

        // An iCalendar export points LOCATION at the page, and reads back with it.
        let index = ScheduleIndex(loaded.conference)
        let exported = ICalendarExport.calendar(index.sessions, in: index, stamp: Date(timeIntervalSince1970: 0)).text
        #expect(exported.contains("LOCATION;ALTREP=\"https://c3nav.de/l/hangar/\":Hangar"))
        let reread = try ScheduleLoader.read(data: Data(exported.utf8), name: "export.ics")
        #expect(reread.conference.rooms.first { $0.name == "Hangar" }?.url == "https://c3nav.de/l/hangar/")
        #expect(reread.conference.rooms.first { $0.name == "Tent" }?.url == nil)
    }

    @Test func hallwaysOwnFormatCarriesTheRoomsWhereabouts() throws {
        var json = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/istiocon-china-2023.json"), encoding: .utf8)
        // The bundled program names no rooms (the sources do not); give it one that says where it is.
        let noRooms = try #require(json.range(of: "\"rooms\": []"))
        json.replaceSubrange(noRooms, with: """
            "rooms": [{"id": "far-hall", "name": "Far hall", "capacity": null, "location": "Level 2, by the lifts", "url": "https://example.org/map/far-hall"}]
            """)
        let loaded = try ScheduleLoader.read(data: Data(json.utf8), name: "program.json")
        let room = try #require(loaded.conference.rooms.first { $0.id == "far-hall" })
        #expect(room.location == "Level 2, by the lifts" && room.url == "https://example.org/map/far-hall")
    }
}

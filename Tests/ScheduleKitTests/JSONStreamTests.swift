import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// The loader reads a JSON file through a window of a megabyte, refilled between values. These
/// tests shrink the window to a few bytes, so that every kind of value, key and separator falls
/// across its edge somewhere, and hold the result to what one window over the whole file gives.
@Suite("Reading a JSON file a piece at a time")
struct JSONStreamTests {
    static let bundled = Data(PackageResources.istiocon_china_2023_json)
    static let windows = [16, 17, 31, 64, 333, 4096]

    /// Everything a load gives, as text: the program field by field, or every diagnostic.
    static func outcome(_ data: Data, window: Int = 1 << 20, venueZone: Zone? = nil, placingAsRead: Bool = true) -> String {
        do {
            let loaded = try ScheduleLoader.read(JSONStream(.bytes(data), name: "f.json", window: window), venueZone: venueZone,
                                                 checkingSchema: true, placingAsRead: placingAsRead) { _ in () }.loaded
            var text = "\(loaded.format) \(loaded.warnings)\n"
            dump(loaded.conference, to: &text)
            return text
        } catch {
            return error.description
        }
    }

    /// The program with every summary held as a string, so that a dump shows what it says
    /// rather than where it is kept.
    static func held(_ conference: Conference) -> Conference {
        var conference = conference
        for index in conference.sessions.indices {
            let text = conference.sessions[index].summary
            conference.sessions[index].summary = text
        }
        return conference
    }

    @Test func everyWindowReadsTheBundledProgramAlike() {
        let whole = Self.outcome(Self.bundled)
        #expect(whole.hasPrefix("hallway") && whole.contains("IstioCon"), "the bundled program did not load: \(whole.prefix(300))")
        for window in Self.windows {
            #expect(Self.outcome(Self.bundled, window: window) == whole, "window of \(window) bytes")
        }
    }

    @Test func everyWindowReadsAFileAlike() throws {
        let path = Scratch.path("bundled.json")
        try Self.bundled.write(to: path)
        let whole = Self.outcome(Self.bundled)
        for window in [16, 1 << 20] {
            let handle = try #require(FileDescriptor(readingAtPath: path.path))
            defer { handle.close() }
            let stream = JSONStream(.file(handle, name: path.path, maximumSize: 1 << 20), name: "f.json", window: window)
            var text = ""
            let loaded = try ScheduleLoader.read(stream, venueZone: nil, checkingSchema: true) { _ in () }.loaded
            // Read from a file, summaries stay in it until asked for; asked for, they read the same.
            #expect(loaded.conference.sessions.allSatisfy { $0.summaryText?.isStored ?? true })
            #expect(loaded.conference.sessions.contains { $0.summaryText != nil })
            text = "\(loaded.format) \(loaded.warnings)\n"
            dump(Self.held(loaded.conference), to: &text)
            #expect(text == whole, "window of \(window) bytes")
        }
    }

    /// A path made a step at a time shares its steps, yet is equal to, hashes as and reads as
    /// the same path spelled whole; paths that differ anywhere differ.
    @Test func pathsMadeStepByStepAreThePathsTheySpell() {
        let room = JSONPath.root.appending("schedule").appending("conference").appending("days").appending(0).appending("rooms").appending("Saal 1")
        let event = room.appending(3)
        let spelled = JSONPath([.key("schedule"), .key("conference"), .key("days"), .index(0), .key("rooms"), .key("Saal 1"), .index(3)])
        #expect(event == spelled && event.hashValue == spelled.hashValue)
        #expect(event.components == spelled.components && event.components.count == 7)
        #expect(event.description == #"schedule.conference.days[0].rooms["Saal 1"][3]"#)
        #expect(Set([event, spelled, room.appending(4)]).count == 2)
        #expect(event != room.appending(4) && event != room && room != JSONPath.root && JSONPath.root == JSONPath([]))
        #expect(JSONPath.root.appending("a").appending(1) != JSONPath.root.appending(1).appending("a"))
        #expect(JSONPath.root.description == "$")
    }

    /// A window let go (the format told, the rest read in pieces) leaves the stream whole: pieces
    /// and positional reads give the file's bytes, and a value read after starts from the top.
    @Test func aWindowLetGoStillReadsTheWholeFile() throws {
        let path = Scratch.path("window-let-go.json")
        try Self.bundled.write(to: path)
        let handle = try #require(FileDescriptor(readingAtPath: path.path))
        defer { handle.close() }
        let stream = JSONStream(.file(handle, name: path.path, maximumSize: 1 << 20), name: "f.json")
        #expect(try stream.firstMeaningfulByte() == UInt8(ascii: "{"))
        stream.letGoOfWindow()
        var pieces = Data()
        try stream.forEachPiece { pieces.append(contentsOf: $0) }
        #expect(pieces == Self.bundled)
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer { space.deallocate() }
        #expect(try stream.bytes(into: space, at: 10) == 64 && Data(space) == Self.bundled.dropFirst(10).prefix(64))
        try stream.openObject()
        #expect(try stream.nextKey() != nil)
    }

    /// Cut anywhere, a document is refused where the whole-document reader refuses it: the same
    /// line, column and reason, whatever the window.
    @Test func aCutDocumentIsLocatedAsTheWholeReaderLocatesIt() {
        let document = Data(minimalDocument(sessions: session("a", start: #""2024-05-01T10:00+02:00""#) + ", " + session("b"),
                                            extraTop: #" "tracksAreEditorial": false,"#).utf8)
        for cut in stride(from: 1, to: document.count - 1, by: 3) {
            let part = document.prefix(cut)
            var expected = ""
            do {
                _ = try JSONDocument.tape(part, file: "f.json")
                continue  // a prefix that is whole JSON (none here, but nothing to compare)
            } catch {
                expected = error.description
            }
            for window in [16, 1 << 20] {
                #expect(Self.outcome(part, window: window) == expected, "cut at \(cut), window of \(window) bytes")
            }
        }
    }

    /// A number cut by the window's edge must not read as a shorter number.
    @Test func aNumberAcrossTheWindowsEdgeKeepsItsDigits() throws {
        let document = Data(minimalDocument(rooms: #"{"id": "hall", "name": "Hall", "capacity": 123456789}"#).utf8)
        for window in 16...48 {
            let loaded = try ScheduleLoader.read(JSONStream(.bytes(document), name: "f.json", window: window), venueZone: nil, checkingSchema: true) { _ in () }.loaded
            #expect(loaded.conference.rooms.first?.capacity == 123_456_789, "window of \(window) bytes")
        }
    }

    /// Keys may come in any order: lists before "format" are read whole until the format is
    /// known, and the program is the same.
    @Test func listsBeforeTheFormatKeyReadAlike() throws {
        let ordered = minimalDocument(sessions: session("a"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ordered.utf8)) as? [String: Any])
        let keys = ["speakers", "rooms", "conference", "tracks", "topics", "sources", "version", "sessions", "format"]
        let reordered = "{" + keys.map { key in
            let value = try! JSONSerialization.data(withJSONObject: object[key]!, options: [.fragmentsAllowed])
            return "\"\(key)\": " + String(decoding: value, as: UTF8.self)
        }.joined(separator: ", ") + "}"
        #expect(Self.outcome(Data(reordered.utf8)) == Self.outcome(Data(ordered.utf8)))
    }

    @Test func aRepeatedTopLevelKeyIsRefusedWhereItIsRepeated() {
        let text = "{\"format\": \"hallway-schedule\",\n \"format\": \"x\"}"
        #expect(loadErrors(text) == [#"demo.json:2:2: not valid JSON: duplicate key "format" in one object (JSON readers disagree on which one counts)"#])
    }

    /// The schema is checked an item at a time for the top-level lists, which holds only while
    /// their own rules ask for nothing of the list as a whole.
    @Test func theSchemasTopLevelListsAskOnlyForTheirItemsForm() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(PackageResources.hallway_schedule_schema_json)) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        for key in HallwayFormat.listKeys {
            let rule = try #require(properties[key] as? [String: Any], "\(key) is not in the schema")
            #expect(Set(rule.keys).isSubset(of: ["type", "items", "description", "title"]), "\(key): \(rule.keys.sorted())")
            #expect(rule["type"] as? String == "array")
        }
    }

    /// A schema problem inside a list item is found when the item is checked on its own.
    @Test func aSchemaProblemInAnItemIsFoundAtItsPath() {
        let errors = loadErrors(minimalDocument(sessions: session("a") + ", " + session("Not An Id")))
        #expect(errors.contains { $0.hasPrefix("demo.json: sessions[1].id:") }, "\(errors)")
    }
}

/// frab's events are read from the stream one at a time, under `schedule.conference.days[].rooms`;
/// what a whole read knew of the conference when it placed them must still hold.
@Suite("frab JSON read down to its events")
struct FrabJSONStreamTests {
    @Test func everyWindowReadsCamp2019Alike() throws {
        let camp = try Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path("frab-camp2019.json")))
        let whole = JSONStreamTests.outcome(camp)
        #expect(whole.hasPrefix("frabJSON"), "Camp 2019 did not load: \(whole.prefix(300))")
        for window in [16, 333, 4096] {
            #expect(JSONStreamTests.outcome(camp, window: window) == whole, "window of \(window) bytes")
        }
    }

    /// A file may name its zone and acronym after its days: the events read before them are
    /// still placed in the venue's zone and keyed by the acronym.
    @Test func aZoneAndAcronymGivenAfterTheDaysStillPlaceTheEvents() throws {
        let event = frabEvent(id: 4, extra: ["guid": "null"], date: nil, start: "09:15")
        let text = """
            {"schedule": {"conference": {"title": "Late", "days": [{"date": "2024-05-01", "rooms": {"Hall A": [\(event)]}}],
              "time_zone_name": "Asia/Kolkata", "acronym": "late"}, "version": "2"}}
            """
        let loaded = try ScheduleLoader.read(data: Data(text.utf8), name: "late.json")
        #expect(loaded.conference.sessions.map(\.id) == ["late-4"])
        #expect(loaded.conference.sessions.first?.start == instant("2024-05-01T03:45:00Z"))
        #expect(loaded.conference.timeZone.identifier == "Asia/Kolkata")
        #expect(loaded.conference.version == "2")
    }

    /// A key given twice deep inside the part read a field at a time is refused where the
    /// whole-document reader refuses it.
    @Test func aRepeatedKeyInADayOrARoomIsLocatedAsTheWholeReaderLocatesIt() {
        let repeatedInDay = frabDocument(events: frabEvent()).replacingOccurrences(of: #""index": 1,"#, with: #""index": 1, "index": 2,"#)
        let repeatedRoom = frabDocument(events: frabEvent()).replacingOccurrences(of: #""rooms": {"#, with: #""rooms": {"Hall A": [], "#)
        for text in [repeatedInDay, repeatedRoom] {
            let data = Data(text.utf8)
            var expected = ""
            do {
                _ = try JSONDocument.tape(data, file: "f.json")
            } catch {
                expected = error.description
            }
            #expect(expected.contains("duplicate key"), "\(expected)")
            for window in [16, 1 << 20] {
                #expect(JSONStreamTests.outcome(data, window: window) == expected, "window of \(window) bytes")
            }
        }
    }
}

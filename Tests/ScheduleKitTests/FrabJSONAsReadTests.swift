import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// frab JSON's events are placed as the stream reads them when the file gives what placing
/// needs before its days; otherwise the file is read again holding them. Either way the program
/// and every problem, in order, are what holding every event to the end makes of the file.
@Suite("frab JSON placed as it is read")
struct FrabJSONAsReadTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path(name)))
    }

    static func quirk(_ name: String) throws -> Data {
        try Data(contentsOf: FrabXMLStreamTests.quirks.appendingPathComponent("Quirks/\(name)"))
    }

    static let kolkata = Zone(identifier: "Asia/Kolkata")

    /// Documents whose shape each reach a different path through the reader.
    static let shapes: [String: String] = {
        let event = frabEvent(id: 4, guid: "g4")
        // Booked into Hall A while the first is on: a warning the builder tells once all are read.
        let later = frabEvent(id: 5, guid: "g5", date: "\"2024-05-01T10:15:00+02:00\"", start: "10:15")
        let plain = frabDocument(events: event + "," + later)
        func replacing(_ text: String, _ old: String, _ new: String) -> String {
            let changed = text.replacingOccurrences(of: old, with: new)
            precondition(changed != text, "\(old) is not in the document")
            return changed
        }
        return [
            "plain": plain,
            "zone and acronym after the days": replacing(replacing(frabDocument(zone: nil, events: event + "," + later), #""acronym": "demo", "#, ""),
                                                         #"}]}}}"#, #"}], "acronym": "demo", "time_zone_name": "Asia/Kolkata"}}}"#),
            "a key read nowhere after the days": replacing(plain, #"}]}}}"#, #"}], "colors": {"primary": "black"}}}}"#),
            "version after the conference": replacing(replacing(plain, #""version": "1", "#, ""), #"}]}}}"#, #"}]}, "version": "7"}}"#),
            "rooms under the schedule after the conference": replacing(plain, #"}]}}}"#, #"}]}, "rooms": []}}"#),
            "a day's date after its rooms": replacing(plain, #""date": "2024-05-01", "day_start""#, #""day_start""#)
                .replacingOccurrences(of: #"]}}]}}}"#, with: #"]}, "date": "2024-05-01"}]}}}"#),
            "a day without a date": replacing(plain, #""date": "2024-05-01", "#, ""),
            "a day with a bad start": replacing(plain, #""day_start": "2024-05-01T06:00:00+02:00""#, #""day_start": "6 o'clock""#),
            "a day that is not an object": replacing(plain, #""days": ["#, #""days": [42, "#),
            "rooms that are a list": replacing(plain, #""rooms": {"Hall A": ["#, #""rooms": [], "x": {"Hall A": ["#),
            "a room that is not a list": replacing(plain, #""rooms": {"Hall A": ["#, #""rooms": {"Hall Z": {"no": 1}, "Hall A": ["#),
            "days that are not a list": replacing(replacing(plain, #""days": ["#, #""days": {"d": ["#), #"}]}}}"#, #"}]}}}}"#),
            "no zone, wall clocks": frabDocument(zone: nil, events: frabEvent(id: 4, guid: "g4", date: nil, start: "09:15")),
            "no zone, dated events": frabDocument(zone: nil, events: event + "," + later),
            "the document's own url after the schedule": replacing(plain, #"}]}}}"#, #"}]}}, "url": "https://example.org/conf"}"#),
            "two days": replacing(plain, #""days": ["#, #""days": [{"index": 0, "date": "2024-04-30", "day_start": "2024-04-30T06:00:00+02:00", "day_end": "2024-05-01T04:00:00+02:00", "rooms": {"Hall B": ["#
                + frabEvent(id: 9, guid: "g9", extra: ["room": "\"Hall B\""], date: "\"2024-04-30T09:00:00+02:00\"") + "]}}, "),
            "an event with a bad duration": replacing(plain, #""duration": "00:30", "room": "Hall A", "slug": "t", "url": "https://example.org/t", "title": "Talk g5""#,
                                                      #""duration": "soon", "room": "Hall A", "slug": "t", "url": "https://example.org/t", "title": "Talk g5""#),
            "an event without a title": replacing(plain, #""title": "Talk g5""#, #""name": "Talk g5""#),
        ]
    }()

    static func document(_ name: String) throws -> Data {
        switch name {
        case "frab-camp2019.json", "pretalx-democon.json", "invalid-example.json", "hub-schedule2.json": try fixture(name)
        case "rooms-named-late-duplicate-guids.json", "abstracts-plain-and-marked.json": try quirk(name)
        case "quirks with refused events": try BuildingAsReadTests.withRefusedEvents()
        default: Data(try #require(shapes[name]).utf8)
        }
    }

    static let documents = ["frab-camp2019.json", "pretalx-democon.json", "invalid-example.json", "hub-schedule2.json",
                            "rooms-named-late-duplicate-guids.json", "abstracts-plain-and-marked.json", "quirks with refused events"]
        + shapes.keys.sorted()

    @Test(arguments: documents)
    func placedAsReadIsWhatHoldingMakes(_ name: String) throws {
        let data = try Self.document(name)
        for zone in [nil, Self.kolkata] {
            let held = JSONStreamTests.outcome(data, venueZone: zone, placingAsRead: false)
            for window in [16, 333, 1 << 20] {
                #expect(JSONStreamTests.outcome(data, window: window, venueZone: zone) == held,
                        "\(name), window of \(window) bytes, zone \(zone?.identifier ?? "as the file says")")
            }
        }
    }

    /// What the stream did: placed every event as read (nothing held), or spoiled and held them.
    static func streamed(_ data: Data) throws -> (spoiled: Bool, held: Int, placed: Bool) {
        let stream = JSONStream(.bytes(data), name: "f.json", window: 64)
        let placing = FrabJSONAsRead(venueZone: nil, file: "f.json")
        try stream.openObject()
        var held = 0
        while let key = try stream.nextKey() {
            if key == "schedule" {
                held = try FrabJSONStream.schedule(stream, placing: placing).1.count
            } else {
                _ = try stream.value()
            }
        }
        return (placing.spoiled, held, placing.isPlacing)
    }

    /// Real exports give their days last: nothing of theirs is held. The test above would pass
    /// were every file read twice; this one says which are.
    @Test(arguments: ["frab-camp2019.json", "pretalx-democon.json", "rooms-named-late-duplicate-guids.json", "plain",
                      "a key read nowhere after the days", "a day without a date", "a day that is not an object",
                      "no zone, wall clocks", "the document's own url after the schedule", "two days"])
    func aFileThatGivesItsDaysLastIsPlacedAsRead(_ name: String) throws {
        let outcome = try Self.streamed(Self.document(name))
        #expect(outcome.placed && !outcome.spoiled && outcome.held == 0, "\(name): \(outcome)")
    }

    @Test(arguments: ["invalid-example.json", "zone and acronym after the days", "version after the conference",
                      "rooms under the schedule after the conference", "a day's date after its rooms"])
    func aFileThatGivesWhatPlacingNeedsLateIsReadAgain(_ name: String) throws {
        let outcome = try Self.streamed(Self.document(name))
        #expect(outcome.spoiled && !outcome.placed, "\(name): \(outcome)")
    }

    /// schedule2 lists its events beside the conference; it is never placed as frab JSON.
    @Test func scheduleTwoIsNotPlaced() throws {
        let outcome = try Self.streamed(Self.document("hub-schedule2.json"))
        #expect(!outcome.placed, "\(outcome)")
    }
}

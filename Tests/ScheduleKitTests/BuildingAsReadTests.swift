import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// frab JSON's events are made sessions as they are placed, once the venue's zone is settled:
/// the program and every problem, in order, are what building after reading makes of them.
@Suite("Sessions made as frab JSON is read")
struct BuildingAsReadTests {
    static func read(_ data: Data, venueZone: Zone?, holding: Bool) -> String {
        let sink = DiagnosticSink(file: "f.json")
        do {
            let tape = try JSONDocument.tape(data, file: "f.json")
            var none = FrabJSONStream.Events()
            guard let conference = FrabJSONFormat.read(tape, streamed: &none, venueZone: venueZone, sink: sink, holdingEvents: holding) else {
                return "refused \(sink.diagnostics)"
            }
            return FrabXMLStreamTests.describe(conference, sink.diagnostics)
        } catch {
            return error.description
        }
    }

    static let quirk = FrabXMLStreamTests.quirks.appendingPathComponent("Quirks/rooms-named-late-duplicate-guids.json")

    /// The quirk file with events the reader refuses among the others.
    static func withRefusedEvents() throws -> Data {
        let fixture = try String(contentsOf: quirk, encoding: .utf8)
        let anchor = #""title": "No length", "persons": []}"#
        let refused = anchor + #",{"id": 5, "guid": "g-5", "date": "not a date", "start": "13:00", "duration": "soon", "title": "Broken times"},{"id": 8, "start": "09:00"}"#
        let text = fixture.replacingOccurrences(of: anchor, with: refused)
        #expect(text != fixture)
        return Data(text.utf8)
    }

    @Test(arguments: ["frab-camp2019.json", "pretalx-democon.json", "quirks", "quirks with refused events"])
    func madeAsReadIsMadeAsAfterReading(_ name: String) throws {
        let data = switch name {
        case "quirks": try Data(contentsOf: Self.quirk)
        case "quirks with refused events": try Self.withRefusedEvents()
        default: try Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path(name)))
        }
        for zone in [nil, Zone(identifier: "Asia/Kolkata")] {
            let held = Self.read(data, venueZone: zone, holding: true)
            #expect(held.contains("▿ sessions"), "\(name) did not load: \(held.prefix(400))")
            #expect(Self.read(data, venueZone: zone, holding: false) == held, "\(name), zone \(zone?.identifier ?? "as the file says")")
        }
    }

    /// The quirks the builder tells while the file is still being read come after the reader's
    /// own; the rooms the conference lists come first, then the others as events name them.
    @Test func theBuildersProblemsAndRoomsKeepTheirOrder() throws {
        let sink = DiagnosticSink(file: "f.json")
        var none = FrabJSONStream.Events()
        let tape = try JSONDocument.tape(Self.withRefusedEvents(), file: "f.json")
        let conference = try #require(FrabJSONFormat.read(tape, streamed: &none, venueZone: nil, sink: sink))
        #expect(conference.rooms.map(\.name) == ["Saal 1", "Stage Z", "Saal 2", "Saal 3"])
        let messages = sink.diagnostics.map(\.message)
        let firstOfBuilder = try #require(messages.firstIndex { $0.contains("given to people with different names") })
        let lastOfReader = try #require(messages.lastIndex { $0.contains("title") || $0.contains("expected") })
        #expect(lastOfReader < firstOfBuilder, "\(messages)")
        #expect(messages.contains { $0.contains("kept as \"g-1#2\"") })
        #expect(messages.contains { $0.contains("overlaps \"Same guid again\"") })
        #expect(messages.contains { $0.contains("is listed under 2024-12-28 but starts 2024-12-31") })
    }
}

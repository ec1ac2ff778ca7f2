import Testing
@testable import ScheduleKit

/// Events' places are kept packed where they are a line and column, as they are otherwise: each
/// reads back as the place appended, in any mix.
@Suite("Places of events, kept packed")
struct EventPlacesTests {
    @Test func everyKindOfPlaceReadsBackAsAppended() {
        let kinds: [Diagnostic.Location] = [
            .position(line: 1, column: 1), .position(line: 2_147_483_647, column: 4_294_967_295),
            .position(line: 0, column: 0), .position(line: 2_147_483_648, column: 3), .position(line: 7, column: 4_294_967_296),
            .position(line: -1, column: 2), .file, .path(JSONPath.root.appending("schedule").appending(3)),
            .element("schedule/day[1]/room[2]/event[3]", line: 40, column: 9),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let appended = (0..<Int.random(in: 0...40, using: &generator)).map { _ in kinds.randomElement(using: &generator)! }
            var places = EventPlaces()
            places.reserveCapacity(appended.count)
            for place in appended { places.append(place) }
            #expect(appended.indices.map { places[$0] } == appended)
        }
    }
}

import Testing
@testable import ScheduleKit

/// Events' places are kept packed where they are a line and column, as they are otherwise: each
/// reads back as the place appended, in any mix.
@Suite("Places of events, kept packed")
struct EventPlacesTests {
    static let hall = JSONPath.root.appending("rooms").appending("Hall 1")
    static let stage = JSONPath.root.appending("rooms").appending("Stage")

    /// frab JSON's events: items of a room's list, each read with the list's own path.
    @Test func itemsOfOneListArePackedAndReadBackWithTheirPaths() {
        var places = EventPlaces()
        let items = (0..<1000).map { Self.hall.appending($0) } + (0..<10).map { Self.stage.appending($0) }
        for item in items { places.append(.path(item)) }
        #expect(places.keptWhole == 0)
        #expect(items.indices.allSatisfy { places[$0] == .path(items[$0]) })
        guard case .path(let path) = places[999] else { Issue.record("\(places[999]) is not a path"); return }
        #expect(path.description == #"rooms["Hall 1"][999]"#)
    }

    /// frab XML's events: elements of a room, each with its line and column.
    @Test func elementsOfOneRoomArePackedAndReadBackWithTheirPaths() {
        var places = EventPlaces()
        let elements: [Diagnostic.Location] = (0..<3).flatMap { room in
            (0..<400).map { Diagnostic.Location.element("schedule/day[1]/room[\(room + 1)]/event[\($0 + 1)]", line: 10 + room * 400 + $0, column: 13) }
        }
        for element in elements { places.append(element) }
        #expect(places.keptWhole == 0)
        #expect(elements.indices.allSatisfy { places[$0] == elements[$0] })
    }

    @Test func everyKindOfPlaceReadsBackAsAppended() {
        let kinds: [Diagnostic.Location] = [
            .position(line: 1, column: 1), .position(line: 2_147_483_647, column: 4_294_967_295),
            .position(line: 0, column: 0), .position(line: 2_147_483_648, column: 3), .position(line: 7, column: 4_294_967_296),
            .position(line: -1, column: 2), .file, .path(JSONPath.root.appending("schedule").appending(3)),
            .element("schedule/day[1]/room[2]/event[3]", line: 40, column: 9),
            .position(line: 1_073_741_823, column: 5), .position(line: 1_073_741_824, column: 5),
            .path(Self.hall.appending(0)), .path(Self.hall.appending(4_294_967_295)), .path(Self.hall.appending(4_294_967_296)),
            .path(Self.hall.appending(-1)), .path(Self.stage.appending(2)), .path(Self.stage.appending("title")),
            .element("schedule/day[1]/room[2]/event[4]", line: 41, column: 9), .element("schedule/day[1]/room[3]/event[0]", line: 50, column: 1),
            .element("schedule/day[1]/room[2]/event[03]", line: 40, column: 9), .element("schedule", line: 1, column: 1),
            .element("schedule/day[1]/room[2]/event[4294967296]", line: 3, column: 3), .element("a/b[999999999]", line: 4_294_967_295, column: 0),
            .element("a/b[7]", line: -1, column: 2), .element("a/b[]", line: 2, column: 2), .element("a/b[x]", line: 2, column: 2),
            .element("a/b[7]", line: 4_294_967_296, column: 2), .element("房间[2]/event[1]", line: 5, column: 5),
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

import Foundation
import Testing
@testable import ScheduleKit

/// Sessions are put in program order in place, following each cycle of the order by swaps: the
/// result is what copying them in that order gives.
@Suite("Putting a list in an order in place")
struct PermuteTests {
    @Test(arguments: [0, 1, 2, 3, 10, 257])
    func anOrderInPlaceIsTheOrderCopied(_ count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        for _ in 0..<50 {
            let items = (0..<count).map { "item \($0)" }
            let order = Array(0..<count).shuffled(using: &generator)
            var permuted = items
            permuted.permute(to: order)
            #expect(permuted == order.map { items[$0] }, "\(order)")
        }
    }

    /// A frab file lists its events room by room; the index puts them by time, and the program
    /// loaded is left in that order, the index and it holding one list.
    @Test func theIndexOrdersTheLoadedProgramInPlace() throws {
        let events = frabEvent(id: 1, guid: "late", date: "\"2024-05-01T11:00:00+02:00\"", start: "11:00") + ","
            + frabEvent(id: 2, guid: "early", date: "\"2024-05-01T09:00:00+02:00\"", start: "09:00")
        let data = Data(frabDocument(events: events).utf8)
        let (loaded, index) = try ScheduleLoader.read(JSONStream(.bytes(data), name: "f.json"), venueZone: nil, checkingSchema: true,
                                                      making: { ScheduleIndex(ordering: &$0) })
        #expect(index.sessions.map(\.id) == ["early", "late"])
        #expect(loaded.conference.sessions.map(\.id) == ["early", "late"])
        #expect(try ScheduleLoader.read(data: data, name: "f.json").conference.sessions.map(\.id) == ["late", "early"])
    }
}

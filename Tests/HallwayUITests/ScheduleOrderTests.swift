import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("The schedule's order")
struct ScheduleOrderTests {
    /// By start, then room name (as `<` orders names, not ids), then file order; a session with no
    /// room or a room the program does not list goes first among its start's; untimed ones last.
    /// Rooms are told apart by their place among the program's rooms, not by hashing their ids.
    @Test func sessionsRunByStartThenRoomNameThenFileOrder() {
        let day = CivilDate(year: 2024, month: 12, day: 27)
        let zone = Zone(identifier: "Europe/Berlin")!
        // A room listed twice under one id is the first one listed, as everywhere else.
        let rooms = [Room(id: "a", name: "Zuse"), Room(id: "b", name: "Ärger"), Room(id: "c", name: "Ada"), Room(id: "d", name: "Ada"),
                     Room(id: "a", name: "Aaa")]
        func at(_ hour: Int, _ room: String?, _ id: String) -> Session {
            Session(id: id, titles: [SourcedTitle(language: "en", text: id)], day: day,
                    start: hour < 0 ? nil : day.at(hour: hour, minute: 0, second: 0, in: zone), roomID: room)
        }
        let sessions = [at(11, "a", "zuse-11"), at(10, "b", "aerger-10"), at(10, "a", "zuse-10"), at(10, "d", "ada2-10"), at(-1, "a", "untimed"),
                        at(10, "c", "ada-10"), at(10, nil, "none-10"), at(10, "x", "unlisted-10"), at(9, "b", "aerger-9")]
        let index = ScheduleIndex(Conference(id: "order", name: "Order", days: [day], timeZone: zone, rooms: rooms, sessions: sessions))
        let rows = Catalog.scheduleRows(Array(index.sessions.indices), index: index, roomRanks: Catalog.roomRanks(index))
        let shown = rows.map { row -> String in
            switch row {
            case .session(let position): index.sessions[position].id
            case .heading(let text): "— \(text)"
            default: "?"
            }
        }
        #expect(shown == ["aerger-9", "none-10", "unlisted-10", "ada2-10", "ada-10", "zuse-10", "aerger-10", "zuse-11",
                          "— \(SessionTimeText.notPublished)", "untimed"])
    }
}

import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// Issue 24: the booth's now-and-next board at every size: rooms with their titles, a page at a
/// time when they do not fit, two columns on a wide screen.
@Suite("The booth's now-and-next board")
struct NowBoardTests {
    /// Forty rooms, each with a talk on at 14:00 and one after it, titles long enough to be cut.
    static let hall: Browser = {
        let zone = Zone(identifier: "Europe/Berlin")!
        let day = CivilDate(year: 2024, month: 12, day: 28)
        let at = { (hour: Int, minute: Int) in day.start(in: zone).addingTimeInterval(Double(hour * 3600 + minute * 60)) }
        let rooms = (1...40).map { Room(id: "r\($0)", name: "Saal \($0)") }
        let sessions = rooms.enumerated().flatMap { number, room in [
            Session(id: "\(room.id)-a", titles: [SourcedTitle(language: "en", text: "Talk \(number + 1): a title long enough that a narrow board must cut it somewhere")],
                    day: day, start: at(13, 30), end: at(14, 30), roomID: room.id),
            Session(id: "\(room.id)-b", titles: [SourcedTitle(language: "en", text: "Next \(number + 1)")], day: day, start: at(14, 45), end: at(15, 30), roomID: room.id),
        ] }
        return Browser(index: ScheduleIndex(Conference(id: "hall", name: "Hall", days: [day], timeZone: zone, rooms: rooms, sessions: sessions)), keyMap: .kiosk)
    }()
    static let two = ISOInstant.parse("2024-12-28T14:00+01:00")!

    static func board(_ size: Size) -> AppState {
        hall.kioskStart(size: size, now: two, clock: .venue, localZone: Fixtures.utc, kiosk: KioskState(idleTimeout: 90, now: two))
    }

    @Test func eachRoomIsALineWithItsTitlesAndTheRestComePageByPage() {
        var state = Self.board(Size(columns: 80, rows: 24))
        let first = Self.hall.render(state).text
        #expect(first.contains("Now and next · rooms 1–"))
        #expect(first.contains("Saal 1   now Talk 1: a title long enough"))
        #expect(!first.contains("Saal 40"), "forty rooms do not fit 80×24")
        let pages = NowBoard.pages(state, browser: Self.hall)
        #expect(pages > 1)
        // Each page stays for a slide's time; then the next page, then the next slide.
        var seen: Set<String> = []
        for second in stride(from: 8.0, through: Double(pages) * 8, by: 8) {
            _ = Self.hall.reduce(&state, .tick(Self.two.addingTimeInterval(second)))
            if state.kiosk?.slide == 0 {
                seen.formUnion(Self.hall.render(state).text.split(separator: "\n").compactMap { $0.contains("now Talk") ? String($0.split(separator: " ").prefix(2).joined(separator: " ")) : nil })
            }
        }
        #expect(state.kiosk?.slide == 1 && state.kiosk?.boardPage == 0, "after the last page, the next slide")
        let firstPage = Set(first.split(separator: "\n").compactMap { $0.contains("now Talk") ? String($0.split(separator: " ").prefix(2).joined(separator: " ")) : nil })
        #expect(firstPage.union(seen).count == 40, "every room is on some page")
    }

    @Test func aWideBoardHasTwoColumnsOfWholeTitles() {
        let screen = Self.hall.render(Self.board(Size(columns: 200, rows: 60))).text
        let line = screen.split(separator: "\n").first { $0.contains("Saal 1 ") && $0.contains("now Talk 1:") }
        #expect(line != nil)
        #expect(line!.contains("a title long enough that a narrow board must cut it somewhere (30 min left)"))
        #expect(line!.components(separatedBy: "now Talk").count == 3, "two rooms on the line")
    }

    @Test func nothingOnSoonSaysSo() {
        var state = Self.board(Size(columns: 100, rows: 30))
        state.now = ISOInstant.parse("2024-12-28T06:00+01:00")!
        #expect(Self.hall.render(state).text.contains("Nothing on in the next three hours."))
    }
}

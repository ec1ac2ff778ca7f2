import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("The room grid")
struct GridTests {
    let browser = Fixtures.festival

    func grid(_ keys: String, size: Size = Size(columns: 80, rows: 24)) -> AppState {
        Fixtures.state(browser, size: size, keys: keys)
    }

    func title(_ state: AppState) -> String? { browser.selectedSession(state)?.displayTitle }

    @Test func opensOnTheSessionRunningNowWithTheCurrentTimeMarked() throws {
        let state = grid("6")
        #expect(state.view == .grid)
        #expect(title(state) == "Ambient mesh 在生产环境中的实践", "09:30–10:15 in the first room runs at 10:00")
        let screen = browser.render(state).textLines()
        #expect(screen.contains { $0.hasPrefix("▶10:00") }, "the current time is marked in the gutter")
        #expect(screen[2].contains("主会场 Main Hall") && screen[2].contains("Room 1"))
    }

    @Test func jAndKFollowARoomHAndLCrossToWhatRunsAtTheSameTime() {
        #expect(title(grid("6j")) == "Closing remarks (no end given)")
        #expect(title(grid("6k")) == "Opening keynote: ten years of service mesh")
        #expect(title(grid("6kk")) == "Opening keynote: ten years of service mesh", "the first session stays put")
        #expect(title(grid("6l")) == "eBPF for the data plane", "09:30 in Room 1 runs beside it")
        #expect(title(grid("6lh")) == "Ambient mesh 在生产环境中的实践")
        #expect(title(grid("6h")) == "Ambient mesh 在生产环境中的实践", "no room left of the first")
        #expect(title(grid("6G")) == "Closing remarks (no end given)")
    }

    @Test func aNarrowScreenShowsWholeColumnsAndScrollsToTheSelectedRoom() throws {
        let narrow = grid("6")
        let plan = try #require(browser.gridPlan(narrow))
        #expect(plan.visibleColumns == 4 && plan.grid.rooms.count == 8, "seven rooms and the column of sessions with no room")
        #expect(GridPlan.gutterWidth + plan.visibleColumns * plan.columnWidth <= 80)
        let moved = grid("6lllll")
        #expect(moved.grid.firstColumn == 2, "the fifth and sixth rooms brought into view")
        #expect(browser.render(moved).textLines()[1].contains("rooms 3–6 of 8"))
        let wide = try #require(browser.gridPlan(grid("6", size: Size(columns: 200, rows: 60))))
        #expect(wide.visibleColumns == 8)
    }

    @Test func blocksNeverOverlapInAColumnAndEverySessionWithATimeIsPlaced() throws {
        for day in ["6", "6]"] {
            let plan = try #require(browser.gridPlan(grid(day)))
            for column in plan.grid.rooms.indices {
                let rows = plan.placements(inColumn: column).filter { !$0.isBehind }.map(\.rows)
                for (a, b) in zip(rows, rows.dropFirst()) { #expect(a.upperBound <= b.lowerBound) }
            }
            // Never moved in time: every block's first row is its own start's.
            for placement in plan.placements {
                #expect(placement.rows.lowerBound == plan.row(of: placement.block.start), "\(placement.block.position)")
            }
        }
        let placed = try #require(browser.gridPlan(grid("6"))).placements.count + (try #require(browser.gridPlan(grid("6]")))).placements.count
        #expect(placed == browser.index.sessions.count)
    }

    @Test func bracketsChangeTheDayAndEnterOpensTheDetailsEscComesBack() {
        let next = grid("6]")
        #expect(title(next) == "Day two keynote: 服务网格的下一个十年")
        #expect(title(grid("6]]")) == title(next), "no day after the last")
        #expect(title(grid("6][")) == "Ambient mesh 在生产环境中的实践", "back on today, the grid again shows what runs now")
        let opened = grid("6l<Enter>")
        #expect(opened.view == .schedule && opened.focus == .detail && title(opened) == "eBPF for the data plane")
        let back = grid("6l<Enter><Esc>")
        #expect(back.view == .grid && title(back) == "eBPF for the data plane")
    }

    @Test func starringInTheGridMarksTheBlockAndTheAgenda() {
        let state = grid("6ls")
        #expect(state.stars == ["f3"])
        #expect(browser.render(state).text.contains("★ eBPF for the data plane"))
    }

    @Test func aClickSelectsTheBlockUnderIt() throws {
        var state = grid("6")
        let plan = try #require(browser.gridPlan(state))
        let room1 = try #require(plan.x(ofColumn: 1, firstColumn: 0))
        let row = try #require(plan.placement(ofPosition: browser.index.position(ofSession: "f3")!)).rows.lowerBound
        _ = browser.reduce(&state, .click(x: room1 + 3, y: plan.timeRows.y + row - state.grid.topRow))
        #expect(title(state) == "eBPF for the data plane")
    }

    @Test func theZoneMovesTheTimesDownTheGutter() {
        var state = grid("6")
        state.localZone = Zone(identifier: "Europe/Berlin")!
        let venue = browser.render(state).textLines()
        _ = browser.reduce(&state, .toggleClock)
        let berlin = browser.render(state).textLines()
        #expect(venue.contains { $0.hasPrefix("09:00") } && berlin.contains { $0.hasPrefix("03:00") })
    }

    @Test func aProgramWithNoTimesSaysSoAndIgnoresGridKeys() {
        var state = Fixtures.state(Fixtures.bundled, size: Size(columns: 80, rows: 24), keys: "6jl][<Enter>")
        #expect(state.view == .grid && Fixtures.bundled.gridPlan(state) == nil)
        #expect(Fixtures.bundled.render(state).text.contains("it publishes no session times"))
        #expect(Fixtures.bundled.reduce(&state, .toggleStar).isEmpty)
    }

    /// A congress stage of five-minute talks at odd minutes, and two that start on one row: each
    /// block on its own start row, a shared row marked "+1" and reached with j (issue 22, item 4).
    @Test func aBusyStageKeepsEveryTalkAtItsOwnTime() throws {
        let zone = Zone(identifier: "Europe/Berlin")!
        let day = CivilDate(year: 2024, month: 12, day: 28)
        let starts = ["11:50", "11:52", "11:57", "12:03", "12:08", "12:13", "12:18", "14:00", "14:10"]
        let sessions = starts.enumerated().map { number, start in
            let parts = start.split(separator: ":").map { Double($0)! }
            let begins = day.start(in: zone).addingTimeInterval(parts[0] * 3600 + parts[1] * 60)
            return Session(id: "b\(number)", titles: [SourcedTitle(language: "en", text: "Talk at \(start)")], day: day, start: begins,
                           end: begins.addingTimeInterval(number < 7 ? 300 : 1800), roomID: "borg")
        }
        let conference = Conference(id: "borg", name: "Stage", days: [day], timeZone: zone, rooms: [Room(id: "borg", name: "Borg")], sessions: sessions)
        let browser = Browser(index: ScheduleIndex(conference))
        let now = day.start(in: zone).addingTimeInterval(14 * 3600 + 10 * 60)
        var state = AppState(size: Size(columns: 100, rows: 60), now: now, localZone: zone)
        Fixtures.apply(browser, &state, .showView(.grid))
        let plan = try #require(browser.gridPlan(state))
        #expect(plan.minutesPerRow == 5)
        for placement in plan.placements {
            #expect(placement.rows.lowerBound == plan.row(of: placement.block.start), "\(browser.index.sessions[placement.block.position].displayTitle)")
        }
        let screen = browser.render(state).textLines()
        let nowLine = try #require(screen.firstIndex { $0.hasPrefix("▶14:10") })
        #expect(screen[nowLine].contains("Talk at 14:10"), "the 14:10 talk starts on the 14:10 line: \(screen[nowLine])")
        #expect(screen.contains { $0.contains("Talk at 11:50") && $0.contains("+1") }, "11:52 shares 11:50's row and is counted")
        #expect(!screen.contains { $0.contains("Talk at 11:52") })
        Fixtures.apply(browser, &state, .move(.top), .move(.down))
        #expect(browser.selectedSession(state)?.displayTitle == "Talk at 11:52")
        #expect(browser.render(state).textLines().contains { $0.contains("Talk at 11:52") }, "drawn over its row when selected")
    }

    /// Stepping from room to room keeps the time: from 13:50 four rooms on is what runs then,
    /// not a talk that ended at 12:40 (issue 22, item 5); 0 and $ go to the first and last room.
    @Test func crossingRoomsKeepsTheTime() throws {
        let zone = Zone(identifier: "Europe/Berlin")!
        let day = CivilDate(year: 2024, month: 12, day: 28)
        // room, start, minutes
        let table: [(Int, String, Double)] = [(0, "13:30", 60), (1, "12:00", 40), (1, "13:40", 40), (2, "11:00", 60), (2, "14:00", 30),
                                              (3, "12:00", 40), (4, "12:00", 40), (4, "13:45", 45), (5, "15:00", 30)]
        let sessions = table.enumerated().map { number, row in
            let parts = row.1.split(separator: ":").map { Double($0)! }
            let begins = day.start(in: zone).addingTimeInterval(parts[0] * 3600 + parts[1] * 60)
            return Session(id: "s\(number)", titles: [SourcedTitle(language: "en", text: "Room \(row.0) at \(row.1)")], day: day, start: begins,
                           end: begins.addingTimeInterval(row.2 * 60), roomID: "r\(row.0)")
        }
        let conference = Conference(id: "rooms", name: "Rooms", days: [day], timeZone: zone,
                                    rooms: (0..<6).map { Room(id: "r\($0)", name: "Saal \($0)") }, sessions: sessions)
        let browser = Browser(index: ScheduleIndex(conference))
        var state = AppState(size: Size(columns: 200, rows: 60), now: day.start(in: zone).addingTimeInterval(13 * 3600 + 50 * 60), localZone: zone)
        Fixtures.apply(browser, &state, .showView(.grid))
        var seen: [String] = [browser.selectedSession(state)!.displayTitle]
        for _ in 0..<5 {
            Fixtures.apply(browser, &state, .focusRight)
            seen.append(browser.selectedSession(state)!.displayTitle)
        }
        #expect(seen == ["Room 0 at 13:30", "Room 1 at 13:40", "Room 2 at 14:00", "Room 3 at 12:00", "Room 4 at 13:45", "Room 5 at 15:00"])
        Fixtures.apply(browser, &state, .firstRoom)
        #expect(browser.selectedSession(state)?.displayTitle == "Room 0 at 13:30")
        Fixtures.apply(browser, &state, .lastRoom)
        #expect(browser.selectedSession(state)?.displayTitle == "Room 5 at 15:00")
        Fixtures.apply(browser, &state, .focusLeft)
        #expect(browser.selectedSession(state)?.displayTitle == "Room 4 at 13:45", "still 13:50, not 15:00")
    }

    /// A room by name, in a program of many: `/room:…` and Enter from the grid select the hit in
    /// the grid, its room brought into view; Esc goes back (issue 22, item 5).
    @Test func aSearchFromTheGridJumpsToTheRoomInTheGrid() throws {
        let state = grid("6/room:lounge<Enter>")
        #expect(state.view == .grid)
        let session = try #require(browser.selectedSession(state))
        #expect(browser.index.room(of: session)?.name == "Lounge")
        let plan = try #require(browser.gridPlan(state))
        let column = try #require(plan.placement(ofPosition: state.grid.selected!)).block.column
        #expect(plan.x(ofColumn: column, firstColumn: state.grid.firstColumn) != nil, "the room is in view at 80 columns")
        #expect(browser.render(state).textLines().contains { $0.contains("Lounge") })
    }
}

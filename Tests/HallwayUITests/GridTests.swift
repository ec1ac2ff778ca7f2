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
                let rows = plan.placements(inColumn: column).map(\.rows)
                for (a, b) in zip(rows, rows.dropFirst()) { #expect(a.upperBound <= b.lowerBound) }
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
        state.localZone = TimeZone(identifier: "Europe/Berlin")!
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
}

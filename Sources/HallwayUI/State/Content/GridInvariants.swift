import FoundationEssentials
import Glibc
import ScheduleKit

/// What must hold of the room grid of any program: every session with a time is placed exactly
/// once, on the row of its own start; crossing rooms keeps the time. Checked by
/// `hallway validate --strict` and the tests, on files of every kind.
public enum GridInvariants {
    public static func check(_ browser: Browser) -> [String] {
        var broken: [String] = []
        let index = browser.index
        let timed = index.sessions.indices.filter { index.sessions[$0].start != nil && !index.sessions[$0].allDay }
        var placedPositions: [Int] = []
        let area = Rect(x: 0, y: 0, width: 200, height: 60)
        for day in browser.catalog.gridDays {
            guard let grid = RoomGrid(index, day: day) else { continue }
            let plan = GridPlan(grid, zone: index.conference.timeZone, area: area)
            for placement in plan.placements {
                placedPositions.append(placement.block.position)
                if placement.rows.lowerBound != plan.row(of: placement.block.start) {
                    broken.append("grid \(day): \"\(TerminalSafe.escaped(index.sessions[placement.block.position].displayTitle))\" is drawn away from its start")
                }
            }
            // From each session, through the reducer: the next room, the first and the last
            // select what runs at its start there, else the next to start, else the last.
            // Sampled to at most 60 starting points a day: each step runs the whole reducer.
            let fronts = plan.placements.filter { !$0.isBehind }
            let stride = max(1, fronts.count / 60)
            for from in Swift.stride(from: 0, to: fronts.count, by: stride).map({ fronts[$0] }) {
                let time = from.block.start
                let last = grid.rooms.count - 1
                for (action, column) in [(Action.focusRight, from.block.column + 1), (.firstRoom, 0), (.lastRoom, last)] where column <= last {
                    let expected = plan.placement(inColumn: column, at: time)
                    var state = AppState(size: Size(columns: area.width, rows: area.height), now: time)
                    state.view = .grid
                    state.grid.day = browser.catalog.gridDays.firstIndex(of: day)
                    state.grid.selected = from.block.position
                    state.grid.time = time
                    _ = browser.reduce(&state, action)
                    if state.grid.selected != expected?.block.position {
                        broken.append("grid \(day): crossing to room \(column + 1) from \(SessionTimeText.hourMinute(time, in: index.conference.timeZone)) does not keep the time")
                    }
                }
            }
        }
        if placedPositions.sorted() != timed.sorted() {
            broken.append("the grid places \(placedPositions.count) sessions; \(timed.count) have a time")
        }
        return broken
    }
}

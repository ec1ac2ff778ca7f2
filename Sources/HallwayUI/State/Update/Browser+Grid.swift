import FoundationEssentials
import Glibc
import ScheduleKit

/// The room grid's behaviour: keys move between sessions (j/k in a room, h/l across rooms),
/// `[`/`]` change the day, Enter opens the session in the Schedule view (Esc comes back).
extension Browser {
    /// The grid of the day on screen, fitted to the screen; nil when the program publishes no times.
    public func gridPlan(_ state: AppState) -> GridPlan? {
        let days = catalog.gridDays
        guard !days.isEmpty else { return nil }
        let day = days[min(max(0, state.grid.day ?? 0), days.count - 1)]
        let filter = state.filter
        let admitting: ((Session) -> Bool)? = filter.isEmpty ? nil : { filter.admits($0) }
        guard let grid = RoomGrid(index, day: day, admitting: admitting) else { return nil }
        return GridPlan(grid, zone: state.clock.zone(for: index.conference), area: layout(state).body)
    }

    /// Handles the actions that mean something else in the grid. True when handled.
    func reduceGrid(_ state: inout AppState, _ action: Action) -> Bool {
        guard state.view == .grid, state.search == nil, !state.showHelp else { return false }
        switch action {
        case .nextDay, .previousDay:
            let count = catalog.gridDays.count
            guard count > 0 else { return true }
            let day = (state.grid.day ?? 0) + (action == .nextDay ? 1 : -1)
            guard (0..<count).contains(day) else { return true }
            state.grid = GridPosition()
            state.grid.day = day
            return true
        case .move(let movement):
            guard let plan = gridPlan(state) else { return true }
            moveInGrid(&state, plan, movement)
            return true
        case .focusLeft, .focusRight:
            guard let plan = gridPlan(state), let current = state.grid.selected.flatMap(plan.placement(ofPosition:)) else { return true }
            crossRooms(&state, plan, to: current.block.column + (action == .focusRight ? 1 : -1))
            return true
        case .firstRoom, .lastRoom:
            guard let plan = gridPlan(state) else { return true }
            crossRooms(&state, plan, to: action == .firstRoom ? 0 : plan.grid.rooms.count - 1)
            return true
        case .open:
            if let position = state.grid.selected { openFromGrid(&state, position) }
            return true
        case .click(let x, let y):
            guard !layout(state).header.contains(x: x, y: y) else { return false }
            if let plan = gridPlan(state), let placement = plan.placement(atX: x, y: y, position: state.grid) {
                state.grid.selected = placement.block.position
                state.grid.time = placement.block.start
            }
            return true
        case .scroll(_, _, let lines):
            state.grid.topRow += lines
            return true
        default:
            return false
        }
    }

    /// Puts the grid in a valid place: a day chosen (today when the conference is on), a session
    /// selected (what runs now, or next, or the day's first), its room among the visible columns.
    func normalizeGrid(_ state: inout AppState) {
        guard state.view == .grid else { return }
        let days = catalog.gridDays
        guard !days.isEmpty else { return }
        if state.grid.day == nil {
            let today = CivilDate(state.now, in: index.conference.timeZone)
            state.grid.day = days.firstIndex(of: today) ?? 0
        }
        state.grid.day = min(max(0, state.grid.day!), days.count - 1)
        guard let plan = gridPlan(state) else { return }
        if state.grid.selected.flatMap(plan.placement(ofPosition:)) == nil {
            let blocks = plan.grid.blocks
            let running = blocks.first { $0.start <= state.now && state.now < $0.end }
            let upcoming = blocks.filter { $0.start > state.now }.min { ($0.start, $0.column) < ($1.start, $1.column) }
            let first = blocks.min { ($0.start, $0.column) < ($1.start, $1.column) }
            state.grid.selected = (running ?? upcoming ?? first)?.position
            state.grid.time = running == nil ? (upcoming ?? first)?.start : state.now
            state.grid.topRow = 0
            if let placement = state.grid.selected.flatMap(plan.placement(ofPosition:)) {
                reveal(placement, in: plan, &state.grid)
                // Open with a little of what came before, so the selection is not on the top edge.
                state.grid.topRow = max(0, min(state.grid.topRow, placement.rows.lowerBound - 1))
            }
        }
        let visibleRows = plan.timeRows.height
        state.grid.topRow = min(max(0, state.grid.topRow), max(0, plan.rowCount - visibleRows))
        state.grid.firstColumn = min(max(0, state.grid.firstColumn), max(0, plan.grid.rooms.count - plan.visibleColumns))
    }

    /// Scrolls so the whole block shows when it fits, else its start; and its room's column.
    private func reveal(_ placement: GridPlan.Placement, in plan: GridPlan, _ grid: inout GridPosition) {
        let visible = max(1, plan.timeRows.height)
        if placement.rows.lowerBound < grid.topRow {
            grid.topRow = placement.rows.lowerBound
        } else if placement.rows.upperBound > grid.topRow + visible {
            grid.topRow = placement.rows.lowerBound - max(0, visible - placement.rows.count)
        }
        let column = placement.block.column
        if column < grid.firstColumn { grid.firstColumn = column }
        if column >= grid.firstColumn + plan.visibleColumns { grid.firstColumn = column - plan.visibleColumns + 1 }
    }

    private func moveInGrid(_ state: inout AppState, _ plan: GridPlan, _ movement: Movement) {
        guard let current = state.grid.selected.flatMap(plan.placement(ofPosition:)) else { return }
        let column = plan.placements(inColumn: current.block.column)
        guard let here = column.firstIndex(of: current) else { return }
        let visible = max(1, plan.timeRows.height)
        let target: GridPlan.Placement?
        switch movement {
        case .up: target = column[max(0, here - 1)]
        case .down: target = column[min(column.count - 1, here + 1)]
        case .top: target = column.first
        case .bottom: target = column.last
        case .pageUp, .pageDown, .halfPageUp, .halfPageDown:
            // Paging scrolls the time; the selection follows to a session of the same room in view, if any.
            let page = movement == .pageUp || movement == .pageDown ? visible : max(1, visible / 2)
            state.grid.topRow += movement == .pageDown || movement == .halfPageDown ? page : -page
            state.grid.topRow = min(max(0, state.grid.topRow), max(0, plan.rowCount - visible))
            let window = state.grid.topRow..<(state.grid.topRow + visible)
            if let inView = column.first(where: { $0.rows.overlaps(window) }) {
                state.grid.selected = inView.block.position
                state.grid.time = inView.block.start
            }
            return
        }
        if let target {
            state.grid.selected = target.block.position
            state.grid.time = target.block.start
            reveal(target, in: plan, &state.grid)
        }
    }

    /// h/l, 0/$: in room `column`, what runs at the remembered time, else the next to start, else
    /// the last before it. The time is kept, not the selection's start: stepping from room to
    /// room used to drift back to whatever started earliest, four rooms on a talk two hours old.
    private func crossRooms(_ state: inout AppState, _ plan: GridPlan, to column: Int) {
        guard plan.grid.rooms.indices.contains(column),
              let current = state.grid.selected.flatMap(plan.placement(ofPosition:)) else { return }
        let time = state.grid.time ?? current.block.start
        guard let chosen = plan.placement(inColumn: column, at: time) else { return }
        state.grid.selected = chosen.block.position
        state.grid.time = time
        reveal(chosen, in: plan, &state.grid)
    }

    /// Selects a session in the grid of its day, scrolled into view; false when it has no place
    /// there (no time, all day).
    func selectInGrid(_ position: Int, _ state: inout AppState) -> Bool {
        let session = index.sessions[position]
        guard let start = session.start, !session.allDay, let day = session.day,
              let dayIndex = catalog.gridDays.firstIndex(of: day) else { return false }
        state.view = .grid
        state.grid = GridPosition()
        state.grid.day = dayIndex
        state.grid.selected = position
        state.grid.time = start
        if let plan = gridPlan(state), let placement = plan.placement(ofPosition: position) { reveal(placement, in: plan, &state.grid) }
        return true
    }

    /// Enter: the session in the Schedule view with its details; Esc returns to the grid.
    private func openFromGrid(_ state: inout AppState, _ position: Int) {
        state.history.append(AppState.Place(view: state.view, position: state.position))
        reveal(sessionAt: position, preferring: .schedule, in: &state)
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// `.` and a start during the conference: to what runs now or starts next today. In the grid,
/// today's grid at that session; in My agenda, the first starred session not yet over; elsewhere
/// the Schedule, today, at the first of the sessions on now that began last, else at the next.
extension Browser {
    /// The venue's date now.
    func today(_ state: AppState) -> CivilDate { CivilDate(state.now, in: index.conference.timeZone) }

    /// Today's rows with `▶ now` before the first session yet to start (after the last, when all have).
    func withNowDivider(_ rows: [SessionRow], _ state: AppState) -> [SessionRow] {
        // A day with no published times has no place for the clock.
        guard rows.contains(where: { $0.sessionPosition.map { index.sessions[$0].start != nil } ?? false }) else { return rows }
        let divider = SessionRow.now("▶ now " + SessionTimeText.hourMinute(state.now, in: state.clock.zone(for: index.conference)))
        let upcoming = rows.firstIndex { row in
            if case .heading = row { return true }  // the untimed sessions' heading
            guard let position = row.sessionPosition, let start = index.sessions[position].start else { return false }
            return start > state.now
        }
        var rows = rows
        rows.insert(divider, at: upcoming ?? rows.endIndex)
        return rows
    }

    /// Whether a session is over by `now` (one with no end lasts `NowAndNext.assumedLength`).
    func isOver(_ session: Session, at now: Date) -> Bool {
        guard let start = session.start else { return false }
        return (session.end ?? start.addingTimeInterval(NowAndNext.assumedLength)) <= now
    }

    func jumpToNow(_ state: inout AppState) {
        let zone = index.conference.timeZone
        let today = CivilDate(state.now, in: zone)
        if state.view == .grid {
            guard let day = catalog.gridDays.firstIndex(of: today) else { return }
            state.grid = GridPosition()
            state.grid.day = day
            return
        }
        let view: ViewKind = state.view == .agenda ? .agenda : .schedule
        let groups = groups(of: view, in: state)
        guard let groupIndex = groups.firstIndex(where: { $0.subject == .day(today) }) else { return }
        var place = ViewPosition()
        place.groups.selected = groupIndex
        place.focus = .sessions
        state.view = view
        state.positions[view] = place
        // The rows as shown, the now divider among them.
        let rows = sessionRows(state)
        let notOver = rows.indices.filter { row in
            guard let position = rows[row].sessionPosition, index.sessions[position].start != nil else { return false }
            return !isOver(index.sessions[position], at: state.now)
        }
        // What is on now is what began last: at 14:10 on a congress the talks of 14:00, not an
        // all-day workshop that began at 10:00 and is not over either (it stays reachable above).
        let start = { (row: Int) in rows[row].sessionPosition.flatMap { self.index.sessions[$0].start } }
        let latestBegun = notOver.compactMap(start).filter { $0 <= state.now }.max()
        let landing = latestBegun.flatMap { latest in notOver.first { start($0) == latest } }
        guard let row = landing ?? notOver.first ?? rows.lastIndex(where: { $0.sessionPosition != nil }) else { return }
        // Near the top, a few rows of what began earlier above it, so the divider and what comes next show.
        state.positions[view]?.sessions = ListState(selected: row, offset: max(0, row - 3))
    }

    /// Whether the program has sessions today: a first start then opens on now.
    public func isOnToday(_ state: AppState) -> Bool {
        let today = CivilDate(state.now, in: index.conference.timeZone)
        return groups(of: .schedule, in: state).contains { $0.subject == .day(today) && $0.sessionCount > 0 }
    }

    /// The browser as a first start shows it: in `startView` when the reader left one, else during
    /// the conference on now (the Schedule, today), else on Tracks. The terminal and `render` both
    /// open here, so what `render` prints is what a person sees.
    public func openingState(size: Size, now: Date, clock: ClockMode, localZone: Zone, machineZone: Zone = .current,
                             startView: ViewKind? = nil) -> AppState {
        var state = AppState(size: size, now: now, clock: clock, localZone: localZone, machineZone: machineZone)
        if let startView {
            state.view = startView
            normalize(&state)
        } else if isOnToday(state) {
            _ = reduce(&state, .jumpToNow)
        }
        return state
    }
}

import Foundation
import ScheduleKit

/// `.` and a start during the conference: to what runs now or starts next today. In the grid,
/// today's grid at that session; in My agenda, the first starred session not yet over; elsewhere
/// the Schedule, today, at the first session not yet over.
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
        let notOver = rows.firstIndex { row in
            guard let position = row.sessionPosition, index.sessions[position].start != nil else { return false }
            return !isOver(index.sessions[position], at: state.now)
        }
        guard let row = notOver ?? rows.lastIndex(where: { $0.sessionPosition != nil }) else { return }
        state.positions[view]?.sessions.selected = row
    }

    /// Whether the program has sessions today: a first start then opens on now.
    public func isOnToday(_ state: AppState) -> Bool {
        let today = CivilDate(state.now, in: index.conference.timeZone)
        return groups(of: .schedule, in: state).contains { $0.subject == .day(today) && $0.sessionCount > 0 }
    }
}

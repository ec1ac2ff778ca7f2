import Foundation
import ScheduleKit

/// `.` and a start during the conference: to what runs now or starts next today. In the grid,
/// today's grid at that session; in My agenda, the first starred session not yet over; elsewhere
/// the Schedule, today, at the first session not yet over.
extension Browser {
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
        let groups = view == .agenda ? AgendaRows.groups(agenda(state), index: index) : catalog.groups(.schedule)
        guard let groupIndex = groups.firstIndex(where: { $0.subject == .day(today) }) else { return }
        let rows = groups[groupIndex].rows
        let notOver = rows.firstIndex { row in
            guard let position = row.sessionPosition, let start = index.sessions[position].start else { return false }
            let end = index.sessions[position].end ?? start.addingTimeInterval(NowAndNext.assumedLength)
            return end > state.now
        }
        guard let row = notOver ?? rows.lastIndex(where: { $0.sessionPosition != nil }) else { return }
        var place = ViewPosition()
        place.groups.selected = groupIndex
        place.sessions.selected = row
        place.focus = .sessions
        state.view = view
        state.positions[view] = place
    }

    /// Whether the program has sessions today: a first start then opens on now.
    public func isOnToday(_ state: AppState) -> Bool {
        let today = CivilDate(state.now, in: index.conference.timeZone)
        return catalog.groups(.schedule).contains { $0.subject == .day(today) && $0.sessionCount > 0 }
    }
}

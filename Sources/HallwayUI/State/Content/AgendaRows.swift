import ScheduleKit

/// My agenda as the groups pane shows it: one group a day, then the starred sessions whose time
/// was not published.
enum AgendaRows {
    static func groups(_ agenda: Agenda, index: ScheduleIndex) -> [GroupRow] {
        agenda.days.map { day in
            GroupRow(subject: day.day.map { .day($0) } ?? .unassigned, title: day.day?.shortDisplay ?? "Time not published",
                     detail: nil, rows: day.positions.map(SessionRow.session))
        }
    }
}

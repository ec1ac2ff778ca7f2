import FoundationEssentials
import Glibc
import ScheduleKit

/// `--remind`: a starred talk about to start is said in the header, with the bell, once.
extension Browser {
    /// A starred session starting within the reminder time, not yet reminded of: says so in the
    /// header and asks for the bell, once per session. Never in the kiosk, which keeps no stars.
    func remind(_ state: inout AppState) -> Bool {
        guard state.remindMinutes > 0, state.kiosk == nil, !state.stars.isEmpty else { return false }
        let horizon = state.now.addingTimeInterval(TimeInterval(state.remindMinutes * 60))
        // Keyed by session and start, so a starred talk that moved is reminded of at its new time;
        // a cancelled one never rings.
        let due = state.stars.compactMap(index.session(id:)).filter { session in
            guard let start = session.start, !session.cancelled, !state.reminded.contains(Self.reminderKey(session)) else { return false }
            return start > state.now && start <= horizon
        }.sorted { $0.start! < $1.start! }
        guard let first = due.first else { return false }
        state.reminded.formUnion(due.map(Self.reminderKey))
        let minutes = NowAndNext.minutes(from: state.now, to: first.start!)
        let room = index.room(of: first).map { " in \($0.name)" } ?? ""
        var text = "in \(minutes) min\(room): \(first.displayTitle)"
        // Starred talks that clash with it are named too: the reminder is when to choose.
        let position = index.position(ofSession: first.id)
        let clashing = position.flatMap { agenda(state).conflicts[$0] }?.map { index.sessions[$0] }.filter { !$0.cancelled } ?? []
        if !clashing.isEmpty {
            text += " ! clashes with " + clashing.map { session in
                session.displayTitle + (index.room(of: session).map { " (\($0.name))" } ?? "")
            }.joined(separator: ", ")
        }
        state.programNotice = ProgramNotice(text, isWarning: true)
        return true
    }

    static func reminderKey(_ session: Session) -> String {
        "\(session.id)@\(Int(session.start?.timeIntervalSince1970 ?? 0))"
    }
}

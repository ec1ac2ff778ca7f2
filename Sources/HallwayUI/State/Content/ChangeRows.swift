import ScheduleKit

/// The Changes view's groups: one a kind of change (cancelled first, then moved, …), its sessions
/// with the starred ones first, then by day.
enum ChangeRows {
    static func groups(_ digest: ChangeDigest?, stars: Set<String>, index: ScheduleIndex) -> [GroupRow] {
        guard let digest else { return [] }
        let zone = index.conference.timeZone
        return SessionChange.Kind.allCases.compactMap { kind in
            let changes = digest.changes.filter { $0.kinds.contains(kind) }
            guard !changes.isEmpty else { return nil }
            var rows: [SessionRow] = []
            let starred = changes.filter { stars.contains($0.key) }
            if !starred.isEmpty {
                rows.append(.heading("★ starred"))
                rows += starred.compactMap { index.position(ofSession: $0.key) }.map(SessionRow.session)
            }
            var day: String?
            for change in changes where !stars.contains(change.key) {
                guard let position = index.position(ofSession: change.key) else { continue }
                let session = index.sessions[position]
                let heading = session.start.map { CivilDate($0, in: zone).shortDisplay } ?? session.day?.shortDisplay ?? SessionTimeText.notPublished
                if heading != day {
                    rows.append(.heading(heading))
                    day = heading
                }
                rows.append(.session(position))
            }
            return GroupRow(subject: .change(kind), title: kind.heading, detail: nil, rows: rows)
        }
    }
}

import ScheduleKit

/// The program as plain lines grouped by track: what `hallway` prints when stdout is not a
/// terminal (`hallway | less`, scripts). Every string from the data is sanitised, so the output
/// carries no escape bytes whatever the file contained.
public enum ProgramListing {
    /// Starred sessions (keys in `stars`) are marked with ★, as in every list of the browser.
    public static func render(_ index: ScheduleIndex, stars: Set<String> = [], clock: ClockMode = .venue) -> String {
        let conference = index.conference
        var lines: [String] = []
        let safe = TerminalSafe.line
        var heading = safe(conference.name)
        if let zh = conference.nameZh, !zh.isEmpty { heading += " · \(safe(zh))" }
        lines.append(heading)
        var facts = [index.days.map(\.shortDisplay).joined(separator: ", "), conference.timeZone.displayName]
        if let venue = conference.venue { facts.append(safe(venue.name)) }
        lines.append(facts.filter { !$0.isEmpty }.joined(separator: " · "))
        if index.sessions.allSatisfy({ !$0.hasPublishedTime }) {
            lines.append("Times and rooms were not published; sessions are listed in program order where it is known.")
        }
        if conference.tracksAreEditorial {
            lines.append("Tracks are editorial groupings, not official conference tracks.")
        }

        var groups: [(String, [Session])] = conference.tracks.map { (safe($0.name), index.sessions(track: $0.id)) }
        let untracked = index.sessionsWithoutTrack
        if !untracked.isEmpty { groups.append(("No track", untracked)) }
        for (name, sessions) in groups where !sessions.isEmpty {
            lines.append("")
            lines.append("\(name) (\(sessions.count))")
            for session in sessions {
                lines.append((stars.contains(session.id) ? "★ " : "  ") + safe(session.primaryTitle?.qualifiedText ?? session.displayTitle))
                if let zh = session.title(language: "zh"), session.title(language: "en") != nil {
                    lines.append("    " + safe(zh.qualifiedText))
                }
                let people = index.speakers(of: session).map { speaker in
                    speaker.organization.map { "\(safe(speaker.fullName)) (\(safe($0.qualifiedName)))" } ?? safe(speaker.fullName)
                }
                var detail = people.joined(separator: ", ")
                let when = SessionTimeText.full(session, conference: conference, mode: clock)
                detail += detail.isEmpty ? when : " · \(when)"
                if let room = session.roomID.flatMap(index.room(id:)) { detail += " · \(safe(room.name))" }
                lines.append("    " + detail)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

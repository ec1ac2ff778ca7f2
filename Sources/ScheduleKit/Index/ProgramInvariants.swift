import FoundationEssentials
import Glibc

/// What must hold of any program Hallway has read, whatever file it came from: the rules the
/// readers promise (issue 22's quirks of real files), checked on the result so that a new real
/// file can be tried in one line (`hallway validate --strict`). Each broken rule is one line.
public enum ProgramInvariants {
    /// The latest a session may start and still be listed on the day before (a congress's night).
    static let latestNightHour = 6

    public static func check(_ index: ScheduleIndex) -> [String] {
        var broken: [String] = []
        let conference = index.conference
        let zone = conference.timeZone
        for session in index.sessions {
            let name = "session \"\(TerminalSafe.escaped(session.id))\""
            if let start = session.start, !session.allDay, let day = session.day {
                let (date, early) = SessionDay.date(of: start, in: zone, before: latestNightHour)
                let night = early && day == date.adding(days: -1)
                if day != date, !night {
                    broken.append("\(name) is on \(day) but starts \(date) \(SessionTimeText.hourMinute(start, in: zone)) in the venue's zone")
                }
            }
            let names = index.speakers(of: session).map { $0.name.lowercased() }
            if Set(names).count != names.count { broken.append("\(name) names one speaker twice") }
            if let day = session.day, !conference.days.contains(day) { broken.append("\(name) is on \(day), which is not one of the program's days") }
        }
        let usedRooms = Set(index.sessions.compactMap(\.roomID))
        for room in conference.rooms where !usedRooms.contains(room.id) {
            broken.append("room \"\(TerminalSafe.escaped(room.name))\" has no session")
        }
        let speakerIDs = conference.speakers.map(\.id)
        if Set(speakerIDs).count != speakerIDs.count { broken.append("two speakers share an id") }
        return broken
    }
}

import FoundationEssentials
import Glibc

/// A change in words, old → new, as the command line, the details pane and the kiosk board say it.
/// Texts from the file are sanitised here, once, for every place that shows them.
public enum ChangeText {
    /// "Sat 14:00 Saal 6"; the day alone when no time is published; "not placed" when neither is.
    public static func placement(_ facts: SessionFacts, in zone: Zone) -> String {
        var parts: [String] = []
        if let start = facts.start {
            parts.append(CivilDate(start, in: zone).weekdayName.prefix(3) + " " + SessionTimeText.hourMinute(start, in: zone))
        } else if let day = facts.day {
            parts.append(day.shortDisplay)
        }
        if let room = facts.room { parts.append(TerminalSafe.line(room)) }
        return parts.isEmpty ? "not placed" : parts.joined(separator: " ")
    }

    /// What changed in one kind, old → new, without the title ("Sat 14:00 Saal 6 → Sat 14:00 Saal 2").
    public static func detail(_ kind: SessionChange.Kind, of change: SessionChange, in zone: Zone) -> String {
        let (old, new) = (change.old, change.new)
        switch kind {
        case .added, .reinstated:
            return new.map { placement($0, in: zone) } ?? ""
        case .cancelled:
            let was = old ?? new
            let place = was.map { placement($0, in: zone) } ?? ""
            return change.leftTheProgram ? "was \(place); no longer in the program" : "was \(place)"
        case .moved:
            return "\(old.map { placement($0, in: zone) } ?? "") → \(new.map { placement($0, in: zone) } ?? "")"
        case .retimed:
            return "\(length(old?.minutes)) → \(length(new?.minutes))"
        case .retitled:
            return "\(TerminalSafe.line(old?.title ?? "")) → \(TerminalSafe.line(new?.title ?? ""))"
        case .speakers:
            let (added, removed, renamed) = change.speakerChanges
            let parts = renamed.map { "\(TerminalSafe.line($0.from)) → \(TerminalSafe.line($0.to))" }
                + added.map { "+" + TerminalSafe.line($0) } + removed.map { "−" + TerminalSafe.line($0) }
            return parts.joined(separator: ", ")
        case .language:
            return "\(old?.language ?? "none") → \(new?.language ?? "none")"
        }
    }

    /// One line a kind: "moved: Title — Sat 14:00 Saal 6 → Sat 14:00 Saal 2". A retitle names the
    /// titles themselves.
    public static func lines(_ change: SessionChange, in zone: Zone) -> [String] {
        change.kinds.map { line($0, of: change, in: zone) }
    }

    /// The line of one kind of a change.
    public static func line(_ kind: SessionChange.Kind, of change: SessionChange, in zone: Zone) -> String {
        let what = detail(kind, of: change, in: zone)
        if kind == .retitled { return "retitled: \(what)" }
        let title = TerminalSafe.line(change.title)
        return what.isEmpty ? "\(kind.rawValue): \(title)" : "\(kind.rawValue): \(title) — \(what)"
    }

    /// What a public board says of the moves and cancellations of talks on in the hours ahead
    /// (from half an hour ago to `hours` from now): "Moved: Title — now Fri 16:00 Saal 2",
    /// "Cancelled: Title (was Fri 20:15 Saal 1)". Nothing personal: it is the same for everyone.
    public static func board(_ digest: ChangeDigest, at now: Date, hours: Double = 6, in zone: Zone) -> [String] {
        let window = now.addingTimeInterval(-30 * 60)...now.addingTimeInterval(hours * 3600)
        return digest.changes.compactMap { change in
            let title = TerminalSafe.line(change.title)
            if change.kinds.contains(.cancelled), let start = (change.old ?? change.new)?.start, window.contains(start) {
                return "Cancelled: \(title) (was \(placement(change.old ?? change.new!, in: zone)))"
            }
            if change.kinds.contains(.moved), let new = change.new, let start = new.start, window.contains(start) {
                return "Moved: \(title) — now \(placement(new, in: zone))"
            }
            return nil
        }
    }

    static func length(_ minutes: Int?) -> String {
        guard let minutes else { return "no length" }
        return minutes < 60 || minutes % 60 != 0 && minutes < 120 ? "\(minutes) min" : minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }

    /// The release a digest starts from, as people name it: its version string, else when it was seen.
    public static func release(_ version: ProgramVersion, seenIn zone: Zone = .current) -> String {
        let seen = "seen " + SessionTimeText.dayAndTime(version.seen, in: zone)
        return version.version.map { "version \(TerminalSafe.line($0)), \(seen)" } ?? seen
    }
}

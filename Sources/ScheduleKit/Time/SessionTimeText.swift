import FoundationEssentials
import Glibc

/// Which clock times are shown in: the venue's (what the printed program says) or the reader's.
public enum ClockMode: Sendable, Hashable {
    case venue
    case zone(Zone)

    public func zone(for conference: Conference) -> Zone {
        switch self {
        case .venue: conference.timeZone
        case .zone(let zone): zone
        }
    }
}

/// Words for when a session happens. Never invents a time: unknown stays "time not published".
public enum SessionTimeText {
    public static let notPublished = "time not published"

    /// "09:30–10:10" in the given zone, or nil when the start is unknown.
    public static func clock(_ session: Session, in zone: Zone) -> String? {
        guard let start = session.start else { return nil }
        let from = hourMinute(start, in: zone)
        guard let end = session.end else { return from }
        return "\(from)–\(hourMinute(end, in: zone))"
    }

    /// "Tue 26 Sep 2023, 09:30–10:10 Asia/Shanghai" or "Tue 26 Sep 2023, time not published".
    public static func full(_ session: Session, conference: Conference, mode: ClockMode = .venue) -> String {
        let zone = mode.zone(for: conference)
        let day: CivilDate? = session.start.map { CivilDate($0, in: zone) } ?? session.day
        let dayText = day?.shortDisplay ?? "day not published"
        if session.allDay { return "\(dayText), all day" }
        guard let clock = clock(session, in: zone) else { return "\(dayText), \(notPublished)" }
        let unknownVenue = mode == .venue && !conference.timeZoneIsKnown ? " (your zone; the venue's is not given)" : ""
        return "\(dayText), \(clock) \(zone.displayName)\(unknownVenue)"
    }

    /// Minutes since midnight on a clock in `zone` (0 to 1439).
    public static func minuteOfDay(_ instant: Date, in zone: Zone) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        return ((seconds / 60) % 1440 + 1440) % 1440
    }

    public static func hourMinute(_ instant: Date, in zone: Zone) -> String {
        let minutesOfDay = minuteOfDay(instant, in: zone)
        let (hour, minute) = (minutesOfDay / 60, minutesOfDay % 60)
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    /// "Sat 28 Dec 14:05": the day and the clock, as notices and the change list name a moment.
    public static func dayAndTime(_ instant: Date, in zone: Zone) -> String {
        "\(CivilDate(instant, in: zone).shortDisplay) \(hourMinute(instant, in: zone))"
    }
}

extension Zone {
    /// The zone as people write it: the IANA name, except that Foundation's "GMT" for UTC reads
    /// "UTC", and a fixed offset (a file that names no zone) reads "UTC+05:30".
    public var displayName: String {
        guard identifier.hasPrefix("GMT") else { return identifier }
        let offset = secondsFromGMT()
        guard offset != 0 else { return "UTC" }
        let minutes = abs(offset) / 60
        let hours = minutes / 60, rest = minutes % 60
        return "UTC" + (offset < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}

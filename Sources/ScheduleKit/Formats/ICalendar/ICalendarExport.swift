import FoundationEssentials
import Glibc

/// Writes sessions as an RFC 5545 calendar: one VEVENT per session with a published time, times
/// in UTC (so no VTIMEZONE is needed and every calendar agrees), text escaped, lines folded at 75
/// octets without splitting a character, CRLF line ends. UIDs come from the session's stable key
/// (a frab guid, say) and the conference id, so a second export updates the first in a calendar
/// instead of duplicating it.
public enum ICalendarExport {
    public struct Result: Sendable {
        public var text: String
        public var exported: Int
        /// Sessions asked for that have no published time, and so no event.
        public var untimed: Int
        /// Sessions whose start or end lies outside the years 1 to 9999, which iCalendar's
        /// four-digit years cannot write (a reader would refuse the whole file).
        public var unwritable: Int = 0
    }

    /// The instants iCalendar can write: 0001-01-01T00:00:00Z up to the end of 9999.
    static let writableInstants = Date(timeIntervalSince1970: -62_135_596_800)..<Date(timeIntervalSince1970: 253_402_300_800)

    /// `sequences` numbers each session's revisions (`ReleaseSequence`): a calendar that imports the
    /// file again replaces an event whose SEQUENCE rose, and marks a cancelled one cancelled.
    public static func calendar(_ sessions: [Session], in index: ScheduleIndex, stamp: Date, sequences: [String: Int] = [:]) -> Result {
        let conference = index.conference
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hallway//Hallway conference browser//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escaped(conference.name), "X-WR-TIMEZONE:" + escaped(conference.timeZone.identifier),
        ]
        var exported = 0, unwritable = 0
        for session in sessions {
            guard let start = session.start else { continue }
            guard writableInstants.contains(start), writableInstants.contains(session.end ?? start) else {
                unwritable += 1
                continue
            }
            exported += 1
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escaped(uid(of: session, in: conference)))
            lines.append("DTSTAMP:" + utc(stamp))
            if let sequence = sequences[session.id], sequence > 0 { lines.append("SEQUENCE:\(sequence)") }
            if session.cancelled { lines.append("STATUS:CANCELLED") }
            lines.append("DTSTART:" + utc(start))
            // With no end, RFC 5545 makes a timed event last no time at all: say so explicitly.
            lines.append("DTEND:" + utc(session.end ?? start))
            lines.append("SUMMARY:" + escaped(session.displayTitle))
            if let room = index.room(of: session) {
                lines.append("LOCATION" + (room.url.map { ";ALTREP=" + quotedParameter($0) } ?? "") + ":" + escaped(room.name))
            }
            if let track = session.trackID.flatMap(index.track(id:)) { lines.append("CATEGORIES:" + escaped(track.name)) }
            // Speakers as participants, so calendars list them and the file reads back with them.
            for speaker in index.speakers(of: session) {
                lines.append("ATTENDEE;CN=\(quotedParameter(speaker.fullName));ROLE=REQ-PARTICIPANT:\(speakerAddress(speaker.id))")
            }
            lines.append("DESCRIPTION:" + escaped(description(of: session, in: index)))
            if let page = pageURL(of: session) { lines.append("URL:" + page) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        let text = lines.map(folded).joined(separator: "\r\n") + "\r\n"
        return Result(text: text, exported: exported, untimed: sessions.count - exported - unwritable, unwritable: unwritable)
    }

    static let speakerAddressPrefix = "urn:x-hallway:speaker:"

    /// A URI for a speaker with no e-mail address: Hallway's key for them, percent-encoded.
    static func speakerAddress(_ id: String) -> String {
        speakerAddressPrefix + id.percentEncodedKeepingAlphanumerics
    }

    /// A parameter value in quotes, where `,` `;` and `:` may stand as they are; a double quote,
    /// a line break and `^` are written as RFC 6868 says (`^'`, `^n`, `^^`), other controls as U+FFFD.
    static func quotedParameter(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "^'"
            case "^": output += "^^"
            case "\n": output += "^n"
            case "\r": break
            case "\t": output += " "
            default:
                if TerminalSafe.isControlOrBidi(scalar) { output += "\u{FFFD}" } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }

    /// `<key>@<conference>.hallway`: the same session gives the same UID in every export.
    public static func uid(of session: Session, in conference: Conference) -> String {
        "\(session.id)@\(conference.id).hallway"
    }

    /// Speakers first, then the abstract, then the page: what a calendar shows under the title.
    static func description(of session: Session, in index: ScheduleIndex) -> String {
        var parts: [String] = []
        let speakers = index.speakers(of: session).map(\.fullName)
        if !speakers.isEmpty { parts.append((speakers.count == 1 ? "Speaker: " : "Speakers: ") + speakers.joined(separator: ", ")) }
        if let subtitle = session.subtitle { parts.append(subtitle) }
        if let summary = session.summary { parts.append(summary) }
        if let page = pageURL(of: session) { parts.append(page) }
        return parts.joined(separator: "\n\n")
    }

    static func pageURL(of session: Session) -> String? {
        let preferred = session.links.first { $0.kind == .schedule } ?? session.links.first
        guard let url = preferred?.url, url.hasPrefix("https://") || url.hasPrefix("http://"),
              !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\"" || TerminalSafe.isControlOrBidi($0) }) else { return nil }
        return url
    }

    /// `20241229T144500Z`
    static func utc(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = CivilDate.daysSinceEpoch(atSecond: seconds)
        let date = CivilDate.fromDaysSinceEpoch(days)
        let rest = seconds - days * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(date.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(date.month) + two(date.day)
            + "T" + two(rest / 3600) + two(rest % 3600 / 60) + two(rest % 60) + "Z"
    }

    /// TEXT values: backslash, semicolon, comma and newline escaped; tabs kept (TEXT allows them);
    /// other control characters, which RFC 5545 does not allow in text, replaced with U+FFFD.
    static func escaped(_ text: String) -> String {
        var output = ""
        for scalar in text.replacingEvery("\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case ";": output += "\\;"
            case ",": output += "\\,"
            case "\n", "\r": output += "\\n"
            default:
                // Controls (which RFC 5545 does not allow in text) and bidi overrides and the like
                // (which would take over a terminal the file is printed to) become U+FFFD.
                if scalar != "\t" && TerminalSafe.isControlOrBidi(scalar) { output += "\u{FFFD}" } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// Lines longer than 75 octets continue on lines that start with a space; a cut never falls
    /// inside a code point's UTF-8 bytes (RFC 5545 §3.1).
    static func folded(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for character in line.unicodeScalars {
            let size = UTF8.width(character)
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}

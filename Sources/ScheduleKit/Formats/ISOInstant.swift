import FoundationEssentials
import Glibc

/// Parses the instants schedule files use: `2023-09-26T09:30+08:00`, with optional seconds and `Z`.
/// Written out because Foundation's ISO 8601 parsers each reject one of the shapes real files contain.
public enum ISOInstant {
    /// `2024-12-27T10:00:00+01:00`: the instant as a clock in `zone` reads it, with the offset.
    public static func format(_ instant: Date, in zone: Zone) -> String {
        let offset = zone.secondsFromGMT(for: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let date = CivilDate.fromDaysSinceEpoch(days)
        let rest = seconds - days * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let minutes = abs(offset) / 60
        let zoneText = offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
        return "\(date)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))" + zoneText
    }

    public static func parse(_ text: String) -> Date? {
        parseWithOffset(text)?.instant
    }

    /// The instant and the UTC offset it was written with, in seconds east (0 for `Z`).
    public static func parseWithOffset(_ text: String) -> (instant: Date, offset: Int)? {
        let scalars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 16, let date = CivilDate(isoUTF8: scalars[0..<10]),
              scalars[10] == UInt8(ascii: "T"), let hour = number(11, 2), scalars[13] == UInt8(ascii: ":"),
              let minute = number(14, 2), hour < 24, minute < 60 else { return nil }
        var cursor = 16
        var second = 0
        if cursor < scalars.count, scalars[cursor] == UInt8(ascii: ":") {
            guard let value = number(cursor + 1, 2), value < 61 else { return nil }
            second = value
            cursor += 3
            if cursor < scalars.count, scalars[cursor] == UInt8(ascii: ".") {
                cursor += 1
                while cursor < scalars.count, scalars[cursor] >= 48, scalars[cursor] <= 57 { cursor += 1 }
            }
        }
        guard cursor < scalars.count else { return nil }
        var offsetSeconds = 0
        switch scalars[cursor] {
        case UInt8(ascii: "Z"):
            guard cursor + 1 == scalars.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard cursor + 6 == scalars.count, let oh = number(cursor + 1, 2), scalars[cursor + 3] == UInt8(ascii: ":"),
                  let om = number(cursor + 4, 2), om < 60, oh * 60 + om <= 14 * 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (scalars[cursor] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let days = CivilDate.daysSinceEpoch(year: date.year, month: date.month, day: date.day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), offsetSeconds)
    }
}

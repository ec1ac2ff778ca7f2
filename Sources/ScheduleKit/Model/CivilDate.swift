import FoundationEssentials
import Glibc

/// A calendar day as the venue names it, with no time zone attached ("2023-09-26").
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Kept in 8 bytes, not 24: every session holds one (2.4 MB at 100,000 sessions).
    // Years are clamped to ±2 billion, months and days to ±32,767; no real date comes near.
    private var storedYear: Int32
    private var storedMonth: Int16
    private var storedDay: Int16

    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(clamping: newValue) }
    }
    public var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = Int16(clamping: newValue) }
    }
    public var day: Int {
        get { Int(storedDay) }
        set { storedDay = Int16(clamping: newValue) }
    }

    public init(year: Int, month: Int, day: Int) {
        storedYear = Int32(clamping: year)
        storedMonth = Int16(clamping: month)
        storedDay = Int16(clamping: day)
    }

    /// Parses `YYYY-MM-DD` (ASCII digits only), rejecting impossible days such as 2023-02-30.
    public init?(iso text: some StringProtocol) {
        self.init(isoUTF8: text.utf8)
    }

    /// The same over bytes: read for every session of a file, so without splitting into strings.
    init?(isoUTF8 bytes: some Collection<UInt8>) {
        guard bytes.count == 10 else { return nil }
        var year = 0, month = 0, day = 0
        for (position, byte) in bytes.enumerated() {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch position {
            case ..<4: year = year * 10 + digit
            case ..<7: month = month * 10 + digit
            default: day = day * 10 + digit
            }
        }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The venue-local day an instant falls on.
    public init(_ instant: Date, in timeZone: Zone) {
        // Arithmetic, not Calendar: this runs for every timed session a listing prints.
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        self = CivilDate.fromDaysSinceEpoch(CivilDate.daysSinceEpoch(atSecond: local))
    }

    /// The days from 1970-01-01 to the day second `seconds` (counted on a clock from that day's
    /// midnight) falls in, rounded down before 1970 as after.
    static func daysSinceEpoch(atSecond seconds: Int) -> Int {
        seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// The inverse of `daysSinceEpoch`, after Howard Hinnant's civil_from_days.
    static func fromDaysSinceEpoch(_ days: Int) -> CivilDate {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CivilDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from 1970-01-01.
    var daysSinceEpoch: Int { CivilDate.daysSinceEpoch(year: year, month: month, day: day) }

    public func adding(days count: Int) -> CivilDate {
        CivilDate.fromDaysSinceEpoch(CivilDate.daysSinceEpoch(year: year, month: month, day: day) + count)
    }

    /// This day at `hour:minute` in `zone` (a local time that a zone change skips moves forward).
    public func at(hour: Int, minute: Int, second: Int = 0, in zone: Zone) -> Date {
        let local = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        // The offset at a first guess, then again at the corrected instant, settles every case but the skipped hour.
        let guess = Date(timeIntervalSince1970: TimeInterval(local - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))))
        return Date(timeIntervalSince1970: TimeInterval(local - zone.secondsFromGMT(for: guess)))
    }

    /// Whether a session starting at `start` can belong to this conference day. A day may run past
    /// midnight into the early hours (frab's `day_change`, pretalx's 04:00 boundary), so a start on
    /// the next calendar day before noon still belongs to the day it is listed under.
    public func holds(_ start: Date, in zone: Zone) -> Bool {
        let startDay = CivilDate(start, in: zone)
        if startDay == self { return true }
        guard startDay == adding(days: 1) else { return false }
        let secondsIntoDay = Int(start.timeIntervalSince(startDay.at(hour: 0, minute: 0, in: zone)))
        return secondsIntoDay < 12 * 3600
    }

    public var description: String {
        // By hand: String(format:) goes through CFString and costs microseconds per call.
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The first instant of this day in `zone`: midnight, or the moment the clocks jump to when
    /// a change skips midnight.
    public func start(in zone: Zone) -> Date {
        let local = daysSinceEpoch * 86_400
        let offsetBefore = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 86_400)))
        let offsetAfter = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 86_400)))
        let starts = [local - offsetBefore, local - offsetAfter].filter { instant in
            instant + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) == local
        }
        return Date(timeIntervalSince1970: TimeInterval(starts.min() ?? local - offsetBefore))
    }

    /// English weekday name ("Tuesday"), computed without a locale so output is stable.
    public var weekdayName: String {
        // Zeller-style count from a known Monday (1970-01-05 was a Monday).
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day) - 4
        return names[((days % 7) + 7) % 7]
    }

    /// "Tue 26 Sep 2023"
    public var shortDisplay: String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdayName.prefix(3)) \(day) \(months[month - 1]) \(year)"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 (proleptic Gregorian), after Howard Hinnant's days_from_civil.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

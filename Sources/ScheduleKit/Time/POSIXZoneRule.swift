import FoundationEssentials
import Glibc

/// A zone's rule as POSIX writes it in the TZ variable and as a TZif file's footer gives it for
/// every instant after its last transition: `CET-1CEST,M3.5.0,M10.5.0/3`, `<+0530>-5:30`,
/// `AEST-10AEDT,M10.1.0,M4.1.0/3` (POSIX.1-2017 §8.3, with RFC 8536's extensions: hours from
/// -167 to 167 in a transition's time). Offsets are kept as seconds east of UTC, as Hallway uses
/// them; POSIX writes them west.
struct POSIXZoneRule: Equatable, Sendable {
    let standardOffset: Int
    let daylight: Daylight?

    struct Daylight: Equatable, Sendable {
        let offset: Int
        let start: Change
        let end: Change
    }

    /// The day a change falls on, and the local time of day (in the time in force before it).
    struct Change: Equatable, Sendable {
        enum Day: Equatable, Sendable {
            /// `Jn`: day 1 to 365, February 29 never counted.
            case julianWithoutLeapDay(Int)
            /// `n`: day 0 to 365, February 29 counted.
            case zeroBasedDayOfYear(Int)
            /// `Mm.w.d`: weekday `d` (0 is Sunday) of week `w` (5 is the last) of month `m`.
            case weekdayOfMonth(month: Int, week: Int, weekday: Int)
        }
        let day: Day
        let secondsIntoDay: Int
    }

    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name() != nil, let standardWest = scanner.offset() else { return nil }
        standardOffset = -standardWest
        guard !scanner.isAtEnd else {
            daylight = nil
            return
        }
        guard scanner.name() != nil else { return nil }
        var daylightOffset = standardOffset + 3600
        if !scanner.isAtEnd, scanner.peek != UInt8(ascii: ",") {
            guard let west = scanner.offset() else { return nil }
            daylightOffset = -west
        }
        // A rule without changes ("EST5EDT" alone) means the United States' rules to POSIX; no
        // TZif footer is written so, and a TZ value so written is not taken.
        guard scanner.take(UInt8(ascii: ",")), let start = scanner.change(), scanner.take(UInt8(ascii: ",")),
              let end = scanner.change(), scanner.isAtEnd else { return nil }
        daylight = Daylight(offset: daylightOffset, start: start, end: end)
    }

    /// Seconds east of UTC at `seconds` since 1970 (UTC).
    func offset(at seconds: Int) -> Int {
        guard let daylight else { return standardOffset }
        // The local year, by standard time; a change is never within a day of a year's end but in
        // the "all year" rules (J365/25), which the comparison below settles either way.
        let year = CivilDate.fromDaysSinceEpoch(CivilDate.daysSinceEpoch(atSecond: seconds + standardOffset)).year
        let starts = daylight.start.utcSeconds(in: year, localOffset: standardOffset)
        let ends = daylight.end.utcSeconds(in: year, localOffset: daylight.offset)
        let inDaylight = starts < ends ? (seconds >= starts && seconds < ends) : (seconds < ends || seconds >= starts)
        return inDaylight ? daylight.offset : standardOffset
    }


    private struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { at == bytes.count }
        var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            at += 1
            return true
        }

        /// A zone's abbreviation: three or more letters, or `<…>` of letters, digits, + and -.
        mutating func name() -> Range<Int>? {
            let start = at
            if take(UInt8(ascii: "<")) {
                while let byte = peek, byte != UInt8(ascii: ">") {
                    guard byte.isASCIILetterOrDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") else { return nil }
                    at += 1
                }
                guard at - start >= 4, take(UInt8(ascii: ">")) else { return nil }
                return start..<at
            }
            while let byte = peek, byte.isASCIILetter { at += 1 }
            return at - start >= 3 ? start..<at : nil
        }

        /// `[+-]hh[:mm[:ss]]`, in seconds; hours up to 24 for an offset, 167 for a change's time.
        mutating func offset(maximumHours: Int = 24) -> Int? {
            var sign = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let hours = number(maximum: maximumHours) else { return nil }
            var seconds = hours * 3600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(maximum: 59) else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let rest = number(maximum: 59) else { return nil }
                    seconds += rest
                }
            }
            return sign * seconds
        }

        mutating func change() -> Change? {
            let day: Change.Day
            if take(UInt8(ascii: "J")) {
                guard let number = number(maximum: 365), number >= 1 else { return nil }
                day = .julianWithoutLeapDay(number)
            } else if take(UInt8(ascii: "M")) {
                guard let month = number(maximum: 12), month >= 1, take(UInt8(ascii: ".")),
                      let week = number(maximum: 5), week >= 1, take(UInt8(ascii: ".")),
                      let weekday = number(maximum: 6) else { return nil }
                day = .weekdayOfMonth(month: month, week: week, weekday: weekday)
            } else {
                guard let number = number(maximum: 365) else { return nil }
                day = .zeroBasedDayOfYear(number)
            }
            var time = 7200
            if take(UInt8(ascii: "/")) {
                guard let given = offset(maximumHours: 167) else { return nil }
                time = given
            }
            return Change(day: day, secondsIntoDay: time)
        }

        private mutating func number(maximum: Int) -> Int? {
            var value = 0, digits = 0
            while let byte = peek, byte.isASCIIDigit, digits < 3 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                at += 1
            }
            return digits > 0 && value <= maximum ? value : nil
        }
    }
}

extension POSIXZoneRule.Change {
    /// The instant of this change in `year`, in seconds since 1970 (UTC), its time of day being
    /// local time at `localOffset`.
    func utcSeconds(in year: Int, localOffset: Int) -> Int {
        let firstOfYear = CivilDate.daysSinceEpoch(year: year, month: 1, day: 1)
        let isLeap = CivilDate.daysIn(month: 2, year: year) == 29
        let days: Int
        switch day {
        case .julianWithoutLeapDay(let number):
            days = firstOfYear + number - 1 + (isLeap && number >= 60 ? 1 : 0)
        case .zeroBasedDayOfYear(let number):
            days = firstOfYear + number
        case .weekdayOfMonth(let month, let week, let weekday):
            let firstOfMonth = CivilDate.daysSinceEpoch(year: year, month: month, day: 1)
            // 1970-01-01 was a Thursday (4).
            let firstWeekday = ((firstOfMonth + 4) % 7 + 7) % 7
            var dayOfMonth = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            while dayOfMonth > CivilDate.daysIn(month: month, year: year) { dayOfMonth -= 7 }
            days = firstOfMonth + dayOfMonth - 1
        }
        return days * 86_400 + secondsIntoDay - localOffset
    }
}

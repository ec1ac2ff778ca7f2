import FoundationEssentials
import Glibc

/// iCalendar's date and time values: `20240915T130000Z` (UTC), `20240915T130000` with a `TZID`
/// or floating, `20240915` (`VALUE=DATE`), and durations such as `PT45M` or `P1DT2H`.
enum ICalendarTime {
    enum Value {
        case instant(Date)
        /// A local time, to be placed in a zone: the TZID's, or the venue's for floating times.
        case local(CivilDate, hour: Int, minute: Int, second: Int, zoneName: String?)
        case date(CivilDate)
    }

    static func parse(_ line: ContentLine) -> Value? {
        var text = line.value.trimmed
        // Read in place: an array of each value's bytes was most of placing an event in time.
        return text.withUTF8 { parse($0, zoneName: line.parameter("TZID")) }
    }

    private static func parse(_ digits: UnsafeBufferPointer<UInt8>, zoneName: @autoclosure () -> String?) -> Value? {
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= digits.count else { return nil }
            var value = 0
            for byte in digits[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        if digits.count == 8 { return .date(date) }
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T"), let hour = number(9, 2), let minute = number(11, 2),
              let second = number(13, 2), hour < 24, minute < 60, second < 61 else { return nil }
        if digits.count == 16, digits[15] == UInt8(ascii: "Z") {
            let seconds = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
            return .instant(Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        guard digits.count == 15 else { return nil }
        return .local(date, hour: hour, minute: minute, second: second, zoneName: zoneName())
    }

    /// `[+-]P[nW][nD][T[nH][nM][nS]]` in seconds.
    static func duration(_ text: String) -> Int? {
        var scalars = Substring(text.trimmed.uppercased())
        var sign = 1
        if scalars.first == "-" || scalars.first == "+" {
            sign = scalars.first == "-" ? -1 : 1
            scalars = scalars.dropFirst()
        }
        guard scalars.first == "P" else { return nil }
        scalars = scalars.dropFirst()
        var total = 0
        var number = ""
        var inTime = false
        var sawUnit = false
        for character in scalars {
            if character.isNumber { number.append(character); continue }
            if character == "T" { inTime = true; continue }
            guard let value = Int(number) else { return nil }
            number = ""
            sawUnit = true
            switch (character, inTime) {
            case ("W", false): total += value * 7 * 86_400
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        return sawUnit && number.isEmpty ? sign * total : nil
    }

    /// The zone a TZID names: an IANA name, or one inside a longer path as some producers write it
    /// ("/freeassociation.sourceforge.net/Tzfile/Europe/Rome"), or the fixed offset its VTIMEZONE gives.
    static func zone(named name: String, vtimezones: [String: Int]) -> Zone? {
        if let zone = Zone(identifier: name) { return zone }
        let parts = name.split(separator: "/").map(String.init)
        for count in [2, 3, 1] where parts.count >= count {
            if let zone = Zone(identifier: parts.suffix(count).joined(separator: "/")) { return zone }
        }
        return vtimezones[name].flatMap { Zone(secondsFromGMT: $0) }
    }

    /// `+0100` as seconds east of UTC.
    static func offset(_ text: String) -> Int? {
        let value = text.trimmed
        guard value.count == 5 || value.count == 7, let sign = value.first, sign == "+" || sign == "-",
              let hours = Int(value.dropFirst().prefix(2)), let minutes = Int(value.dropFirst(3).prefix(2)) else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

/// The repeat rules Hallway expands: `FREQ=DAILY` or `WEEKLY`, with `INTERVAL`, `COUNT` and
/// `UNTIL`. Anything else (BYDAY lists, monthly rules, …) is reported and only the first
/// occurrence kept: a conference feed rarely needs more, and a wrong expansion would invent sessions.
struct RepeatRule {
    var stepDays: Int
    var count: Int?
    var until: Date?

    init?(_ text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            fields[pair[0].uppercased()] = String(pair[1])
        }
        let interval = fields.removeValue(forKey: "INTERVAL").map { Int($0) } ?? 1
        guard let interval, interval >= 1 else { return nil }
        switch fields.removeValue(forKey: "FREQ")?.uppercased() {
        case "DAILY": stepDays = interval
        case "WEEKLY": stepDays = 7 * interval
        default: return nil
        }
        if let count = fields.removeValue(forKey: "COUNT") {
            guard let value = Int(count), value >= 1 else { return nil }
            self.count = value
        }
        if let until = fields.removeValue(forKey: "UNTIL") {
            let line = ContentLine(name: "UNTIL", parameters: [:], value: until, line: 0)
            switch ICalendarTime.parse(line) {
            case .instant(let date)?: self.until = date
            case .date(let date)?: self.until = date.adding(days: 1).at(hour: 0, minute: 0, in: Zone(identifier: "UTC")!)
            case .local(let date, let hour, let minute, let second, _)?:
                self.until = date.at(hour: hour, minute: minute, second: second, in: Zone(identifier: "UTC")!)
            case nil: return nil
            }
        }
        // WKST only matters with BYDAY; a weekly BYDAY naming the start's own day changes nothing.
        fields.removeValue(forKey: "WKST")
        guard fields.isEmpty else { return nil }
    }

    /// Start instants of every occurrence (the first included) that fall on `allowedDays`, at most
    /// 1,000. The walk starts at the first occurrence on or after the conference's first day,
    /// found by arithmetic: a daily rule from 1750 used to walk 100,000 days and give up before
    /// reaching the conference, and the event vanished.
    func occurrences(from start: Date, in zone: Zone, allowedDays: ClosedRange<CivilDate>?) -> [Date] {
        var result: [Date] = []
        let firstDay = CivilDate(start, in: zone)
        let timeOfDay = start.timeIntervalSince(firstDay.at(hour: 0, minute: 0, in: zone))
        var number = 0
        if let allowedDays, firstDay < allowedDays.lowerBound {
            let gap = allowedDays.lowerBound.daysSinceEpoch - firstDay.daysSinceEpoch
            number = (gap + stepDays - 1) / stepDays
        }
        while result.count < 1000 {
            if let count, number >= count { break }
            let day = firstDay.adding(days: number * stepDays)
            let occurrence = day.at(hour: 0, minute: 0, in: zone).addingTimeInterval(timeOfDay)
            if let until, occurrence > until { break }
            if let allowedDays, day > allowedDays.upperBound { break }
            result.append(occurrence)
            number += 1
            if count == nil, until == nil, allowedDays == nil { break }
        }
        return result
    }
}

/// The property and component names Hallway reads, told apart on a line's bytes. Each of a
/// feed's lines was hashed into sets of strings two or three times a pass (a tenth of reading a
/// 10,000-event feed); a name is now matched once, as it is read, and compared as a number after.
enum ContentName: UInt8, CaseIterable {
    // The most frequent first: they are looked for in this order.
    case begin, end, uid, dtstart, dtend, summary, location, description, url
    case duration, rrule, exdate, status, categories, organizer, attendee
    case tzid, tzoffsetto, xWRCalname, xWRCaldesc, xWRTimezone
    case vcalendar, vevent, vtimezone, valarm, vtodo, standard, daylight
    /// Any other name: its spelling is the line's own.
    case other

    /// As RFC 5545 writes it (names are case-insensitive; Hallway holds them upper-cased).
    var spelling: String {
        switch self {
        case .begin: "BEGIN"
        case .end: "END"
        case .uid: "UID"
        case .dtstart: "DTSTART"
        case .dtend: "DTEND"
        case .summary: "SUMMARY"
        case .location: "LOCATION"
        case .description: "DESCRIPTION"
        case .url: "URL"
        case .duration: "DURATION"
        case .rrule: "RRULE"
        case .exdate: "EXDATE"
        case .status: "STATUS"
        case .categories: "CATEGORIES"
        case .organizer: "ORGANIZER"
        case .attendee: "ATTENDEE"
        case .tzid: "TZID"
        case .tzoffsetto: "TZOFFSETTO"
        case .xWRCalname: "X-WR-CALNAME"
        case .xWRCaldesc: "X-WR-CALDESC"
        case .xWRTimezone: "X-WR-TIMEZONE"
        case .vcalendar: "VCALENDAR"
        case .vevent: "VEVENT"
        case .vtimezone: "VTIMEZONE"
        case .valarm: "VALARM"
        case .vtodo: "VTODO"
        case .standard: "STANDARD"
        case .daylight: "DAYLIGHT"
        case .other: ""
        }
    }

    /// The name these bytes spell in any case, `.other` when none of Hallway's.
    static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> ContentName {
        guard let packed = Packed(upperCasing: bytes) else { return .other }
        return spellings.withUnsafeBufferPointer { spellings in
            var index = 0
            while index < spellings.count, spellings[index] != packed { index += 1 }
            return ContentName(rawValue: UInt8(index)) ?? .other
        }
    }

    static func named(_ text: String) -> ContentName {
        var text = text
        return text.withUTF8(named)
    }

    /// Up to 16 bytes of a name, upper-cased, as two numbers; longer names are none of Hallway's.
    private struct Packed: Equatable {
        var low: UInt64 = 0, high: UInt64 = 0

        init?(upperCasing bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= 16 else { return nil }
            func upper(_ byte: UInt8) -> UInt64 {
                UInt64(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
            }
            var index = 0
            while index < min(bytes.count, 8) {
                low |= upper(bytes[index]) << (8 * UInt64(index))
                index += 1
            }
            while index < bytes.count {
                high |= upper(bytes[index]) << (8 * UInt64(index - 8))
                index += 1
            }
        }
    }

    /// Each case's spelling packed, in the cases' order, `.other`'s left out.
    private static let spellings: [Packed] = allCases.dropLast().map { name in
        var spelling = name.spelling
        return spelling.withUTF8 { Packed(upperCasing: $0)! }
    }

    /// A set of names as one number: what a pass hands on is asked of each line.
    struct Set: Equatable {
        private var bits: UInt32 = 0

        init(_ names: [ContentName]) {
            for name in names { insert(name) }
        }

        mutating func insert(_ name: ContentName) { bits |= 1 << name.rawValue }
        func contains(_ name: ContentName) -> Bool { bits & (1 << name.rawValue) != 0 }
        func union(_ other: Set) -> Set {
            var union = self
            union.bits |= other.bits
            return union
        }
    }
}

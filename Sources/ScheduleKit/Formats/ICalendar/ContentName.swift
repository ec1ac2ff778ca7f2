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
        // Found by the packed bytes' slot in a table of 64 (every line of a feed is named, twice:
        // comparing with each spelling in turn was 200 instructions a line); a slot two spellings
        // share is looked through.
        let found = slots[packed.slot]
        if found >= 0 { return spellings[Int(found)] == packed ? ContentName(rawValue: UInt8(found))! : .other }
        guard found == Self.shared else { return .other }
        return spellings.firstIndex(of: packed).map { ContentName(rawValue: UInt8($0))! } ?? .other
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
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
            low = Self.upperCased(UInt64(littleEndian: words.0))
            high = Self.upperCased(UInt64(littleEndian: words.1))
        }

        /// Eight bytes at once, each of a…z made A…Z and every other byte left as it is.
        private static func upperCased(_ word: UInt64) -> UInt64 {
            let highBits: UInt64 = 0x8080_8080_8080_8080
            let sevenBits = word & 0x7F7F_7F7F_7F7F_7F7F
            // A byte's seven bits plus 0x1F reach 0x80 from "a" on, plus 0x05 from past "z" on;
            // neither sum carries into the next byte. Bytes from 0x80 up are never letters.
            let fromA = (sevenBits &+ 0x1F1F_1F1F_1F1F_1F1F) & highBits
            let pastZ = (sevenBits &+ 0x0505_0505_0505_0505) & highBits
            let lowerCase = fromA & ~pastZ & ~word & highBits
            return word ^ (lowerCase >> 2)
        }

        var slot: Int { Int(truncatingIfNeeded: ((low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9) >> 58) }
    }

    /// Each case's spelling packed, in the cases' order, `.other`'s left out.
    private static let spellings: [Packed] = allCases.dropLast().map { name in
        var spelling = name.spelling
        return spelling.withUTF8 { Packed(upperCasing: $0)! }
    }

    private static let shared: Int8 = -2
    /// Each slot's spelling (its case's raw value), -1 for none, `shared` for more than one.
    private static let slots: [Int8] = {
        var slots = [Int8](repeating: -1, count: 64)
        for (index, packed) in spellings.enumerated() { slots[packed.slot] = slots[packed.slot] == -1 ? Int8(index) : shared }
        return slots
    }()

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

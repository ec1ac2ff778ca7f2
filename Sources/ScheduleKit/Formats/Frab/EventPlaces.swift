/// Where each event of a program is in its file, for what is told once all are read (rooms
/// booked twice): a line and column in eight bytes, as the iCalendar reader places events, where
/// a `Diagnostic.Location` takes forty; a JSON path or an XML element kept as it is.
struct EventPlaces {
    /// A line and column packed, or (top bit set) a position in `others`.
    private var packed: [UInt64] = []
    private var others: [Diagnostic.Location] = []
    private static let other: UInt64 = 1 << 63

    mutating func reserveCapacity(_ count: Int) { packed.reserveCapacity(count) }

    mutating func append(_ place: Diagnostic.Location) {
        if case .position(let line, let column) = place, (0..<(1 << 31)).contains(line), (0..<(1 << 32)).contains(column) {
            packed.append(UInt64(line) << 32 | UInt64(column))
        } else {
            packed.append(Self.other | UInt64(others.count))
            others.append(place)
        }
    }

    subscript(index: Int) -> Diagnostic.Location {
        let value = packed[index]
        if value & Self.other != 0 { return others[Int(value & ~Self.other)] }
        return .position(line: Int(value >> 32), column: Int(value & 0xFFFF_FFFF))
    }
}

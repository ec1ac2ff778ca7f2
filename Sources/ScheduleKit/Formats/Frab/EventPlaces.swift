/// Where each event of a program is in its file, for what is told once all are read (rooms
/// booked twice), in eight bytes an event where a `Diagnostic.Location` takes forty: a line and
/// column (the iCalendar reader's places), or an item of a list whose path the list's items share
/// (frab JSON's events, each `…rooms["Hall 1"][2]`: a path kept an event was a 64-byte step and
/// a location, a fifth of what a file of tiny events held). Anything else is kept as it is.
struct EventPlaces {
    /// Packed: a line (below 2³⁰) and a column; or (`item` set) a list's position in `lists` and
    /// an index; or (`other` set) a position in `others`.
    private var packed: [UInt64] = []
    private var lists: [JSONPath] = []
    private var others: [Diagnostic.Location] = []
    private static let other: UInt64 = 1 << 63
    private static let item: UInt64 = 1 << 62
    private static let low: UInt64 = 0xFFFF_FFFF

    mutating func reserveCapacity(_ count: Int) { packed.reserveCapacity(count) }

    mutating func append(_ place: Diagnostic.Location) {
        switch place {
        case .position(let line, let column) where (0..<(1 << 30)).contains(line) && (0..<(1 << 32)).contains(column):
            packed.append(UInt64(line) << 32 | UInt64(column))
            return
        case .path(let path):
            if let (list, index) = path.listAndIndex, (0..<(1 << 32)).contains(index) {
                // Items of one list come one after another: only a new list is kept.
                if !(lists.last?.isShared(with: list) ?? false), lists.count < 1 << 30 { lists.append(list) }
                if lists.last?.isShared(with: list) == true {
                    packed.append(Self.item | UInt64(lists.count - 1) << 32 | UInt64(index))
                    return
                }
            }
        default:
            break
        }
        packed.append(Self.other | UInt64(others.count))
        others.append(place)
    }

    /// How many places are kept as they are, not packed (for tests).
    var keptWhole: Int { others.count }

    subscript(index: Int) -> Diagnostic.Location {
        let value = packed[index]
        if value & Self.other != 0 { return others[Int(value & ~Self.other)] }
        if value & Self.item != 0 { return .path(lists[Int(value >> 32 & ~(Self.item >> 32))].appending(Int(value & Self.low))) }
        return .position(line: Int(value >> 32), column: Int(value & Self.low))
    }
}

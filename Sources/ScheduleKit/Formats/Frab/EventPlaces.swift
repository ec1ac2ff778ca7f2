/// Where each event of a program is in its file, for what is told once all are read (rooms
/// booked twice). A `Diagnostic.Location` takes forty bytes and most kinds a string or a path
/// besides; kept here, an event's place takes eight bytes, or twenty-four for an XML element:
/// - a line and column (the iCalendar reader's places);
/// - an item of a list whose path the list's items share (frab JSON's events, each
///   `…rooms["Hall 1"][2]`: a path kept an event was a 64-byte step and a location, a fifth of
///   what a file of tiny events held);
/// - an XML element whose path is its room's and an index (`schedule/day[3]/room[2]/event[5]`),
///   with its line and column (each event's path a string of its own was 100 bytes an event).
/// Anything else is kept as it is.
struct EventPlaces {
    /// Packed: the kind in the top two bits, then a line (below 2³⁰) and a column; a list's
    /// position in `lists` and an index; a position in `elements`; or a position in `others`.
    private var packed: [UInt64] = []
    private var lists: [JSONPath] = []
    private var elements: [Element] = []
    /// The paths of the elements' lists, without the index (`schedule/day[3]/room[2]/event`).
    private var elementLists: [String] = []
    private var others: [Diagnostic.Location] = []

    private struct Element {
        var list: UInt32, index: UInt32, line: UInt32, column: UInt32
    }

    private static let kind: UInt64 = 3 << 62
    private static let item: UInt64 = 1 << 62
    private static let other: UInt64 = 2 << 62
    private static let element: UInt64 = 3 << 62
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
        case .element(let path, let line, let column):
            if let (list, index) = Self.listAndIndex(path), let line = UInt32(exactly: line), let column = UInt32(exactly: column),
               elements.count < 1 << 32 {
                // The elements of one room come one after another: only a new room's path is kept.
                if !(elementLists.last.map { $0.utf8.elementsEqual(list) } ?? false) { elementLists.append(String(decoding: list, as: UTF8.self)) }
                if let listPosition = UInt32(exactly: elementLists.count - 1) {
                    packed.append(Self.element | UInt64(elements.count))
                    elements.append(Element(list: listPosition, index: index, line: line, column: column))
                    return
                }
            }
        default:
            break
        }
        packed.append(Self.other | UInt64(others.count))
        others.append(place)
    }

    /// `…/event[5]` as the bytes before `[` and 5; nil for a path that does not end in an index
    /// written as plain digits (one that would not read back the same).
    private static func listAndIndex(_ path: String) -> (Substring.UTF8View, UInt32)? {
        let utf8 = path.utf8
        guard utf8.last == UInt8(ascii: "]"), let open = utf8.lastIndex(of: UInt8(ascii: "[")) else { return nil }
        let digits = utf8[utf8.index(after: open)..<utf8.index(before: utf8.endIndex)]
        guard !digits.isEmpty, digits.count <= 9, digits.first != UInt8(ascii: "0") || digits.count == 1,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let index = digits.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
        return (path[..<open].utf8, index)
    }

    /// How many places are kept as they are, not packed (for tests).
    var keptWhole: Int { others.count }

    subscript(index: Int) -> Diagnostic.Location {
        let value = packed[index]
        switch value & Self.kind {
        case Self.other:
            return others[Int(value & ~Self.kind)]
        case Self.item:
            return .path(lists[Int(value >> 32 & ~(Self.kind >> 32))].appending(Int(value & Self.low)))
        case Self.element:
            let element = elements[Int(value & ~Self.kind)]
            return .element(elementLists[Int(element.list)] + "[\(element.index)]", line: Int(element.line), column: Int(element.column))
        default:
            return .position(line: Int(value >> 32), column: Int(value & Self.low))
        }
    }
}

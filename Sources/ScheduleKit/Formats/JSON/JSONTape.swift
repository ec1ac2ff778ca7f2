/// A JSON document as read: every value in the order written, in one flat array, with strings
/// and numbers in arrays of their own. An object is its entry, then each field's key and value;
/// an array is its entry, then its items; a container's entry says where it ends, so a reader
/// steps over a field without visiting it.
///
/// This replaces a tree of enums for the schedule readers: at 100,000 sessions the tree, with an
/// array or two per object, was the largest thing in memory and most of the allocations of a
/// load (docs/PERFORMANCE.md). `JSONValue` is still made from a tape where a small document is
/// easier to read as one (stars, the schema, a link object).
final class JSONTape: Sendable {
    enum Kind: UInt8, Sendable, CaseIterable {
        case null, bool, number, string, array, object

        var name: String {
            switch self {
            case .null: "null"
            case .bool: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    /// Eight bytes a value: at 100,000 sessions there are five and a half million of them.
    struct Entry: Sendable {
        var kind: Kind
        /// A boolean's value.
        var flag = false
        /// A container: the entry just past it. A number or string: its place in `numbers` or `strings`.
        var link: UInt32 = 0
    }

    let entries: [Entry]
    let numbers: [Double]
    let strings: [String]
    /// Strings left in the file, by their place in `strings` (which holds "" for each).
    private let stored: [UInt32: LongText]

    init(entries: [Entry], numbers: [Double], strings: [String], stored: [UInt32: LongText] = [:]) {
        self.entries = entries
        self.numbers = numbers
        self.strings = strings
        self.stored = stored
    }

    /// An object of `fields`, each value a tape of its own: a document read a field at a time
    /// (`JSONStream`), put back together for the readers that take it whole.
    convenience init(object fields: [(key: String, value: JSONTape)]) {
        self.init(container: .object, fields.map { (Optional($0.key), $0.value) })
    }

    /// An array of `items`, each a tape of its own (frab's days, read a day at a time).
    convenience init(array items: [JSONTape]) {
        self.init(container: .array, items.map { (nil as String?, $0) })
    }

    private convenience init(container: Kind, _ children: [(key: String?, value: JSONTape)]) {
        var entries = [Entry(kind: container)], numbers: [Double] = [], strings: [String] = []
        for (key, value) in children {
            if let key {
                strings.append(key)
                entries.append(Entry(kind: .string, link: UInt32(strings.count - 1)))
            }
            let (entryBase, numberBase, stringBase) = (UInt32(entries.count), UInt32(numbers.count), UInt32(strings.count))
            for var entry in value.entries {
                switch entry.kind {
                case .array, .object: entry.link += entryBase
                case .number: entry.link += numberBase
                case .string: entry.link += stringBase
                case .null, .bool: break
                }
                entries.append(entry)
            }
            numbers += value.numbers
            strings += value.strings
        }
        entries[0].link = UInt32(entries.count)
        self.init(entries: entries, numbers: numbers, strings: strings)
    }

    /// An empty list: what a field read item by item leaves in the document put back together.
    static let emptyList = JSONTape(entries: [Entry(kind: .array, link: 1)], numbers: [], strings: [])

    func kind(_ entry: Int) -> Kind { entries[entry].kind }

    func string(_ entry: Int) -> String? {
        entries[entry].kind == .string ? strings[Int(entries[entry].link)] : nil
    }

    func leftInFile(_ entry: Int) -> LongText? {
        entries[entry].kind == .string ? stored[entries[entry].link] : nil
    }

    func number(_ entry: Int) -> Double? {
        entries[entry].kind == .number ? numbers[Int(entries[entry].link)] : nil
    }

    /// Items of an array or fields of an object, counted by stepping over them.
    func count(_ entry: Int) -> Int {
        var count = 0
        forEachChild(of: entry) { _, _ in count += 1 }
        return count
    }

    func isEmpty(_ entry: Int) -> Bool { end(of: entry) == entry + 1 }

    /// The entry just past `entry` and everything inside it.
    func end(of entry: Int) -> Int {
        switch entries[entry].kind {
        case .array, .object: Int(entries[entry].link)
        default: entry + 1
        }
    }

    /// An array's items, or an object's values, as entries.
    func children(of entry: Int) -> [Int] {
        var found: [Int] = []
        forEachChild(of: entry) { _, value in found.append(value) }
        return found
    }

    /// Calls `visit(key, value)` for each field of an object (key nil for an array's items).
    func forEachChild(of entry: Int, _ visit: (_ key: Int?, _ value: Int) -> Void) {
        let isObject = entries[entry].kind == .object
        let stop = end(of: entry)
        var position = entry + 1
        while position < stop {
            if isObject {
                visit(position, position + 1)
                position = end(of: position + 1)
            } else {
                visit(nil, position)
                position = end(of: position)
            }
        }
    }

    /// The value of an object's field `key`. Fields are compared in turn: schedule objects have
    /// a couple of dozen keys at most, and a key is a short string compared without hashing.
    func field(_ key: String, in entry: Int) -> Int? {
        guard entries[entry].kind == .object else { return nil }
        let stop = Int(entries[entry].link)
        var position = entry + 1
        while position < stop {
            if strings[Int(entries[position].link)] == key { return position + 1 }
            position = end(of: position + 1)
        }
        return nil
    }

    func keys(of entry: Int) -> [String] {
        var keys: [String] = []
        forEachChild(of: entry) { key, _ in if let key { keys.append(strings[Int(entries[key].link)]) } }
        return keys
    }

    /// The value at `entry` as a tree.
    func value(at entry: Int) -> JSONValue {
        switch entries[entry].kind {
        case .null: return .null
        case .bool: return .bool(entries[entry].flag)
        case .number: return .number(numbers[Int(entries[entry].link)])
        case .string: return .string(strings[Int(entries[entry].link)])
        case .array: return .array(children(of: entry).map { value(at: $0) })
        case .object:
            var object = JSONObject()
            forEachChild(of: entry) { key, value in
                _ = object.insert(self.value(at: value), forKey: strings[Int(entries[key!].link)])
            }
            return .object(object)
        }
    }
}

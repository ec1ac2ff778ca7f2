/// A value at a known path. Readers ask it for what they expect; a mismatch is recorded in the
/// sink (with the path) and answered with nil, so reading carries on and finds further problems.
struct JSONCursor {
    // Unowned: a read makes a cursor per value, and counting references to the two objects
    // every cursor shares was a fifth of the read. Cursors live only inside a read of `tape`,
    // whose caller holds the tape and the sink throughout.
    unowned(unsafe) let tape: JSONTape
    let entry: Int
    unowned(unsafe) let sink: DiagnosticSink
    /// The path is kept as an ancestor's and up to two steps (a field, an item of it), and
    /// joined only when asked for: most values are read without a problem, and joining cost an
    /// array per field read and per list.
    private let parent: JSONPath
    private let step: JSONPath.Component?
    private let item: Int?

    var path: JSONPath {
        var path = parent
        if let step { path = path.appending(step) }
        if let item { path = path.appending(.index(item)) }
        return path
    }

    /// An item's place in its array; nil for a field.
    var position: Int? {
        if let item { return item }
        if case .index(let index)? = step { return index }
        return nil
    }

    init(tape: JSONTape, entry: Int = 0, path: JSONPath = .root, sink: DiagnosticSink) {
        self.init(tape: tape, entry: entry, parent: path, step: nil, sink: sink)
    }

    /// An item of a top-level list, read as a tape of its own (`JSONStream`).
    init(item position: Int, of list: String, in piece: JSONTape, sink: DiagnosticSink) {
        self.init(tape: piece, entry: 0, parent: .root, step: .key(list), item: position, sink: sink)
    }

    fileprivate init(tape: JSONTape, entry: Int, parent: JSONPath, step: JSONPath.Component?, item: Int? = nil, sink: DiagnosticSink) {
        self.tape = tape
        self.entry = entry
        self.parent = parent
        self.step = step
        self.item = item
        self.sink = sink
    }

    var kind: JSONTape.Kind { tape.kind(entry) }
    var isNull: Bool { kind == .null }

    /// The value as a tree, for readers that take more than one form of it (a link as a string
    /// or an object); the readers of Hallway's own format never need it.
    var value: JSONValue { tape.value(at: entry) }

    func object() -> ObjectCursor? {
        guard kind == .object else {
            mismatch("object")
            return nil
        }
        return ObjectCursor(tape: tape, entry: entry, path: path, sink: sink)
    }

    func string() -> String? {
        guard let text = tape.string(entry) else {
            mismatch("string")
            return nil
        }
        return text
    }

    /// The string when the reader left it in its file (`JSONReader.leavingInFile`), else nil.
    func leftInFile() -> LongText? { tape.leftInFile(entry) }

    func integer() -> Int? {
        guard let number = tape.number(entry), number.rounded() == number, abs(number) < 1e15 else {
            mismatch("integer")
            return nil
        }
        return Int(number)
    }

    func bool() -> Bool? {
        guard kind == .bool else {
            mismatch("boolean")
            return nil
        }
        return tape.entries[entry].flag
    }

    func array() -> [JSONCursor]? {
        var items: [JSONCursor] = []
        return forEachItem { items.append($0) } ? items : nil
    }

    /// Visits an array's items in order, without gathering them first; false (and the mismatch
    /// reported) when the value is not an array.
    @discardableResult
    func forEachItem(_ visit: (JSONCursor) -> Void) -> Bool {
        guard kind == .array else {
            mismatch("array")
            return false
        }
        // An item of a field keeps the field's ancestor and both steps; deeper, the path is joined once.
        let (parent, step) = item == nil ? (self.parent, self.step) : (path, nil)
        var position = 0
        tape.forEachChild(of: entry) { _, child in
            if let step {
                visit(JSONCursor(tape: tape, entry: child, parent: parent, step: step, item: position, sink: sink))
            } else {
                visit(JSONCursor(tape: tape, entry: child, parent: parent, step: .index(position), sink: sink))
            }
            position += 1
        }
        return true
    }

    func error(_ message: String) {
        sink.error(at: path, message)
    }

    private func mismatch(_ expected: String) {
        sink.error(at: path, "expected \(expected), found \(kind.name)")
    }
}

struct ObjectCursor {
    unowned(unsafe) let tape: JSONTape
    let entry: Int
    let path: JSONPath
    unowned(unsafe) let sink: DiagnosticSink

    func field(_ key: String) -> JSONCursor? {
        tape.field(key, in: entry).map { JSONCursor(tape: tape, entry: $0, parent: path, step: .key(key), sink: sink) }
    }

    func has(_ key: String) -> Bool { tape.field(key, in: entry) != nil }

    /// One field as a tree (see `JSONCursor.value`).
    func value(forKey key: String) -> JSONValue? { tape.field(key, in: entry).map { tape.value(at: $0) } }

    /// True when the field is there and is an empty list.
    func isEmptyList(_ key: String) -> Bool {
        guard let value = tape.field(key, in: entry) else { return false }
        return tape.kind(value) == .array && tape.isEmpty(value)
    }

    var keys: [String] { tape.keys(of: entry) }

    /// A field that must be present and not null.
    func required<T>(_ key: String, _ read: (JSONCursor) -> T?) -> T? {
        guard let cursor = field(key), !cursor.isNull else {
            sink.error(at: path.appending(key), has(key) ? "must not be null" : "missing required field")
            return nil
        }
        return read(cursor)
    }

    /// A field that may be absent or null; a wrong type is still an error.
    func optional<T>(_ key: String, _ read: (JSONCursor) -> T?) -> T? {
        guard let cursor = field(key), !cursor.isNull else { return nil }
        return read(cursor)
    }

    func requiredString(_ key: String) -> String? { required(key) { $0.string() } }
    func optionalString(_ key: String) -> String? { optional(key) { $0.string() } }

    /// An array whose bad elements are reported and skipped, keeping the good ones.
    func list<T>(_ key: String, required: Bool = false, _ read: (JSONCursor) -> T?) -> [T] {
        var found: [T] = []
        let gather = { (list: JSONCursor) -> Bool? in
            list.forEachItem { if let value = read($0) { found.append(value) } }
        }
        _ = required ? self.required(key, gather) : optional(key, gather)
        return found
    }

    func strings(_ key: String, required: Bool = false) -> [String] {
        list(key, required: required) { $0.string() }
    }

    /// Unknown keys are usually typos ("titel"), which would otherwise silently lose data.
    func rejectUnknownKeys(_ allowed: Set<String>) {
        var unknown: [String] = []
        tape.forEachChild(of: entry) { key, _ in
            if let name = tape.string(key!), !allowed.contains(name) { unknown.append(name) }
        }
        for key in unknown.sorted() { sink.error(at: path.appending(key), "unknown field") }
    }
}

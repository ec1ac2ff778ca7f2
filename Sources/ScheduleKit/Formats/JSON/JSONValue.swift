import FoundationEssentials
import Glibc

/// A JSON value as a tree, made from a `JSONTape` where a small document reads best whole: the
/// stars file, the place file, the compiled-in schema, a link object in a frab file. Schedules are
/// read from the tape itself.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value's kind, named as JSON Schema names types (`JSONTape.Kind.name`).
    var kind: JSONTape.Kind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

/// An object's fields in the order they were written. A schedule's objects have a dozen or two
/// keys, where comparing keys costs less than hashing every one into a dictionary (the reader
/// spent a fifth of its time there); an object with many keys gets a table as it grows.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    private var table: [String: Int]?
    private static let tableFrom = 24

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { _ = insert(value, forKey: key) }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSONValue? {
        position(of: key).map { values[$0] }
    }

    private func position(of key: String) -> Int? {
        if let table { return table[key] }
        return keys.firstIndex(of: key)
    }

    /// Adds a field; false (and nothing changes) when the key is there already.
    public mutating func insert(_ value: JSONValue, forKey key: String) -> Bool {
        guard position(of: key) == nil else { return false }
        keys.append(key)
        values.append(value)
        if table != nil {
            table![key] = keys.count - 1
        } else if keys.count == Self.tableFrom {
            table = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return true
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator { zip(keys, values).makeIterator() }

    /// Objects are equal when they have the same fields, in whatever order (as JSON means it).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && zip(lhs.keys, lhs.values).allSatisfy { rhs[$0] == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        // Order-independent, to agree with ==.
        hasher.combine(keys.reduce(0) { $0 ^ $1.hashValue })
    }
}

/// Where in a document a value sits: `sessions[3].speakers[0]`, `rooms["Hall 1"][2]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// A path is its last step and the path before it, shared: every event of a room shares the
    /// room's path, so the places a program keeps (one an event, for the warnings told at the
    /// end) cost a step each rather than a copy of the whole path (a tenth of a 32 MB frab
    /// export's peak, a fifth of tiny events').
    private final class Step: Sendable {
        let before: Step?
        let component: Component
        let depth: Int

        init(before: Step?, component: Component) {
            self.before = before
            self.component = component
            depth = (before?.depth ?? 0) + 1
        }
    }

    private let last: Step?

    private init(last: Step?) {
        self.last = last
    }

    public init(_ components: [Component] = []) {
        last = components.reduce(nil) { Step(before: $0, component: $1) }
    }

    /// From the document's root.
    public var components: [Component] {
        var components: [Component] = []
        components.reserveCapacity(last?.depth ?? 0)
        var step = last
        while let current = step {
            components.append(current.component)
            step = current.before
        }
        return components.reversed()
    }

    public static let root = JSONPath()

    /// The path of the list an item is in, and the item's place in it: `rooms["Hall 1"]` and 2
    /// for `rooms["Hall 1"][2]`; nil for a path that does not end in an index.
    var listAndIndex: (list: JSONPath, index: Int)? {
        guard let last, case .index(let index) = last.component else { return nil }
        return (JSONPath(last: last.before), index)
    }

    /// The same path object, not only an equal one: what items of one list share.
    func isShared(with other: JSONPath) -> Bool { last === other.last }

    public func appending(_ key: String) -> JSONPath { appending(.key(key)) }
    public func appending(_ index: Int) -> JSONPath { appending(.index(index)) }
    public func appending(_ component: Component) -> JSONPath { JSONPath(last: Step(before: last, component: component)) }

    public static func == (a: JSONPath, b: JSONPath) -> Bool {
        var (x, y) = (a.last, b.last)
        guard x?.depth == y?.depth else { return false }
        while let left = x, let right = y {
            if left === right { return true }
            if left.component != right.component { return false }
            (x, y) = (left.before, right.before)
        }
        return true
    }

    /// Step by step from the end, as `==` compares: no list of components is made.
    public func hash(into hasher: inout Hasher) {
        var step = last
        hasher.combine(step?.depth ?? 0)
        while let current = step {
            hasher.combine(current.component)
            step = current.before
        }
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where JSONPath.isPlainIdentifier(key):
                text += text.isEmpty ? key : ".\(key)"
            case .key(let key):
                text += "[\"\(key)\"]"
            }
        }
        return text.isEmpty ? "$" : text
    }

    /// ASCII letters, digits, `_` and `$`, not starting with a digit. On bytes: every frab event's
    /// key is made from its path, and asking Unicode's properties of each character was an
    /// eighth of reading 100,000 tiny events.
    static func isPlainIdentifier(_ key: String) -> Bool {
        var utf8 = key.utf8.makeIterator()
        guard let first = utf8.next(), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), isIdentifierByte(first) else { return false }
        while let byte = utf8.next() { if !isIdentifierByte(byte) { return false } }
        return true
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "$"): true
        default: false
        }
    }
}

enum JSONDocument {
    /// Parses `data`, turning a syntax error into a `line:column` diagnostic.
    static func tape(_ data: Data, file: String) throws(ScheduleLoadError) -> JSONTape {
        do {
            return try JSONReader.tape(data)
        } catch {
            let (line, column) = data.withUnsafeBytes { lineAndColumn(ofByteOffset: error.offset, in: $0) }
            throw ScheduleLoadError([Diagnostic(file: file, location: .position(line: line, column: column), message: "not valid JSON: \(error.message)")])
        }
    }

    /// The same, as a tree.
    static func parse(_ data: Data, file: String) throws(ScheduleLoadError) -> JSONValue {
        try tape(data, file: file).value(at: 0)
    }

    /// 1-based line and column; the column counts characters, not bytes, so editors agree with it.
    static func lineAndColumn(ofByteOffset offset: Int, in bytes: UnsafeRawBufferPointer) -> (Int, Int) {
        var position = TextPosition()
        position.advance(over: bytes[0..<max(0, min(offset, bytes.count))])
        return (position.line, position.column)
    }

    /// A 1-based line and column counted over bytes given in turn (`JSONStream` gives a file a
    /// window at a time); the column counts characters, not bytes.
    struct TextPosition {
        private(set) var line = 1
        private(set) var column = 1

        mutating func advance(over bytes: some Sequence<UInt8>) {
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    // Continuation bytes (10xxxxxx) do not start a character.
                    column += 1
                }
            }
        }
    }

    static func lineAndColumn(ofByteOffset offset: Int, in data: Data) -> (Int, Int) {
        data.withUnsafeBytes { lineAndColumn(ofByteOffset: offset, in: $0) }
    }

    static func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? String(Character(UnicodeScalar(byte))) : describeByte(byte)
    }
}

extension JSONValue {
    /// A small document (a state or cache file) read whole by Hallway's own reader, as every
    /// JSON Hallway reads is; nil when it is not valid JSON.
    public init?(parsing data: Data) {
        guard let value = try? JSONReader.parse(data) else { return nil }
        self = value
    }
}

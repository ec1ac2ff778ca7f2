import Foundation

/// A parsed JSON document. Reading through this tree (rather than Codable models) lets one pass
/// report every wrong field with its path instead of stopping at the first.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

/// Where in a document a value sits: `sessions[3].speakers[0]`, `rooms["Hall 1"][2]`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

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

    private static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first == "$" || first.properties.isAlphabetic else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0 == "$" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

enum JSONDocument {
    /// Parses `data`, turning a syntax error into a `line:column` diagnostic.
    static func parse(_ data: Data, file: String) throws(ScheduleLoadError) -> JSONValue {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let offset = syntaxErrorOffset(error as NSError)
            let (line, column) = lineAndColumn(ofByteOffset: offset ?? data.count, in: data)
            let message = offset == nil ? "not valid JSON" : "not valid JSON: unexpected \(describeByte(at: offset!, in: data))"
            throw ScheduleLoadError([Diagnostic(file: file, location: .position(line: line, column: column), message: message)])
        }
        return value(of: object)
    }

    /// JSONSerialization's tree as values. The dynamic type is compared before casting because a
    /// failed `as?` from `Any` tries bridging and costs more than parsing the whole file.
    /// Booleans arrive as NSNumbers too; their type code tells them apart.
    private static func value(of object: Any) -> JSONValue {
        let type = ObjectIdentifier(Swift.type(of: object))
        if type == stringType { return .string(object as! String) }
        if type == arrayType { return .array((object as! [Any]).map(value(of:))) }
        if type == objectType { return .object((object as! [String: Any]).mapValues(value(of:))) }
        if let number = object as? NSNumber {
            return String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        }
        if let text = object as? String { return .string(text) }
        if let items = object as? [Any] { return .array(items.map(value(of:))) }
        if let fields = object as? [String: Any] { return .object(fields.mapValues(value(of:))) }
        return .null
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let arrayType = ObjectIdentifier([Any].self)
    private static let objectType = ObjectIdentifier([String: Any].self)

    static func syntaxErrorOffset(_ error: NSError) -> Int? {
        let text = (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        guard let range = text.range(of: #"character (\d+)"#, options: .regularExpression) else { return nil }
        return Int(text[range].split(separator: " ").last ?? "")
    }

    /// 1-based line and column; the column counts characters, not bytes, so editors agree with it.
    static func lineAndColumn(ofByteOffset offset: Int, in data: Data) -> (Int, Int) {
        let clamped = max(0, min(offset, data.count))
        let before = data.prefix(clamped)
        var line = 1
        var lineStart = before.startIndex
        for index in before.indices where before[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = before.index(after: index)
        }
        let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
        return (line, column)
    }

    private static func describeByte(at offset: Int, in data: Data) -> String {
        guard offset < data.count else { return "end of file" }
        let byte = data[data.startIndex + offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }
}

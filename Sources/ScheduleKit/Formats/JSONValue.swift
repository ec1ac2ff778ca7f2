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

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
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
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            // JSONDecoder reports syntax errors without a position; JSONSerialization gives the byte offset.
            let offset = syntaxErrorOffset(in: data)
            let (line, column) = lineAndColumn(ofByteOffset: offset ?? data.count, in: data)
            let message = offset == nil ? "not valid JSON" : "not valid JSON: unexpected \(describeByte(at: offset!, in: data))"
            throw ScheduleLoadError([Diagnostic(file: file, location: .position(line: line, column: column), message: message)])
        }
    }

    static func syntaxErrorOffset(in data: Data) -> Int? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch let error as NSError {
            let text = (error.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
            guard let range = text.range(of: #"character (\d+)"#, options: .regularExpression) else { return nil }
            return Int(text[range].split(separator: " ").last ?? "")
        }
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

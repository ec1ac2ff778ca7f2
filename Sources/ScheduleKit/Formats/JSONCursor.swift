/// A value at a known path. Readers ask it for what they expect; a mismatch is recorded in the
/// sink (with the path) and answered with nil, so reading carries on and finds further problems.
struct JSONCursor {
    let value: JSONValue
    let path: JSONPath
    let sink: DiagnosticSink

    func object() -> ObjectCursor? {
        guard case .object(let fields) = value else {
            mismatch("object")
            return nil
        }
        return ObjectCursor(fields: fields, path: path, sink: sink)
    }

    func string() -> String? {
        guard case .string(let text) = value else {
            mismatch("string")
            return nil
        }
        return text
    }

    func integer() -> Int? {
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else {
            mismatch("integer")
            return nil
        }
        return Int(number)
    }

    func bool() -> Bool? {
        guard case .bool(let flag) = value else {
            mismatch("boolean")
            return nil
        }
        return flag
    }

    func array() -> [JSONCursor]? {
        guard case .array(let items) = value else {
            mismatch("array")
            return nil
        }
        return items.enumerated().map { JSONCursor(value: $0.element, path: path.appending($0.offset), sink: sink) }
    }

    func error(_ message: String) {
        sink.error(at: path, message)
    }

    private func mismatch(_ expected: String) {
        sink.error(at: path, "expected \(expected), found \(value.kindName)")
    }
}

struct ObjectCursor {
    let fields: JSONObject
    let path: JSONPath
    let sink: DiagnosticSink

    func field(_ key: String) -> JSONCursor? {
        fields[key].map { JSONCursor(value: $0, path: path.appending(key), sink: sink) }
    }

    /// A field that must be present and not null.
    func required<T>(_ key: String, _ read: (JSONCursor) -> T?) -> T? {
        guard let cursor = field(key), cursor.value != .null else {
            sink.error(at: path.appending(key), fields[key] == nil ? "missing required field" : "must not be null")
            return nil
        }
        return read(cursor)
    }

    /// A field that may be absent or null; a wrong type is still an error.
    func optional<T>(_ key: String, _ read: (JSONCursor) -> T?) -> T? {
        guard let cursor = field(key), cursor.value != .null else { return nil }
        return read(cursor)
    }

    func requiredString(_ key: String) -> String? { required(key) { $0.string() } }
    func optionalString(_ key: String) -> String? { optional(key) { $0.string() } }

    /// An array whose bad elements are reported and skipped, keeping the good ones.
    func list<T>(_ key: String, required: Bool = false, _ read: (JSONCursor) -> T?) -> [T] {
        let items = required ? self.required(key) { $0.array() } : optional(key) { $0.array() }
        return (items ?? []).compactMap(read)
    }

    func strings(_ key: String, required: Bool = false) -> [String] {
        list(key, required: required) { $0.string() }
    }

    /// Unknown keys are usually typos ("titel"), which would otherwise silently lose data.
    func rejectUnknownKeys(_ allowed: Set<String>) {
        for key in fields.keys.sorted() where !allowed.contains(key) {
            sink.error(at: path.appending(key), "unknown field")
        }
    }
}

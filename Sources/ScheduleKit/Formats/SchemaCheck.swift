import Foundation

/// Checks a document against a JSON Schema (draft 2020-12), for the keywords Hallway's own schema
/// uses: `type`, `const`, `enum`, `required`, `properties`, `additionalProperties`, `items`,
/// `$ref` (within the schema), `anyOf`, `pattern`, `minLength`, `minItems`, `minimum`. Any other
/// keyword in a schema is refused when the check is built, so the schema cannot grow a rule that
/// validate silently skips.
///
/// Written by hand: no Swift JSON Schema validator is among the packages this project may use,
/// and the subset is small. Python's `jsonschema` checks the same files in the tests, both ways.
struct SchemaCheck: Sendable {
    struct UnsupportedKeyword: Error, CustomStringConvertible {
        let keyword: String
        var description: String { "the schema uses \"\(keyword)\", which Hallway's schema check does not implement" }
    }

    private let schema: JSONValue
    /// The schema's patterns, compiled once.
    private let expressions: [String: NSRegularExpression]

    /// Hallway's published schema (data/hallway-schedule.schema.json), compiled into the binary.
    static let hallway: SchemaCheck = {
        do {
            return try SchemaCheck(schema: try JSONReader.parse(Data(PackageResources.hallway_schedule_schema_json)))
        } catch {
            fatalError("the bundled schema does not load: \(error)")
        }
    }()
    private static let understood: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "required", "properties",
        "additionalProperties", "items", "anyOf", "pattern", "minLength", "minItems", "minimum",
    ]

    init(schema: JSONValue) throws(UnsupportedKeyword) {
        self.schema = schema
        try Self.verify(schema)
        var patterns: [String] = []
        Self.collectPatterns(schema, into: &patterns)
        expressions = Dictionary(patterns.compactMap { pattern in (try? NSRegularExpression(pattern: pattern)).map { (pattern, $0) } },
                                 uniquingKeysWith: { first, _ in first })
    }

    private static func collectPatterns(_ node: JSONValue, into patterns: inout [String]) {
        switch node {
        case .object(let fields):
            if case .string(let pattern)? = fields["pattern"] { patterns.append(pattern) }
            for value in fields.values { collectPatterns(value, into: &patterns) }
        case .array(let items):
            for item in items { collectPatterns(item, into: &patterns) }
        default:
            break
        }
    }

    /// Reports what the schema finds and the reader did not, so no problem is said twice.
    func report(_ document: JSONValue, to sink: DiagnosticSink) {
        let reported = sink.diagnostics.compactMap { diagnostic -> JSONPath? in
            if case .path(let path) = diagnostic.location { return path }
            return nil
        }
        for (path, message) in problems(in: document) {
            let known = reported.contains { $0.components.starts(with: path.components) || path.components.starts(with: $0.components) }
            if !known { sink.error(at: path, message) }
        }
    }

    private static func verify(_ node: JSONValue) throws(UnsupportedKeyword) {
        guard case .object(let fields) = node else { return }
        for (keyword, value) in fields {
            guard understood.contains(keyword) else { throw UnsupportedKeyword(keyword: keyword) }
            switch keyword {
            case "properties", "$defs":
                if case .object(let children) = value { for child in children.values { try verify(child) } }
            case "items", "additionalProperties":
                try verify(value)
            case "anyOf":
                if case .array(let options) = value { for option in options { try verify(option) } }
            default:
                break
            }
        }
    }

    /// Every way `value` breaks the schema, each with the path of the value at fault.
    func problems(in value: JSONValue) -> [(JSONPath, String)] {
        var found: [(JSONPath, String)] = []
        check(value, against: schema, at: .root) { found.append(($0, $1)) }
        return found
    }

    private func resolve(_ node: JSONValue) -> JSONValue {
        guard case .string(let reference)? = node["$ref"], reference.hasPrefix("#/$defs/"),
              let target = schema["$defs"]?[String(reference.dropFirst("#/$defs/".count))] else { return node }
        return resolve(target)
    }

    private func check(_ value: JSONValue, against node: JSONValue, at path: JSONPath, report: (JSONPath, String) -> Void) {
        let rule = resolve(node)
        guard case .object(let keywords) = rule else { return }

        if let type = keywords["type"] {
            let allowed: [String]
            switch type {
            case .string(let one): allowed = [one]
            case .array(let many): allowed = many.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: allowed = []
            }
            guard allowed.contains(where: { Self.value(value, isOfType: $0) }) else {
                report(path, "expected \(allowed.joined(separator: " or ")), found \(value.kindName)")
                return
            }
        }
        if let constant = keywords["const"], constant != value {
            report(path, "must be \(Self.shown(constant))")
        }
        if case .array(let options)? = keywords["enum"], !options.contains(value) {
            report(path, "expected one of \(options.map(Self.shown).joined(separator: ", ")), found \(Self.shown(value))")
        }
        if case .array(let options)? = keywords["anyOf"] {
            let fits = options.contains { option in
                var broken = false
                check(value, against: option, at: path) { _, _ in broken = true }
                return !broken
            }
            if !fits { report(path, "matches none of the forms the schema allows here") }
        }

        switch value {
        case .string(let text):
            if case .number(let minimum)? = keywords["minLength"], Double(text.unicodeScalars.count) < minimum {
                report(path, minimum == 1 ? "must not be empty" : "must be at least \(Int(minimum)) characters long")
            }
            if case .string(let pattern)? = keywords["pattern"], !matches(text, pattern) {
                report(path, "\(Self.shown(value)) does not have the form the schema asks for (\(pattern))")
            }
        case .number(let number):
            if case .number(let minimum)? = keywords["minimum"], number < minimum {
                report(path, "must be at least \(Self.shown(.number(minimum)))")
            }
        case .array(let items):
            if case .number(let minimum)? = keywords["minItems"], Double(items.count) < minimum {
                report(path, "must list at least \(Int(minimum)) \(minimum == 1 ? "item" : "items")")
            }
            if let itemRule = keywords["items"] {
                for (position, item) in items.enumerated() { check(item, against: itemRule, at: path.appending(position), report: report) }
            }
        case .object(let fields):
            if case .array(let required)? = keywords["required"] {
                for case .string(let key) in required where fields[key] == nil { report(path.appending(key), "is required") }
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for key in fields.keys.sorted() {
                let child = fields[key]!
                if let propertyRule = properties[key] {
                    check(child, against: propertyRule, at: path.appending(key), report: report)
                } else if let extra = keywords["additionalProperties"] {
                    if extra == .bool(false) {
                        report(path.appending(key), "is not a field the schema knows")
                    } else if case .object = extra {
                        check(child, against: extra, at: path.appending(key), report: report)
                    }
                }
            }
        case .null, .bool:
            break
        }
    }

    private static func value(_ value: JSONValue, isOfType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func shown(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// ECMA-262 patterns as JSON Schema means them: found anywhere unless anchored. ICU's `$`
    /// would also match before a final line break; JSON Schema's (and Python's `re.search`) does
    /// too, so both readers agree.
    private func matches(_ text: String, _ pattern: String) -> Bool {
        guard let expression = expressions[pattern] else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

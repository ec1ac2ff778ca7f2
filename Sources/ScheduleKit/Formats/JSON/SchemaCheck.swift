import FoundationEssentials
import Glibc

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

    /// The schema turned into rules once, so checking a document looks up no keyword by name.
    let root: Rule

    /// One schema node, its keywords read out. A class so that `$ref`s share one rule.
    final class Rule: @unchecked Sendable {
        var types: [String]? {
            didSet { kinds = (types ?? []).compactMap(Self.kind(named:)).reduce(0) { $0 | 1 << $1.rawValue } }
        }
        /// `types` as a bit for each of the tape's kinds, so a value's type is checked without comparing names.
        private(set) var kinds: UInt8 = 0
        var constant: JSONValue?
        var options: [JSONValue]?
        var anyOf: [Rule] = []
        var required: [String] = []
        var properties: [String: Rule] = [:]
        var forbidsOthers = false
        var others: Rule?
        var items: Rule?
        var pattern: (text: String, expression: PatternExpression?)?
        var minLength: Double?
        var minItems: Double?
        var minimum: Double?
        /// `properties` and `required` as one table, made once the schema is read, so that each
        /// field of an object is looked up once.
        private(set) var fields: [String: (rule: Rule?, isRequired: Bool)] = [:]

        func makeFieldTable() {
            fields = properties.mapValues { ($0, false) }
            for key in required { fields[key] = (properties[key], true) }
        }

        private static func kind(named name: String) -> JSONTape.Kind? {
            JSONTape.Kind.allCases.first { $0.name == name }
        }
    }

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
        try Self.verify(schema)
        var compiler = Compiler(schema: schema)
        root = compiler.compile(schema)
        for rule in compiler.made { rule.makeFieldTable() }
    }

    /// Turns schema nodes into rules: each `$ref` once (the rules are shared), each pattern once.
    private struct Compiler {
        let schema: JSONValue
        var shared: [String: Rule] = [:]
        var expressions: [String: PatternExpression] = [:]
        /// Every rule made, each once.
        var made: [Rule] = []

        init(schema: JSONValue) {
            self.schema = schema
        }

        func definition(_ node: JSONValue) -> (reference: String, target: JSONValue)? {
            guard case .string(let reference)? = node["$ref"], reference.hasPrefix("#/$defs/"),
                  let target = schema["$defs"]?[String(reference.dropFirst("#/$defs/".count))] else { return nil }
            return (reference, target)
        }

        mutating func compile(_ node: JSONValue) -> Rule {
            // A node that is only a `$ref` is the definition's own rule.
            if let (reference, target) = definition(node), case .object(let keywords) = node, keywords.count == 1 {
                if let rule = shared[reference] { return rule }
                let rule = Rule()
                made.append(rule)
                shared[reference] = rule
                fill(rule, from: target)
                return rule
            }
            let rule = Rule()
            made.append(rule)
            fill(rule, from: node)
            return rule
        }

        mutating func fill(_ rule: Rule, from node: JSONValue) {
            guard case .object(let keywords) = node else { return }
            if let (_, target) = definition(node) { fill(rule, from: target) }
            switch keywords["type"] {
            case .string(let one)?: rule.types = [one]
            case .array(let many)?: rule.types = many.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: break
            }
            if let constant = keywords["const"] { rule.constant = constant }
            if case .array(let options)? = keywords["enum"] { rule.options = options }
            if case .array(let options)? = keywords["anyOf"] { rule.anyOf = options.map { compile($0) } }
            if case .array(let names)? = keywords["required"] {
                rule.required = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            }
            if case .object(let declared)? = keywords["properties"] {
                for (key, child) in declared { rule.properties[key] = compile(child) }
            }
            switch keywords["additionalProperties"] {
            case .bool(false)?: rule.forbidsOthers = true
            case .object?: rule.others = compile(keywords["additionalProperties"]!)
            default: break
            }
            if let items = keywords["items"] { rule.items = compile(items) }
            if case .string(let pattern)? = keywords["pattern"] {
                // A pattern that does not compile stays nil, and then nothing matches it.
                if expressions[pattern] == nil { expressions[pattern] = PatternExpression(pattern: pattern) }
                rule.pattern = (pattern, expressions[pattern])
            }
            if case .number(let value)? = keywords["minLength"] { rule.minLength = value }
            if case .number(let value)? = keywords["minItems"] { rule.minItems = value }
            if case .number(let value)? = keywords["minimum"] { rule.minimum = value }
        }
    }

    /// Reports the problems `Pieces` found (on another thread while the reader ran) that
    /// the reader did not, so no problem is said twice.
    func report(_ problems: [(JSONPath, String)], to sink: DiagnosticSink) {
        // A problem is known when a path told is it, is inside it or holds it. Asked of sets (the
        // paths told, and every path that holds one), a problem costs its depth: comparing it
        // with every path told cost 2,000 sessions with three problems each 17 billion
        // instructions (8 seconds), and 220,000 five minutes.
        var told = Set<[JSONPath.Component]>()
        var holdingTold = Set<[JSONPath.Component]>()
        for diagnostic in sink.diagnostics {
            guard case .path(let path) = diagnostic.location else { continue }
            let components = path.components
            told.insert(components)
            for depth in 0...components.count { holdingTold.insert(Array(components[..<depth])) }
        }
        for (path, message) in problems {
            let components = path.components
            let known = !told.isEmpty && (holdingTold.contains(components) || (0...components.count).contains { told.contains(Array(components[..<$0])) })
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

    /// Told in path order (names alphabetically, positions by number), whatever order a file
    /// writes its fields in.
    static func inPathOrder(_ found: [(JSONPath, String)]) -> [(JSONPath, String)] {
        found.enumerated().sorted { lhs, rhs in
            let order = Self.order(lhs.element.0, rhs.element.0)
            return order != 0 ? order < 0 : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Paths compared part by part: names alphabetically, positions by number, a parent first.
    static func order(_ a: JSONPath, _ b: JSONPath) -> Int {
        for (x, y) in zip(a.components, b.components) {
            switch (x, y) {
            case (.index(let i), .index(let j)) where i != j: return i < j ? -1 : 1
            case (.key(let i), .key(let j)) where i != j: return i < j ? -1 : 1
            case (.index, .key): return -1
            case (.key, .index): return 1
            default: continue
            }
        }
        return a.components.count == b.components.count ? 0 : (a.components.count < b.components.count ? -1 : 1)
    }

    /// A pattern and a text it was tried on. Most strings a pattern checks recur (languages,
    /// dates, source and topic ids), and ICU's matcher is the costliest step of the walk.
    struct PatternCase: Hashable {
        /// The pattern's compiled expression, one per pattern text, so that only the text is hashed.
        let pattern: ObjectIdentifier
        let text: String
    }

    /// `path` is a stack the walk pushes and pops; a JSONPath is made only for a problem found.
    func check(_ entry: Int, in tape: JSONTape, against rule: Rule, at path: inout [JSONPath.Component],
                       verdicts: inout [PatternCase: Bool], report: (JSONPath, String) -> Void) {
        func say(_ message: String) { report(JSONPath(path), message) }
        let kind = tape.kind(entry)
        if let allowed = rule.types, rule.kinds & 1 << kind.rawValue == 0, !allowed.contains(where: { Self.entry(entry, in: tape, isOfType: $0) }) {
            say("expected \(allowed.joined(separator: " or ")), found \(kind.name)")
            return
        }
        if let constant = rule.constant, constant != tape.value(at: entry) {
            say("must be \(Self.shown(constant))")
        }
        if let options = rule.options {
            let value = tape.value(at: entry)
            if !options.contains(value) {
                say("expected one of \(options.map(Self.shown).joined(separator: ", ")), found \(Self.shown(value))")
            }
        }
        if !rule.anyOf.isEmpty {
            let fits = rule.anyOf.contains { option in
                var broken = false
                check(entry, in: tape, against: option, at: &path, verdicts: &verdicts) { _, _ in broken = true }
                return !broken
            }
            if !fits { say("matches none of the forms the schema allows here") }
        }

        switch kind {
        case .string:
            let text = tape.string(entry)!
            // Counted only as far as the minimum: a summary is hundreds of characters.
            if let minimum = rule.minLength, text.unicodeScalars.prefix(Int(minimum.rounded(.up))).count < Int(minimum.rounded(.up)) {
                say(minimum == 1 ? "must not be empty" : "must be at least \(Int(minimum)) characters long")
            }
            if let pattern = rule.pattern, !Self.matches(text, pattern, verdicts: &verdicts) {
                say("\(Self.shown(.string(text))) does not have the form the schema asks for (\(pattern.text))")
            }
        case .number:
            if let minimum = rule.minimum, tape.number(entry)! < minimum {
                say("must be at least \(Self.shown(.number(minimum)))")
            }
        case .array:
            if let minimum = rule.minItems, Double(tape.count(entry)) < minimum {
                say("must list at least \(Int(minimum)) \(minimum == 1 ? "item" : "items")")
            }
            if let itemRule = rule.items {
                var position = 0
                tape.forEachChild(of: entry) { _, item in
                    path.append(.index(position))
                    check(item, in: tape, against: itemRule, at: &path, verdicts: &verdicts, report: report)
                    path.removeLast()
                    position += 1
                }
            }
        case .object:
            var requiredFound = 0
            tape.forEachChild(of: entry) { keyEntry, child in
                let key = tape.string(keyEntry!)!
                let field = rule.fields[key]
                if field?.isRequired == true { requiredFound += 1 }
                path.append(.key(key))
                if let propertyRule = field?.rule {
                    check(child, in: tape, against: propertyRule, at: &path, verdicts: &verdicts, report: report)
                } else if rule.forbidsOthers {
                    say("is not a field the schema knows")
                } else if let others = rule.others {
                    check(child, in: tape, against: others, at: &path, verdicts: &verdicts, report: report)
                }
                path.removeLast()
            }
            // Keys are never repeated (the reader refuses that), so a count tells whether one is missing.
            if requiredFound < rule.required.count {
                for key in rule.required where tape.field(key, in: entry) == nil { report(JSONPath(path + [.key(key)]), "is required") }
            }
        case .null, .bool:
            break
        }
    }

    private static func entry(_ entry: Int, in tape: JSONTape, isOfType type: String) -> Bool {
        switch (type, tape.kind(entry)) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): true
        case ("integer", .number): tape.number(entry)!.rounded() == tape.number(entry)!
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
    private static func matches(_ text: String, _ pattern: (text: String, expression: PatternExpression?),
                                verdicts: inout [PatternCase: Bool]) -> Bool {
        guard let expression = pattern.expression else { return false }
        let key = PatternCase(pattern: ObjectIdentifier(expression), text: text)
        if let known = verdicts[key] { return known }
        let verdict = expression.isFound(in: text)
        verdicts[key] = verdict
        return verdict
    }
}

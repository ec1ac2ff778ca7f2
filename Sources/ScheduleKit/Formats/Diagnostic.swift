/// One problem found in a schedule file, with where it is.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Location: Sendable, Hashable {
        case file
        case position(line: Int, column: Int)
        case path(JSONPath)
    }

    public var file: String
    public var location: Location
    public var message: String

    public init(file: String, location: Location, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file:12:7: message` for syntax errors, `file: sessions[3].title: message` for fields.
    /// Every part that can carry text from the file is escaped, so stderr never receives a control byte.
    public var description: String {
        let name = TerminalSafe.escaped(file)
        let text = TerminalSafe.escaped(message)
        switch location {
        case .file: return "\(name): \(text)"
        case .position(let line, let column): return "\(name):\(line):\(column): \(text)"
        case .path(let path): return "\(name): \(TerminalSafe.escaped(path.description)): \(text)"
        }
    }
}

/// Loading failed; `diagnostics` holds every problem found, not just the first.
public struct ScheduleLoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects diagnostics while a file is read, so one run reports them all.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Past this many, the rest are summarised: a file with a systematic mistake should not print thousands of lines.
    let limit: Int

    init(file: String, limit: Int = 200) {
        self.file = file
        self.limit = limit
    }

    private var dropped = 0

    func error(at path: JSONPath, _ message: String) {
        append(Diagnostic(file: file, location: .path(path), message: message))
    }

    private func append(_ diagnostic: Diagnostic) {
        if diagnostics.count < limit { diagnostics.append(diagnostic) } else { dropped += 1 }
    }

    var hasErrors: Bool { !diagnostics.isEmpty }

    func finished() -> [Diagnostic] {
        guard dropped > 0 else { return diagnostics }
        return diagnostics + [Diagnostic(file: file, location: .file, message: "\(dropped) more problems not shown")]
    }
}

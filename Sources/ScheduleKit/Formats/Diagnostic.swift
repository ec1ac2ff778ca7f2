/// One problem found in a schedule file, with where it is.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Location: Sendable, Hashable {
        case file
        case position(line: Int, column: Int)
        case path(JSONPath)
        /// An XML element: its path (`schedule/day[1]/room[2]/event[3]`) and where it starts.
        case element(String, line: Int, column: Int)
    }

    /// Errors refuse the file; warnings are reported by `validate` and the file still opens.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var file: String
    public var location: Location
    public var message: String
    public var severity: Severity

    public init(file: String, location: Location, message: String, severity: Severity = .error) {
        self.file = file
        self.location = location
        self.message = message
        self.severity = severity
    }

    /// `file:12:7: message` for syntax errors, `file: sessions[3].title: message` for fields,
    /// `file:40:9: schedule/day[1]/…/event[3]: message` for XML elements; warnings say so.
    /// Every part that can carry text from the file is escaped, so stderr never receives a control byte.
    public var description: String {
        let name = TerminalSafe.escaped(file)
        let text = (severity == .warning ? "warning: " : "") + TerminalSafe.escaped(message)
        switch location {
        case .file: return "\(name): \(text)"
        case .position(let line, let column): return "\(name):\(line):\(column): \(text)"
        case .path(let path): return "\(name): \(TerminalSafe.escaped(path.description)): \(text)"
        case .element(let path, let line, let column): return "\(name):\(line):\(column): \(TerminalSafe.escaped(path)): \(text)"
        }
    }
}

/// Loading failed; `diagnostics` holds every problem found, not just the first.
public struct ScheduleLoadError: Error, Sendable, Equatable, CustomStringConvertible {
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
    private var dropped = 0
    private(set) var errorCount = 0

    init(file: String, limit: Int = 200) {
        self.file = file
        self.limit = limit
    }

    func error(at path: JSONPath, _ message: String) {
        report(.path(path), message)
    }

    func warning(at path: JSONPath, _ message: String) {
        report(.path(path), message, severity: .warning)
    }

    func report(_ location: Diagnostic.Location, _ message: String, severity: Diagnostic.Severity = .error) {
        if severity == .error { errorCount += 1 }
        if diagnostics.count < limit {
            diagnostics.append(Diagnostic(file: file, location: location, message: message, severity: severity))
        } else {
            dropped += 1
        }
    }

    var hasErrors: Bool { errorCount > 0 }

    /// Errors counted but not kept (a check that stopped keeping them): told only by the count
    /// of problems not shown.
    func countUnshown(errors count: Int) {
        errorCount += count
        dropped += count
    }

    /// What a sink collected, to hand from the thread that filled it to another sink.
    struct Collected: Sendable {
        let diagnostics: [Diagnostic]
        let errorCount: Int
        let dropped: Int
    }

    var collected: Collected { Collected(diagnostics: diagnostics, errorCount: errorCount, dropped: dropped) }

    /// Takes in what another sink collected as if it had been told here.
    func absorb(_ other: Collected) {
        for diagnostic in other.diagnostics { report(diagnostic.location, diagnostic.message, severity: diagnostic.severity) }
        let shownErrors = other.diagnostics.filter { $0.severity == .error }.count
        errorCount += other.errorCount - shownErrors
        dropped += other.dropped
    }

    func finished() -> [Diagnostic] {
        guard dropped > 0 else { return diagnostics }
        return diagnostics + [Diagnostic(file: file, location: .file, message: "\(dropped) more problems not shown",
                                         severity: hasErrors ? .error : .warning)]
    }
}

import Foundation

/// One iCalendar content line (RFC 5545 §3.1) after unfolding: `NAME;PARAM=VALUE:value`, with
/// the line it started on in the file.
struct ContentLine {
    /// Upper-cased: property names are case-insensitive.
    var name: String
    /// Parameter names upper-cased; values unquoted.
    var parameters: [String: String]
    /// The raw value, escapes still in place (only TEXT values are unescaped, by `text`).
    var value: String
    var line: Int

    func parameter(_ name: String) -> String? { parameters[name] }

    /// A TEXT value: `\\n` `\\N` `\\,` `\\;` `\\\\` unescaped, white space at the ends trimmed
    /// (real feeds write "LOCATION: XOR"), empty as nil.
    var text: String? {
        ContentLine.unescape(value).trimmedOrNil
    }

    /// A list value (`CATEGORIES:Security,Hardware`): split at unescaped commas.
    var list: [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for character in value {
            if escaped {
                current.append("\\")
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items.compactMap { ContentLine.unescape($0).trimmedOrNil }
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var output = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n", "N": output.append("\n")
                default: output.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                output.append(character)
            }
        }
        return output
    }
}

enum ContentLines {
    /// The longest logical line read whole. A description at the field limit (20,000
    /// characters) takes at most 80 KB of UTF-8 and its escapes; beyond this a line is cut with
    /// a warning (one 4 MB line used to cost 453 MB).
    static let maximumLineBytes = 256 * 1024

    /// Unfolds the file (a line break followed by a space or tab continues the line), on bytes so a
    /// fold inside a multi-byte character joins it back whole; accepts CRLF or LF and a byte-order
    /// mark. Each content line is handed to `body` as soon as it is whole, so only one line is held
    /// at a time, never the file's lines. Lines that cannot be content lines are reported as
    /// warnings and skipped.
    static func forEach(in data: Data, sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var current: [UInt8] = []
            var currentLine = 1
            var lineNumber = 1
            var cut = false
            var hadLine = false
            func finish() {
                if !current.isEmpty { hadLine = true }
                defer {
                    current.removeAll(keepingCapacity: current.capacity <= 4096)
                    cut = false
                }
                guard !current.isEmpty else { return }
                if cut {
                    sink.report(.position(line: currentLine, column: 1),
                                "the line is over \(maximumLineBytes / 1024) KiB; only its first \(maximumLineBytes / 1024) KiB are read", severity: .warning)
                    // Back to a character boundary: never half a UTF-8 sequence.
                    while let last = current.last, last & 0xC0 == 0x80 { current.removeLast() }
                    if let last = current.last, last >= 0xC0 { current.removeLast() }
                }
                guard let text = String(validating: current, as: UTF8.self) else {
                    sink.report(.position(line: currentLine, column: 1), "not valid UTF-8; the line is skipped", severity: .warning)
                    return
                }
                if text.trimmed.isEmpty { return }
                guard let parsed = parse(text, line: currentLine) else {
                    sink.report(.position(line: currentLine, column: 1), "not an iCalendar content line (NAME:value); skipped: \"\(text.prefix(60))\"", severity: .warning)
                    return
                }
                body(parsed)
            }
            func append(_ part: Slice<UnsafeBufferPointer<UInt8>>) {
                let room = maximumLineBytes - current.count
                if part.count > room { cut = true }
                current.append(contentsOf: part.prefix(max(0, room)))
            }
            while index < bytes.count {
                var end = index
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var physical = bytes[index..<end]
                if physical.last == 0x0D { physical = physical.dropLast() }
                if let first = physical.first, first == 0x20 || first == 0x09, hadLine || !current.isEmpty {
                    append(physical.dropFirst())
                } else {
                    finish()
                    append(physical)
                    currentLine = lineNumber
                }
                lineNumber += 1
                index = end + 1
            }
            finish()
        }
    }

    /// RFC 6868: `^'` is a double quote, `^n` a line break and `^^` a circumflex in a parameter value.
    static func decodeCircumflex(_ value: String) -> String {
        guard value.contains("^") else { return value }
        var output = ""
        var pending = false
        for character in value {
            if pending {
                switch character {
                case "'": output.append("\"")
                case "n", "N": output.append("\n")
                case "^": output.append("^")
                default: output.append("^"); output.append(character)
                }
                pending = false
            } else if character == "^" {
                pending = true
            } else {
                output.append(character)
            }
        }
        if pending { output.append("^") }
        return output
    }

    /// `NAME *(";" param) ":" value`, where a parameter value may be quoted (and hold ':' or ';').
    static func parse(_ text: String, line: Int) -> ContentLine? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "-" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        while index < scalars.count, isNameCharacter(scalars[index]) { index += 1 }
        guard index > 0, index < scalars.count else { return nil }
        let name = String(String.UnicodeScalarView(scalars[0..<index])).uppercased()
        var parameters: [String: String] = [:]
        while index < scalars.count, scalars[index] == ";" {
            index += 1
            let nameStart = index
            while index < scalars.count, isNameCharacter(scalars[index]) { index += 1 }
            let parameterName = String(String.UnicodeScalarView(scalars[nameStart..<index])).uppercased()
            guard index < scalars.count, scalars[index] == "=" else { return nil }
            index += 1
            var value = String.UnicodeScalarView()
            var values: [String] = []
            while index < scalars.count, scalars[index] != ";", scalars[index] != ":" {
                if scalars[index] == "\"" {
                    index += 1
                    while index < scalars.count, scalars[index] != "\"" { value.append(scalars[index]); index += 1 }
                    guard index < scalars.count else { return nil }
                    index += 1
                } else if scalars[index] == "," {
                    values.append(String(value))
                    value = String.UnicodeScalarView()
                    index += 1
                } else {
                    value.append(scalars[index])
                    index += 1
                }
            }
            values.append(String(value))
            parameters[parameterName] = decodeCircumflex(values.joined(separator: ","))
        }
        guard index < scalars.count, scalars[index] == ":" else { return nil }
        let value = String(String.UnicodeScalarView(scalars[(index + 1)...]))
        return ContentLine(name: name, parameters: parameters, value: value, line: line)
    }
}

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

    /// On UTF-8 bytes: every escape is ASCII, so no character is split, and a value with no
    /// backslash (nearly all) is returned as it is.
    static func unescape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(UInt8(ascii: "\\")) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var escaped = false
            for byte in bytes {
                if escaped {
                    output.append(byte == UInt8(ascii: "n") || byte == UInt8(ascii: "N") ? 0x0A : byte)
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else {
                    output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        } ?? text
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
                guard var text = String(validating: current, as: UTF8.self) else {
                    sink.report(.position(line: currentLine, column: 1), "not valid UTF-8; the line is skipped", severity: .warning)
                    return
                }
                guard let parsed = text.withUTF8({ parse(bytes: $0, line: currentLine) }) else {
                    if text.trimmed.isEmpty { return }
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
    /// Read on the line's UTF-8 bytes: every delimiter is ASCII, so a multi-byte character is never
    /// split, and only the name, the parameters and the value become strings.
    static func parse(_ text: String, line: Int) -> ContentLine? {
        var text = text
        return text.withUTF8 { parse(bytes: $0, line: line) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>, line: Int) -> ContentLine? {
        let count = bytes.count
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        func upper(_ range: Range<Int>) -> String {
            String(decoding: bytes[range].lazy.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }, as: UTF8.self)
        }
        while index < count, isNameByte(bytes[index]) { index += 1 }
        guard index > 0, index < count else { return nil }
        let name = upper(0..<index)
        var parameters: [String: String] = [:]
        while index < count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < count, isNameByte(bytes[index]) { index += 1 }
            let parameterName = upper(nameStart..<index)
            guard index < count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            var value: [UInt8] = []
            while index < count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
                if bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    let start = index
                    while index < count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    guard index < count else { return nil }
                    value.append(contentsOf: bytes[start..<index])
                    index += 1
                } else {
                    value.append(bytes[index])
                    index += 1
                }
            }
            parameters[parameterName] = decodeCircumflex(String(decoding: value, as: UTF8.self))
        }
        guard index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
        let value = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        return ContentLine(name: name, parameters: parameters, value: value, line: line)
    }
}

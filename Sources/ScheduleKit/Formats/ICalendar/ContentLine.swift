import FoundationEssentials
import Glibc

/// One iCalendar content line (RFC 5545 §3.1) after unfolding: `NAME;PARAM=VALUE:value`, with
/// the line it started on in the file.
struct ContentLine {
    /// Upper-cased: property names are case-insensitive.
    var name: String
    /// The name as one of those Hallway reads, `.other` for the rest.
    var known: ContentName
    /// Parameter names upper-cased; values unquoted.
    var parameters: [String: String]
    /// The raw value, escapes still in place (only TEXT values are unescaped, by `text`).
    var value: String
    var line: Int
    /// Where the whole line lies in the bytes unfolded (the file), folds included; nil when a
    /// line was cut. A description is left there (`TextFile.Encoding.icalendarLine`).
    var span: Range<Int>?

    init(name: String, parameters: [String: String], value: String, line: Int) {
        self.init(name: name, known: ContentName.named(name), parameters: parameters, value: value, line: line)
    }

    init(name: String, known: ContentName, parameters: [String: String], value: String, line: Int) {
        self.name = name
        self.known = known
        self.parameters = parameters
        self.value = value
        self.line = line
    }

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
            // memchr: most values have no escape, and a byte-by-byte look was 500 instructions a value.
            guard !bytes.isEmpty, memchr(bytes.baseAddress!, Int32(UInt8(ascii: "\\")), bytes.count) != nil else { return nil }
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
    /// The TEXT value of the content line `bytes` are, as the file has it (folds included): what
    /// `ContentLine.text` gave when the line was read. Nil when they are no content line.
    static func storedText(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { line -> String? in
            guard let base = line.baseAddress, memchr(base, 0x0A, line.count) != nil else { return parse(bytes: line, line: 1)?.text }
            // Within a line a line feed only ever starts a fold: it, a carriage return before it
            // and the space or tab after it go, as unfolding took them. Runs between folds are
            // copied whole (a byte at a time was a third of reading a description back).
            var unfolded: [UInt8] = []
            unfolded.reserveCapacity(line.count)
            var start = 0
            while start < line.count {
                let found = memchr(base + start, 0x0A, line.count - start)
                let end = found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? line.count
                unfolded.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<end]))
                guard end < line.count else { break }
                if unfolded.last == 0x0D { unfolded.removeLast() }
                start = end + 2
            }
            return unfolded.withUnsafeBufferPointer { parse(bytes: $0, line: 1) }?.text
        }
    }

    /// The longest logical line read whole. A description at the field limit (20,000
    /// characters) takes at most 80 KB of UTF-8 and its escapes; beyond this a line is cut with
    /// a warning (one 4 MB line used to cost 453 MB).
    static let maximumLineBytes = 256 * 1024

    /// Unfolds bytes held whole (see `Unfolding`), handing each content line to `body`.
    static func forEach(in data: Data, sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
        var unfolding = Unfolding()
        data.withUnsafeBytes { unfolding.feed($0, sink: sink, body) }
        unfolding.finish(sink: sink, body)
    }

    /// Unfolds a file fed to it in pieces of any size (a line break followed by a space or tab
    /// continues the line), on bytes so a fold inside a multi-byte character joins it back whole;
    /// accepts CRLF or LF and a byte-order mark. Each content line is handed on as soon as it is
    /// whole, so only one line is held at a time, never the file's lines nor the file. Lines that
    /// cannot be content lines are reported as warnings and skipped.
    struct Unfolding {
        private var current: [UInt8] = []
        /// Where the logical line being gathered started, and the physical line being read.
        private var currentLine = 1
        private var lineNumber = 1
        /// Where in the bytes fed the next piece starts, and where the line being gathered
        /// starts and (so far) ends, folds included.
        private var fed = 0
        private var currentStart = 0
        private var currentEnd = 0
        private var cut = false
        private var hadLine = false
        /// At the first byte of a physical line (which says whether it continues the last).
        private var atLineStart = true
        /// The file's first bytes, held until there are enough to tell a byte-order mark from
        /// text; nil once told.
        private var head: [UInt8]? = []
        /// The last byte kept was a carriage return that may end its physical line.
        private var pendingReturn = false
        /// The names of the lines handed on (all when nil); the others are only checked, unless
        /// `checkingOthers` is false (a pass whose problems nobody hears: iCalendar's survey).
        private let wanted: ContentName.Set?
        private let checkingOthers: Bool

        init(wanted: ContentName.Set? = nil, checkingOthers: Bool = true) {
            self.wanted = wanted
            self.checkingOthers = checkingOthers
        }

        mutating func feed(_ raw: UnsafeRawBufferPointer, sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
            let base = fed
            fed += raw.count
            guard var held = head else { return unfold(raw.bindMemory(to: UInt8.self), at: base, sink: sink, body) }
            let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
            let taken = min(raw.count, byteOrderMark.count - held.count)
            held += raw.prefix(taken)
            let rest = UnsafeRawBufferPointer(rebasing: raw[taken...])
            guard held.count == byteOrderMark.count || !byteOrderMark.starts(with: held) else {
                head = held
                return
            }
            head = nil
            // The head is the file's first bytes: it starts at 0.
            if held != byteOrderMark { held.withUnsafeBufferPointer { unfold($0, at: 0, sink: sink, body) } }
            unfold(rest.bindMemory(to: UInt8.self), at: base + taken, sink: sink, body)
        }

        /// `base`: where `bytes` start in the bytes fed.
        private mutating func unfold(_ bytes: UnsafeBufferPointer<UInt8>, at base: Int, sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
            var index = 0
            while index < bytes.count {
                if atLineStart {
                    atLineStart = false
                    let first = bytes[index]
                    if (first == 0x20 || first == 0x09) && (hadLine || !current.isEmpty) {
                        index += 1
                    } else {
                        endLine(sink: sink, body)
                        currentLine = lineNumber
                        currentStart = base + index
                        currentEnd = currentStart
                        // A whole line in this piece that the next one does not continue (nearly
                        // every line) is read where it lies: copied into `current` and cleared, it
                        // was a thirtieth of reading a feed.
                        if let end = UnsafeRawBufferPointer(bytes).firstIndex(of: 0x0A, from: index), end + 1 < bytes.count,
                           bytes[end + 1] != 0x20, bytes[end + 1] != 0x09, end - index <= maximumLineBytes {
                            let stop = end > index && bytes[end - 1] == 0x0D ? end - 1 : end
                            if stop > index {
                                hadLine = true
                                handOn(UnsafeBufferPointer(rebasing: bytes[index..<stop]), line: currentLine, span: (base + index)..<(base + stop), sink: sink, body)
                            }
                            lineNumber += 1
                            atLineStart = true
                            index = end + 1
                            continue
                        }
                    }
                }
                let end = UnsafeRawBufferPointer(bytes).firstIndex(of: 0x0A, from: index) ?? bytes.count
                // A carriage return kept at the end of the last piece ends its line only if
                // this piece starts with the line feed.
                if pendingReturn, end == index, end < bytes.count, !cut, current.last == 0x0D {
                    current.removeLast()
                    currentEnd -= 1
                }
                pendingReturn = false
                var physical = bytes[index..<end]
                if end < bytes.count, physical.last == 0x0D { physical = physical.dropLast() }
                append(physical)
                if !physical.isEmpty { currentEnd = base + physical.endIndex }
                if end < bytes.count {
                    lineNumber += 1
                    atLineStart = true
                } else if physical.last == 0x0D {
                    pendingReturn = true
                }
                index = end + 1
            }
        }

        /// Hands on the last line.
        mutating func finish(sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
            // A file shorter than a byte-order mark.
            if let held = head {
                head = nil
                held.withUnsafeBufferPointer { unfold($0, at: 0, sink: sink, body) }
            }
            endLine(sink: sink, body)
        }

        /// Hands on the line gathered so far, if any, and starts the next.
        private mutating func endLine(sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
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
            let (line, span) = (currentLine, cut ? nil : currentStart..<currentEnd)
            current.withUnsafeBufferPointer { handOn($0, line: line, span: span, sink: sink, body) }
        }

        /// A whole logical line, parsed and handed on; what it is not, told.
        private func handOn(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, span: Range<Int>?, sink: DiagnosticSink, _ body: (ContentLine) -> Void) {
            switch parse(bytes: bytes, line: line, wanted: wanted, checkingOthers: checkingOthers) {
            case .line(var contentLine):
                contentLine.span = span
                body(contentLine)
            case .unwanted:
                break
            case .notUTF8:
                sink.report(.position(line: line, column: 1), "not valid UTF-8; the line is skipped", severity: .warning)
            case .notALine:
                guard UTF8Bytes.isUTF8(UnsafeRawBufferPointer(bytes)) else {
                    return sink.report(.position(line: line, column: 1), "not valid UTF-8; the line is skipped", severity: .warning)
                }
                let text = String(decoding: bytes, as: UTF8.self)
                if text.trimmed.isEmpty { return }
                sink.report(.position(line: line, column: 1), "not an iCalendar content line (NAME:value); skipped: \"\(text.prefix(60))\"", severity: .warning)
            }
        }

        private mutating func append(_ part: Slice<UnsafeBufferPointer<UInt8>>) {
            let room = maximumLineBytes - current.count
            if part.count > room { cut = true }
            current.append(contentsOf: part.prefix(max(0, room)))
        }
    }

    /// RFC 6868: `^'` is a double quote, `^n` a line break and `^^` a circumflex in a parameter value.
    static func decodeCircumflex(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "^")) else { return value }
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
        if case .line(let parsed) = parse(bytes: bytes, line: line, wanted: nil) { return parsed }
        return nil
    }

    /// A line read, a line whose name is not `wanted` (checked as a content line, but no string
    /// made of it), a line that is no content line, or one that is not UTF-8.
    enum Parsed {
        case line(ContentLine)
        case unwanted
        case notALine
        case notUTF8
    }

    /// `checkingOthers` false: a line whose name is not wanted is not looked at past its name.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, line: Int, wanted: ContentName.Set?, checkingOthers: Bool = true) -> Parsed {
        let count = bytes.count
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        func upper(_ range: Range<Int>) -> String {
            // Written in place: decoding a lazily mapped sequence took the slow, non-contiguous path.
            String(unsafeUninitializedCapacity: range.count) { output in
                for (offset, byte) in bytes[range].enumerated() {
                    output[offset] = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
                }
                return range.count
            }
        }
        while index < count, isNameByte(bytes[index]) { index += 1 }
        guard index > 0, index < count else { return .notALine }
        let nameCount = index
        let known = ContentName.named(UnsafeBufferPointer(rebasing: bytes[0..<nameCount]))
        let kept = wanted.map { $0.contains(known) } ?? true
        if !kept, !checkingOthers { return .unwanted }
        // Names are ASCII, so a line is UTF-8 when its parameters' values and its value are.
        let ascii = UTF8Bytes.isASCII(UnsafeRawBufferPointer(bytes))
        func text(_ part: UnsafeBufferPointer<UInt8>) -> String? {
            ascii ? String(decoding: part, as: UTF8.self) : UTF8Bytes.string(validating: part)
        }
        var parameters: [String: String] = [:]
        while index < count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < count, isNameByte(bytes[index]) { index += 1 }
            let nameEnd = index
            guard index < count, bytes[index] == UInt8(ascii: "=") else { return .notALine }
            index += 1
            var value: [UInt8] = []
            while index < count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
                if bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    let start = index
                    while index < count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    guard index < count else { return .notALine }
                    if kept { value.append(contentsOf: bytes[start..<index]) }
                    index += 1
                } else {
                    if kept { value.append(bytes[index]) }
                    index += 1
                }
            }
            if kept {
                guard let decoded = value.withUnsafeBufferPointer(text) else { return .notUTF8 }
                parameters[upper(nameStart..<nameEnd)] = decodeCircumflex(decoded)
            }
        }
        guard index < count, bytes[index] == UInt8(ascii: ":") else { return .notALine }
        guard kept else { return ascii || UTF8Bytes.string(validating: bytes) != nil ? .unwanted : .notUTF8 }
        guard let value = text(UnsafeBufferPointer(rebasing: bytes[(index + 1)...])) else { return .notUTF8 }
        // A name Hallway reads is its spelling, made once; another is a short string, made without an allocation.
        let name = known == .other ? upper(0..<nameCount) : known.spelling
        return .line(ContentLine(name: name, known: known, parameters: parameters, value: value, line: line))
    }
}

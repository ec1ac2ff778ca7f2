import FoundationEssentials
import Glibc

/// Reads JSON bytes into a `JSONTape` in one pass. Written by hand rather than through
/// `JSONSerialization` because that builds a Foundation tree first (which then has to be walked
/// again), reports errors only as a character count, accepts trailing commas and keeps the last
/// of two equal keys. This reader is several times faster here (docs/PERFORMANCE.md,
/// `hallway-bench parse`) and every refusal names its byte offset and the reason.
struct JSONReader {
    /// Deeper than any schedule needs, shallow enough that recursion cannot exhaust the stack.
    static let maximumDepth = 512
    /// Where an object starts keeping its keys in a set to find a repeated one.
    private static let keySetFrom = 24

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    private(set) var bytes: UnsafeRawBufferPointer
    var index = 0
    private(set) var depth = 0
    private var entries: [JSONTape.Entry] = []
    private var numbers: [Double] = []
    private var strings: [String] = []
    /// The keys of the objects being read, innermost last, to refuse a key said twice.
    private var openKeys: [String] = []
    /// Keys are a few dozen names said over and over (every session has the same ones): each
    /// plain key becomes a string once, and later ones point at it. At 100,000 sessions that is
    /// 2.3 million strings not made.
    var keyNames = ByteStringTable()
    private var keyTexts: [String] = []
    /// Each key's place in this tape's `strings`, or `UInt32.max` before it occurs in it.
    private var keyLinks: [UInt32] = []
    /// Each key's field for the direct readers (`HallwayDirectRead`), by the key's number; made as keys are met.
    var directFields: [HallwayField] = []
    /// Lists of source ids read so far, to share (`directSourceIDs`).
    var sharedSourceLists: [[String]: [String]] = [:]
    /// The file the bytes come from, where long texts may be left (`directLongText`), and where
    /// in it the bytes start.
    var textFile: TextFile?
    private(set) var windowOffset = 0
    /// Fields whose long string values, at this depth, are left in `textFile` or held as their
    /// field's rule says (frab's event descriptions always left: shown one at a time, never
    /// searched; abstracts left when they are plain text already, else held made plain).
    var leavingInFile: (fields: [String: @Sendable (String) -> LongTextPlacement], depth: Int)?
    private var stored: [UInt32: LongText] = [:]

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    static func parse(_ data: Data) throws(Failure) -> JSONValue {
        try tape(data).value(at: 0)
    }

    static func tape(_ data: Data) throws(Failure) -> JSONTape {
        guard data.count < Int(UInt32.max) else { throw Failure(offset: 0, message: "a file of 4 GiB or more cannot be read") }
        let result: Result<JSONTape, Failure> = data.withUnsafeBytes { raw in
            var reader = JSONReader(raw)
            // A value takes two bytes or more; a field a key and a value.
            reader.entries.reserveCapacity(raw.count / 16)
            do throws(Failure) {
                try reader.document()
                return .success(JSONTape(entries: reader.entries, numbers: reader.numbers, strings: reader.strings))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private mutating func document() throws(Failure) {
        try start()
        try value()
        try end()
    }

    /// Past a byte-order mark (editors on Windows write one) and white space, at the top-level value.
    mutating func start() throws(Failure) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipSpace()
        guard index < bytes.count else { throw Failure(offset: index, message: bytes.isEmpty ? "the file is empty" : "no JSON value, only white space") }
    }

    /// After the top-level value: nothing but white space.
    mutating func end() throws(Failure) {
        skipSpace()
        guard index == bytes.count else { throw unexpected("after the end of the top-level value") }
    }

    private mutating func value() throws(Failure) {
        guard index < bytes.count else { throw Failure(offset: index, message: "unexpected end of file, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try stringEntry()
        case UInt8(ascii: "t"):
            try literal("true")
            entries.append(JSONTape.Entry(kind: .bool, flag: true))
        case UInt8(ascii: "f"):
            try literal("false")
            entries.append(JSONTape.Entry(kind: .bool, flag: false))
        case UInt8(ascii: "n"):
            try literal("null")
            entries.append(JSONTape.Entry(kind: .null))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            numbers.append(try number())
            entries.append(JSONTape.Entry(kind: .number, link: UInt32(numbers.count - 1)))
        default: throw unexpected("where a value should start")
        }
    }

    private mutating func stringEntry() throws(Failure) {
        strings.append(try string())
        entries.append(JSONTape.Entry(kind: .string, link: UInt32(strings.count - 1)))
    }

    /// A string read in full (one that would be refused is refused now); when it is long and not
    /// blank, left in the file or held as `rule` says (`JSONTape.leftInFile` gives it either way).
    private mutating func stringEntry(leavingIn file: TextFile, as rule: (String) -> LongTextPlacement) throws(Failure) {
        let opening = index
        let text = try string()
        if let long = LongText(leaving: text, in: file, range: (windowOffset + opening)..<(windowOffset + index), encoding: .jsonString) {
            strings.append("")
            switch rule(text) {
            case .leftInFile: stored[UInt32(strings.count - 1)] = long
            case .held(let made): stored[UInt32(strings.count - 1)] = LongText(made)
            }
        } else {
            strings.append(text)
        }
        entries.append(JSONTape.Entry(kind: .string, link: UInt32(strings.count - 1)))
    }

    /// A key: plain ASCII without escapes is looked up among the keys already read; anything
    /// else is read as any string is.
    private mutating func keyEntry() throws(Failure) -> String {
        let start = index + 1
        var end = start
        while end < bytes.count, end - start <= 64 {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { end = bytes.count; break }
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else {
            try stringEntry()
            return strings[strings.count - 1]
        }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        let number = keyNames.number(of: raw)
        // The direct readers number keys in the same table, so several may be new here.
        while keyTexts.count <= number {
            keyTexts.append(String(decoding: keyNames.word(keyTexts.count), as: UTF8.self))
            keyLinks.append(.max)
        }
        if keyLinks[number] == .max {
            strings.append(keyTexts[number])
            keyLinks[number] = UInt32(strings.count - 1)
        }
        let link = keyLinks[number]
        entries.append(JSONTape.Entry(kind: .string, link: link))
        index = end + 1
        return strings[Int(link)]
    }

    /// Back out of a container `enter` went into, or to the depth a step that failed began at.
    mutating func leave(to depth: Int? = nil) { self.depth = depth ?? self.depth - 1 }

    mutating func enter() throws(Failure) {
        depth += 1
        if depth > JSONReader.maximumDepth {
            throw Failure(offset: index, message: "nested more than \(JSONReader.maximumDepth) levels deep")
        }
    }

    private mutating func object() throws(Failure) {
        try enter()
        defer { depth -= 1 }
        let container = entries.count
        entries.append(JSONTape.Entry(kind: .object))
        index += 1
        let keysStart = openKeys.count
        var keySet: Set<String>?
        defer { openKeys.removeSubrange(keysStart...) }
        var first = true
        while let (key, keyOffset) = try nextKey(first: first) {
            first = false
            let repeated = keySet.map { $0.contains(key) } ?? openKeys[keysStart...].contains(key)
            if repeated { throw Self.duplicate(key, at: keyOffset) }
            if keySet != nil {
                keySet!.insert(key)
            } else {
                openKeys.append(key)
                if openKeys.count - keysStart == Self.keySetFrom { keySet = Set(openKeys[keysStart...]) }
            }
            try colon()
            if let leavingInFile, leavingInFile.depth == depth, let rule = leavingInFile.fields[key], let textFile,
               index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                try stringEntry(leavingIn: textFile, as: rule)
            } else {
                try self.value()
            }
        }
        entries[container].link = UInt32(entries.count)
    }

    private mutating func array() throws(Failure) {
        try enter()
        defer { depth -= 1 }
        let container = entries.count
        entries.append(JSONTape.Entry(kind: .array))
        index += 1
        var first = true
        while try nextItem(first: first) {
            first = false
            try value()
        }
        entries[container].link = UInt32(entries.count)
    }

    static func duplicate(_ key: String, at offset: Int) -> Failure {
        Failure(offset: offset, message: "duplicate key \"\(key)\" in one object (JSON readers disagree on which one counts)")
    }

    // The steps of reading an object or array, shared with `JSONStream`, which takes the
    // top-level object a field at a time.

    /// Just inside `{` (`first`) or after a field's value: the next key and where it starts,
    /// or nil once past the closing `}`.
    mutating func nextKey(first: Bool) throws(Failure) -> (key: String, offset: Int)? {
        skipSpace()
        if first {
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return nil
            }
        } else {
            guard index < bytes.count else { throw endOfFile("inside an object") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return nil
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw unexpected("after a value in an object, expected ',' or '}'") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { throw Failure(offset: index, message: "a trailing comma before '}' (JSON allows none)") }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw index < bytes.count ? unexpected("where a key in quotes should be") : endOfFile("inside an object")
        }
        let offset = index
        return (try keyEntry(), offset)
    }

    /// The `:` after a key, and the space after it.
    mutating func colon() throws(Failure) {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw index < bytes.count ? unexpected("after a key, expected ':'") : endOfFile("inside an object")
        }
        index += 1
        skipSpace()
    }

    /// Just inside `[` (`first`) or after an item: whether another item follows (the reader is
    /// then at it), or false once past the closing `]`.
    mutating func nextItem(first: Bool) throws(Failure) -> Bool {
        skipSpace()
        if first {
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return false
            }
            return true
        }
        guard index < bytes.count else { throw endOfFile("inside an array") }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return false
        }
        guard bytes[index] == UInt8(ascii: ",") else { throw unexpected("after a value in an array, expected ',' or ']'") }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw Failure(offset: index, message: "a trailing comma before ']' (JSON allows none)") }
        return true
    }

    /// Points the reader at another window onto the same document, keeping its table of keys;
    /// the window starts at `offset` of the document.
    mutating func move(to bytes: UnsafeRawBufferPointer, at index: Int, windowOffset offset: Int) {
        self.bytes = bytes
        self.index = index
        windowOffset = offset
    }

    /// The value the reader is at, as a tape of its own; `depth` is how deep in the document it
    /// sits, so the limit on nesting is the whole document's.
    mutating func pieceTape(depth: Int) throws(Failure) -> JSONTape {
        (entries, numbers, strings, openKeys, stored) = ([], [], [], [], [:])
        for number in keyLinks.indices { keyLinks[number] = .max }
        self.depth = depth
        try value()
        return JSONTape(entries: entries, numbers: numbers, strings: strings, stored: stored)
    }

    mutating func string() throws(Failure) -> String {
        let opening = index
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes are the string; pure ASCII needs no UTF-8 check.
        var ascii = true
        // Eight bytes at a time while none of them ends the string, escapes or is a control
        // character: a summary is hundreds of bytes (most of a program file's), and this loop
        // was the reader's largest cost. A word that might hold one is left to the loop below.
        var highBits: UInt64 = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if ByteWords.mayHold(UInt8(ascii: "\""), word) || ByteWords.mayHold(UInt8(ascii: "\\"), word)
                || ByteWords.mayHoldByte(below: 0x20, word) { break }
            highBits |= word
            index += 8
        }
        if ByteWords.holdsNonASCII(highBits) { ascii = false }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                return ascii ? String(decoding: raw, as: UTF8.self) : try validated(raw, at: start)
            }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            index += 1
        }
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                if let text = UTF8Bytes.string(validating: buffer) { return text }
                // Escapes write valid UTF-8, so the first bad byte is in the file as written.
                throw Failure(offset: buffer.withUnsafeBytes { firstInvalidUTF8($0, from: start) }, message: "invalid UTF-8 in a string")
            case UInt8(ascii: "\\"):
                try escape(into: &buffer)
            case 0..<0x20:
                throw controlCharacter(byte)
            default:
                // A run of plain bytes copied at once: appended one by one, each asked whether
                // the buffer was shared (a third of reading a description with escapes).
                let run = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<index]))
            }
        }
        throw Failure(offset: opening, message: "a string that never ends (no closing quote)")
    }

    private func validated(_ raw: UnsafeRawBufferPointer, at start: Int) throws(Failure) -> String {
        if let text = UTF8Bytes.string(validating: raw) { return text }
        throw Failure(offset: firstInvalidUTF8(raw, from: start), message: "invalid UTF-8 in a string")
    }

    /// Where the first byte that breaks UTF-8 sits, counting from `start`.
    private func firstInvalidUTF8(_ raw: UnsafeRawBufferPointer, from start: Int) -> Int {
        var offset = start
        // Point at the first byte that breaks UTF-8, for the message.
        var decoder = UTF8()
        var iterator = raw.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: break loop
            }
        }
        return offset
    }

    private mutating func escape(into buffer: inout [UInt8]) throws(Failure) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw Failure(offset: escapeStart, message: "a string that never ends (no closing quote)") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeStart)
            if (0xDC00...0xDFFF).contains(scalar) {
                throw Failure(offset: escapeStart, message: "\\u\(String(scalar, radix: 16)) is the second half of a surrogate pair with no first half")
            }
            if (0xD800...0xDBFF).contains(scalar) {
                let second = index
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw Failure(offset: escapeStart, message: "\\u\(String(scalar, radix: 16)) is the first half of a surrogate pair with no second half")
                }
                index += 2
                let low = try hex4(second)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw Failure(offset: second, message: "\\u\(String(low, radix: 16)) cannot complete the surrogate pair begun before it")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw Failure(offset: escapeStart, message: "unknown escape \\\(JSONDocument.printable(byte)) in a string")
        }
    }

    private mutating func hex4(_ escapeStart: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw Failure(offset: escapeStart, message: "\\u needs four hex digits") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure(offset: escapeStart, message: "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    mutating func number() throws(Failure) -> Double {
        let start = index
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.index
            while reader.index < reader.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.bytes[reader.index]) { reader.index += 1 }
            return reader.index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw Failure(offset: start, message: "a number needs digits after '-'") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") {
            throw Failure(offset: start, message: "a number must not start with 0 (leading zeros are not JSON)")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw Failure(offset: start, message: "a number needs digits after '.'") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw Failure(offset: start, message: "a number needs digits in its exponent") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw Failure(offset: start, message: "the number \(text.prefix(24))\(text.count > 24 ? "…" : "") is too large")
        }
        return value
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && (0..<count).allSatisfy { bytes[index + $0] == word.utf8Start[$0] }
        guard matches else { throw unexpected("where a value should start") }
        index += count
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func unexpected(_ context: String) -> Failure {
        guard index < bytes.count else { return endOfFile(context) }
        return Failure(offset: index, message: "unexpected \(JSONDocument.describeByte(bytes[index])) \(context)")
    }

    private func endOfFile(_ context: String) -> Failure {
        Failure(offset: bytes.count, message: "unexpected end of file \(context)")
    }

    private func controlCharacter(_ byte: UInt8) -> Failure {
        Failure(offset: index, message: "a raw control character (byte 0x\(String(byte, radix: 16, uppercase: true))) inside a string; write it as an escape")
    }
}

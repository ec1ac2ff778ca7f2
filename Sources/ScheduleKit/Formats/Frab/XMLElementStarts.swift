import FoundationEssentials
import Glibc

/// Where each element's start tag stands, found by following the bytes given to libxml2.
///
/// libxml2 keeps an element's line in 16 bits (65,535 at most, without XML_PARSE_BIG_LINES,
/// which helps text nodes only) and gives no column, so a 38C3 grown to 10,000 events told its
/// warnings at "65535:1". Start tags come in document order, and outside comments, CDATA and
/// processing instructions every `<` that is not `</` opens one (`<` is not allowed raw in text
/// or in an attribute's value), so walking the same bytes finds each in turn: its line, and its
/// column in characters. Only the bytes not yet walked are kept.
struct XMLElementStarts {
    private var bytes: [UInt8] = []
    /// Where `bytes` starts in all that was given.
    private var base = 0
    private var index = 0
    /// The `<` of the start tag found last, kept until the next is found.
    private var lastStart: Int?
    private var line = 1
    private var column = 1

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        let passed = min(index, lastStart ?? index)
        if passed > 1 << 16, passed > bytes.count / 2 {
            bytes.removeFirst(passed)
            base += passed
            index -= passed
            lastStart = lastStart.map { $0 - passed }
        }
        bytes.append(contentsOf: chunk)
    }

    /// The line and column of the next start tag's `<`, or nil when the bytes walked so far do
    /// not hold one (a reader that went further than it was given; callers then keep libxml2's line).
    mutating func next() -> (line: Int, column: Int)? {
        var at = index
        while true {
            guard let open = firstIndex(of: UInt8(ascii: "<"), from: at), open + 1 < bytes.count else { return nil }
            let after: Int?
            switch bytes[open + 1] {
            case UInt8(ascii: "/"): after = open + 2
            case UInt8(ascii: "?"): after = end(of: "?>", from: open + 2)
            case UInt8(ascii: "!"):
                // Which of comment, CDATA or declaration this is may need nine bytes to tell.
                guard open + 9 <= bytes.count else { return nil }
                if starts("<!--", at: open) {
                    after = end(of: "-->", from: open + 4)
                } else if starts("<![CDATA[", at: open) {
                    after = end(of: "]]>", from: open + 9)
                } else {
                    after = end(of: ">", from: open + 2)
                }
            default:
                walk(to: open)
                lastStart = open
                let found = (line, column)
                walk(to: open + 1)
                return found
            }
            guard let after else { return nil }
            at = after
        }
    }

    /// Where the text of the element found last lies in all that was given, when an end tag
    /// follows it with nothing else between (no child, comment or CDATA); nil otherwise.
    func textOfLastStart() -> Range<Int>? {
        guard let open = lastStart else { return nil }
        var at = open + 1
        var quote: UInt8?
        while at < bytes.count {
            let byte = bytes[at]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            at += 1
        }
        guard at < bytes.count, bytes[at - 1] != UInt8(ascii: "/") else { return nil }
        guard let close = firstIndex(of: UInt8(ascii: "<"), from: at + 1), close + 1 < bytes.count,
              bytes[close + 1] == UInt8(ascii: "/") else { return nil }
        return (base + at + 1)..<(base + close)
    }

    /// Moves the line and column along the bytes up to `target`.
    private mutating func walk(to target: Int) {
        guard index < target else { return }
        bytes.withUnsafeBufferPointer { bytes in
            // Line ends found with memchr; characters counted only after the last of them.
            var start = index
            while let found = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), target - start) {
                line += 1
                column = 1
                start = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! + 1
            }
            for byte in bytes[start..<target] where byte & 0xC0 != 0x80 { column += 1 }
        }
        index = target
    }

    private func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        bytes.withUnsafeBytes { $0.firstIndex(of: byte, from: start) }
    }

    private func starts(_ text: StaticString, at position: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != text.utf8Start[offset] { return false }
        return true
    }

    /// Just past the first `closing` at or after `start`.
    private func end(of closing: StaticString, from start: Int) -> Int? {
        var at = start
        let first = closing.utf8Start[0]
        while let found = firstIndex(of: first, from: at) {
            if starts(closing, at: found) { return found + closing.utf8CodeUnitCount }
            at = found + 1
        }
        return nil
    }
}

import FoundationEssentials
import Glibc

/// Turns the HTML or Markdown that producers put in abstracts, descriptions and biographies into
/// clean text: tags become line breaks or bullets, entities become characters, Markdown markers
/// go and links keep their address. Conservative on purpose: a lone `*`, `_` or `<` in prose
/// ("a < b", snake_case) is left as written. The result is still untrusted text; views sanitise it.
public enum RichText {
    public static func plain(_ text: String) -> String {
        // Most abstracts are plain already: told in one pass, and given back as they are.
        if isTidyWithoutMarkup(text), !mayHoldMarkdown(text) { return text }
        var result = looksLikeHTML(text) ? htmlToText(text) : decodeEntities(text)
        if mayHoldMarkdown(result) { result = markdownToText(result) }
        return tidy(result)
    }

    /// A text that reads the same made plain is left in its file, to be read back as it is;
    /// another is held made plain, so that it is never made plain twice.
    static func placement(_ text: String) -> LongTextPlacement {
        // `plain` gives a text that is plain already back as it is, so this compares one string
        // with itself, at once.
        let clean = plain(text)
        return clean == text ? .leftInFile : .held(clean)
    }

    /// Whether `plain` would give the text back as it is, told in one pass over its bytes for
    /// the common abstract: no `<` or `&` (so no tag and no reference), and nothing `tidy`
    /// changes (white space at either end, a carriage return, spaces or tabs before a line
    /// break, three line breaks in a row). False says only that `plain` has to be asked.
    static func isTidyWithoutMarkup(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isTidyWithoutMarkup) ?? isTidyWithoutMarkup(text.utf8)
    }

    /// On the bytes in place when the string has them so (nearly always): walking `utf8` by its
    /// index cost three times as much.
    private static func isTidyWithoutMarkup(_ bytes: some Sequence<UInt8>) -> Bool {
        var newlines = 0
        var afterSpace = false
        var first = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "\r"):
                return false
            case UInt8(ascii: "\n"):
                if first || afterSpace { return false }
                newlines += 1
                if newlines > 2 { return false }
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                if first { return false }
                afterSpace = true
            default:
                newlines = 0
                afterSpace = false
            }
            first = false
        }
        return !afterSpace && newlines == 0
    }

    /// Whether Markdown could change the text: a heading or list marker at a line's start, or
    /// `**`, `__`, a backtick or `](` anywhere. One pass over the bytes; most abstracts have none.
    static func mayHoldMarkdown(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(mayHoldMarkdown) ?? mayHoldMarkdown(text.utf8)
    }

    private static func mayHoldMarkdown(_ bytes: some Sequence<UInt8>) -> Bool {
        var atLineStart = true
        var previous: UInt8 = 0
        var afterMarker = false
        for byte in bytes {
            if afterMarker, byte == UInt8(ascii: " ") { return true }
            afterMarker = false
            switch byte {
            case UInt8(ascii: "\n"):
                atLineStart = true
            case UInt8(ascii: " ") where atLineStart:
                break
            case UInt8(ascii: "#") where atLineStart:
                return true
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*"):
                if atLineStart { afterMarker = true }
                if byte == UInt8(ascii: "*"), previous == byte { return true }
                atLineStart = false
            case UInt8(ascii: "_"):
                if previous == byte { return true }
                atLineStart = false
            case UInt8(ascii: "`"):
                return true
            case UInt8(ascii: "("):
                if previous == UInt8(ascii: "]") { return true }
                atLineStart = false
            default:
                atLineStart = false
            }
            previous = byte
        }
        return false
    }

    /// A tag is `<` then a letter, `/` or `!`, closed by `>`: "<p>", "</b>", "<br />".
    static func looksLikeHTML(_ text: String) -> Bool {
        var previousWasOpen = false
        for scalar in text.unicodeScalars {
            if previousWasOpen, scalar.properties.isAlphabetic || scalar == "/" || scalar == "!" { return text.utf8.contains(UInt8(ascii: ">")) }
            previousWasOpen = scalar == "<"
        }
        return false
    }

    /// The tags read for more than a break, as bytes made once: a pattern written as
    /// `Array("li".utf8)` is made again at every comparison.
    private enum TagName {
        static let script = Array("script".utf8), style = Array("style".utf8), listItem = Array("li".utf8)
        static let anchor = Array("a".utf8), lineBreak = Array("br".utf8)
    }

    private static let blockTags: Set<[UInt8]> = Set([
        "p", "div", "br", "tr", "ul", "ol", "table", "blockquote", "pre", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    ].map { Array($0.utf8) })

    static func htmlToText(_ html: String) -> String {
        resolveAnchors(decodeEntities(tagsAsText(html)))
    }

    /// The text with its tags made line breaks, bullets and link marks, references still as
    /// written.
    static func tagsAsText(_ html: String) -> String {
        var html = html
        return html.withUTF8(tagsAsText)
    }

    /// On bytes, text copied a run at a time between tags: a scalar appended at a time made an
    /// HTML abstract cost half a million instructions to read. Every byte a tag is told by is
    /// ASCII, so a run never splits a character.
    private static func tagsAsText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var skipping: [UInt8]?
        // Once no '>' is left, no later '<' can open a tag: without this, text with many '<' and
        // no '>' after them would be searched to its end once per '<'.
        var closesLeft = true
        var index = 0
        while index < bytes.count {
            let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
            if skipping == nil { output.append(contentsOf: bytes[index..<open]) }
            index = open
            guard index < bytes.count else { break }
            let close = closesLeft ? bytes[index...].firstIndex(of: UInt8(ascii: ">")) : nil
            guard let close else {
                closesLeft = false
                if skipping == nil { output.append(UInt8(ascii: "<")) }
                index += 1
                continue
            }
            let inside = bytes[(index + 1)..<close]
            index = close + 1
            let closing = inside.first == UInt8(ascii: "/")
            let name = tagName(inside)
            if let hidden = skipping {
                if closing, name == hidden { skipping = nil }
                continue
            }
            switch name {
            case TagName.script where !closing, TagName.style where !closing: skipping = name
            case TagName.listItem where !closing: output.append(contentsOf: "\n• ".utf8)
            case TagName.anchor where !closing:
                if let href = attribute("href", in: String(decoding: inside, as: UTF8.self)), href.hasPrefix("http") {
                    output.append(contentsOf: "\u{0}HREF\(href)\u{0}".utf8)
                }
            case TagName.anchor:
                output.append(contentsOf: "\u{0}END\u{0}".utf8)
            default:
                if blockTags.contains(name) { output.append(contentsOf: (name == TagName.lineBreak ? "\n" : "\n\n").utf8) }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A tag's name, lower-cased, after any slashes: the letters and digits it starts with.
    /// Told on bytes while they are ASCII; a character beyond it (a letter, a mark that joins
    /// the one before, a symbol that ends the name) is told as characters are.
    private static func tagName(_ inside: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
        var name: [UInt8] = []
        for byte in inside.drop(while: { $0 == UInt8(ascii: "/") }) {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): name.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): name.append(byte + 32)
            case 0x80...:
                let text = String(decoding: inside, as: UTF8.self)
                return Array(text.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased().utf8)
            default: return name
            }
        }
        return name
    }

    /// `<a href="u">text</a>` becomes "text (u)", or just "u" when the text is the address itself.
    private static func resolveAnchors(_ text: String) -> String {
        // On bytes: with Foundation imported, `contains("…")` is its string search.
        guard text.utf8.contains(0) else { return text }
        var output = ""
        var pending: [String] = []
        var anchorTextStart: String.Index?
        let parts = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
        for part in parts {
            if part.hasPrefix("HREF") {
                pending.append(String(part.dropFirst(4)))
                anchorTextStart = output.endIndex
            } else if part == "END" {
                guard let href = pending.popLast() else { continue }
                let shown = anchorTextStart.map { String(output[$0...]) } ?? ""
                if !shown.trimmed.isEmpty, shown != href, !href.hasPrefix("mailto:") {
                    output += " (\(href))"
                } else if shown.isEmpty {
                    output += href
                }
                anchorTextStart = nil
            } else {
                output += part
            }
        }
        return output
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.firstRange(of: name + "=") else { return nil }
        let rest = tag[range.upperBound...]
        guard let quote = rest.first, quote == "\"" || quote == "'" else {
            return String(rest.prefix { !$0.isWhitespace && $0 != ">" })
        }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "ndash": "–",
        "mdash": "—", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß", "eacute": "é",
        "egrave": "è", "agrave": "à", "ccedil": "ç", "copy": "©", "reg": "®", "trade": "™", "euro": "€", "middot": "·",
        "bull": "•", "shy": "",
    ]

    /// `&amp;`, `&#8212;`, `&#x263A;` and the named entities above become characters; anything
    /// else that starts with `&` stays as written. Scans bytes: entity names are ASCII.
    static func decodeEntities(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "&")) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"),
                  let semicolon = bytes[(index + 1)..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                output.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = namedEntities[name]
            }
            if let replacement {
                output.append(contentsOf: replacement.utf8)
                index = semicolon + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Line by line: headings lose their `#`, list markers become bullets, `**bold**`, `__bold__`
    /// and `` `code` `` lose their markers, `[text](url)` becomes "text (url)", images their alt text.
    static func markdownToText(_ text: String) -> String {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes -> String in
            var line = String(Substring(bytes))
            guard mayHoldMarkdown(line) else { return line }
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix { $0 == "#" }
                if hashes.count <= 6, trimmed.dropFirst(hashes.count).first == " " { line = String(trimmed.dropFirst(hashes.count + 1)) }
            } else if trimmed.hasPrefix("* ") || trimmed.hasPrefix("- ") || trimmed.hasPrefix("+ ") {
                line = String(repeating: " ", count: line.count - trimmed.count) + "• " + trimmed.dropFirst(2)
            }
            line = markdownLinks(line)
            for marker in ["**", "__"] where containsBytes(line, marker) { line = removePairedMarker(marker, in: line) }
            if line.utf8.lazy.filter({ $0 == UInt8(ascii: "`") }).count >= 2 { line = line.replacingEvery("`", with: "") }
            return line
        }.joined(separator: "\n")
    }

    private static func markdownLinks(_ line: String) -> String {
        guard containsBytes(line, "](") else { return line }
        var output = ""
        var rest = line[...]
        while let open = rest.firstIndex(of: "[") {
            guard let close = rest[open...].firstIndex(of: "]"), rest.index(after: close) < rest.endIndex,
                  rest[rest.index(after: close)] == "(", let end = rest[close...].firstIndex(of: ")") else { break }
            let isImage = open > rest.startIndex && rest[rest.index(before: open)] == "!"
            output += rest[..<(isImage ? rest.index(before: open) : open)]
            let label = rest[rest.index(after: open)..<close]
            let url = rest[rest.index(close, offsetBy: 2)..<end]
            if isImage || label == url || url.isEmpty { output += label.isEmpty ? url : label } else { output += "\(label) (\(url))" }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }

    /// A byte search: Foundation's `contains` on Linux goes through CFString and was the slowest step here.
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text, needle = needle
        // In place over the strings' own UTF-8: no copy of the line for each marker looked for.
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty, haystack.count >= pattern.count else { return pattern.isEmpty }
                for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
                    if UnsafeBufferPointer(rebasing: haystack[start..<(start + pattern.count)]).elementsEqual(pattern) { return true }
                }
                return false
            }
        }
    }

    private static func removePairedMarker(_ marker: String, in line: String) -> String {
        let pieces = line.piecesBetween(marker)
        guard pieces.count >= 3 else { return line }
        // Only whole pairs go: an odd marker out stays as written.
        let pairs = (pieces.count - 1) / 2 * 2
        var output = pieces[0]
        for index in 1..<pieces.count { output += (index <= pairs ? "" : marker) + pieces[index] }
        return output
    }

    /// Trailing spaces go, runs of blank lines become one, and blank lines at the ends go, in one
    /// pass over the bytes (each byte it acts on is ASCII, so no character is ever cut).
    static func tidy(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var spaceStart = -1
        var newlines = 0
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                spaceStart = -1
                newlines += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                if spaceStart < 0 { spaceStart = index }
            default:
                if !output.isEmpty, newlines > 0 {
                    output.append(UInt8(ascii: "\n"))
                    if newlines > 1 { output.append(UInt8(ascii: "\n")) }
                }
                newlines = 0
                if spaceStart >= 0 {
                    // Byte by byte: a filtered copy here cost an allocation for every space in a description.
                    for space in bytes[spaceStart..<index] where space != UInt8(ascii: "\r") { output.append(space) }
                    spaceStart = -1
                }
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

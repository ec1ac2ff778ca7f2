import FoundationEssentials
import Glibc
#if canImport(Glibc)
import Glibc
#endif

// glibc declares wcwidth only under _XOPEN_SOURCE, so Swift's Glibc module does not export it.
// It is the same table ncurses places cells with, which is the property that matters.
@_silgen_name("wcwidth")
private func c_wcwidth(_ character: Int32) -> Int32

/// Text measured in terminal columns: CJK and Hangul take two, combining marks none.
public enum TextWidth {
    /// wcwidth answers only in a UTF-8 locale: the process's own when it is one, else C.UTF-8.
    /// Called once at start-up, by the terminal layer and by whatever draws without one
    /// (`hallway render`, the tests), so widths never depend on how the process was started and
    /// measuring text never changes the process's state.
    public static func prepareLocale() {
        if c_wcwidth(0x4E2D) == 2 { return }
        if setlocale(LC_CTYPE, "") != nil, c_wcwidth(0x4E2D) == 2 { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }

    /// Columns one grapheme takes, as ncurses places it: its first scalar's width, and the width
    /// of every later scalar that has one. A spacing mark (Devanagari's vowel sign ा, Tamil's ு,
    /// Myanmar's ေ) is one grapheme with its letter but a column of its own in the terminal,
    /// which ncurses gives every scalar wcwidth gives a width. Unprintable leads (which
    /// sanitised text does not contain) count as one.
    public static func width(of character: Character) -> Int {
        // One byte is one ASCII scalar: one column (nearly every character drawn).
        if character.utf8.count == 1 { return 1 }
        var width = 0
        for (offset, scalar) in character.unicodeScalars.enumerated() { width += columns(of: scalar, leading: offset == 0) }
        return width
    }

    /// A grapheme's scalar: its width; a grapheme's first takes at least one, a later one none
    /// when it is a combining mark or a joiner.
    private static func columns(of scalar: Unicode.Scalar, leading: Bool) -> Int {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return 1 }
        return max(leading ? 1 : 0, Int(c_wcwidth(Int32(bitPattern: scalar.value))))
    }

    /// The terminal cells a grapheme is drawn in, when it takes more than one of its own: each
    /// scalar with a width starts a cell, and the zero-width ones after it (combining marks)
    /// go in that cell, as `setcchar` takes them (one spacing character, then non-spacing ones).
    /// Nil for a grapheme that is one cell, wide or not (nearly all).
    public static func cells(of character: Character) -> [(text: String, width: Int)]? {
        let scalars = character.unicodeScalars
        guard scalars.count > 1 else { return nil }
        var cells: [(text: String, width: Int)] = []
        for scalar in scalars {
            let taken = columns(of: scalar, leading: cells.isEmpty)
            if taken > 0 {
                cells.append((String(scalar), taken))
            } else {
                cells[cells.count - 1].text.unicodeScalars.append(scalar)
            }
        }
        return cells.count > 1 ? cells : nil
    }

    public static func width(of text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    /// Cuts `text` to at most `columns`, ending with `…` when anything was cut; never splits a
    /// wide character (a gap left by one is padded with a space so the result is exactly as wide).
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if width(of: text) <= columns { return text }
        let budget = columns - width(of: ellipsis)
        guard budget >= 0 else { return String(repeating: ".", count: columns) }
        var result = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        result += ellipsis
        if used < budget { result += String(repeating: " ", count: budget - used) }
        return result
    }

    /// Pads with spaces (or cuts with `…`) to exactly `columns`.
    public static func fit(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        return cut + String(repeating: " ", count: max(0, columns - width(of: cut)))
    }

    /// Wraps paragraphs (separated by `\n`) to `columns`, breaking at spaces where it can, between
    /// any two CJK characters, and after a URL's slashes, never inside a character.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += wrapParagraph(Substring(paragraph), to: columns)
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: Substring, to columns: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        // The last place in `line` a break may go, and the width before it.
        var breakIndex: String.Index?
        var widthAtBreak = 0
        var previousWasWide = false
        var word = ""

        for character in paragraph {
            if character == " " { word = "" }
            let w = width(of: character)
            if character == " " {
                if lineWidth == 0 { continue }
                breakIndex = line.endIndex
                widthAtBreak = lineWidth
            } else if (breaksAnywhere(character) || previousWasWide), lineWidth > 0 {
                // Chinese and Japanese have no spaces: a line may break before or after any of their
                // characters. Korean separates words with spaces, so it wraps at those like Latin.
                breakIndex = line.endIndex
                widthAtBreak = lineWidth
            }
            previousWasWide = breaksAnywhere(character)
            if lineWidth + w > columns {
                if character == " " {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                    breakIndex = nil
                    continue
                }
                if let cut = breakIndex, widthAtBreak > 0 {
                    let head = String(line[..<cut])
                    var rest = String(line[cut...])
                    while rest.first == " " { rest.removeFirst() }
                    lines.append(head.trimmingTrailingSpaces())
                    line = rest
                    lineWidth = width(of: rest)
                } else {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                breakIndex = nil
            }
            line.append(character)
            lineWidth += w
            // A link has no spaces: it may break after a slash, a question mark or an ampersand,
            // so a long URL wraps between its parts rather than mid-word. Only in a link: a zone
            // such as Europe/Rome stays whole.
            word += String(character)
            if character == "/" || character == "?" || character == "&", lineWidth < columns, word.contains("://") {
                breakIndex = line.endIndex
                widthAtBreak = lineWidth
            }
        }
        lines.append(line.trimmingTrailingSpaces())
        return lines
    }
}

private func breaksAnywhere(_ character: Character) -> Bool {
    guard TextWidth.width(of: character) == 2, let scalar = character.unicodeScalars.first else { return false }
    let value = scalar.value
    let isHangul = (0x1100...0x11FF).contains(value) || (0x3130...0x318F).contains(value) || (0xA960...0xA97F).contains(value)
        || (0xAC00...0xD7FF).contains(value)
    return !isHangul
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

/// Makes text from schedule files safe to put on a terminal. Every string from a file passes
/// through here before it is drawn, printed or logged: schedule text never legitimately holds
/// terminal sequences, so nothing is interpreted, each dangerous scalar is replaced on its own
/// (once ESC itself is gone no sequence can form), and the result is idempotent.
public enum TerminalSafe {
    /// A single-line field: line breaks and tabs become spaces, controls become visible placeholders.
    public static func line(_ text: String) -> String {
        clean(text, keepingLineBreaks: false)
    }

    /// A multi-paragraph field (a summary): line breaks survive as `\n` for the wrapper to honour.
    public static func paragraphs(_ text: String) -> String {
        clean(text, keepingLineBreaks: true)
    }

    /// For stderr and validator output: dangerous scalars as `\u001b`-style escapes, so the
    /// offending byte can be found in the file.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isDangerous(scalar) || scalar == "\n" || scalar == "\r" || scalar == "\t" {
                result += scalar.value > 0xFFFF ? "\\U" + hex(scalar.value, digits: 8) : "\\u" + hex(scalar.value, digits: 4)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `value` in lower-case hexadecimal, zero-padded to `digits`.
    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// JSON text with every dangerous scalar (see `isDangerous`) written as a `\u` escape, so the
    /// data is unchanged for a JSON reader and nothing reaches a terminal raw. Such scalars only
    /// ever occur inside strings, where the escape means the same character.
    public static func jsonEscaped(_ json: String) -> String {
        if json.unicodeScalars.allSatisfy({ $0 == "\n" || !isDangerous($0) }) { return json }
        var result = String.UnicodeScalarView()
        func escape(_ unit: UInt32) { result.append(contentsOf: ("\\u" + hex(unit, digits: 4)).unicodeScalars) }
        for scalar in json.unicodeScalars {
            guard scalar != "\n", isDangerous(scalar) else {
                result.append(scalar)
                continue
            }
            if scalar.value > 0xFFFF {
                let value = scalar.value - 0x10000
                escape(0xD800 + (value >> 10))
                escape(0xDC00 + (value & 0x3FF))
            } else {
                escape(scalar.value)
            }
        }
        return String(result)
    }

    /// C0, DEL, C1, format characters (bidi controls, zero-width characters, BOM, tags),
    /// line and paragraph separators, unassigned code points, private use and surrogates.
    public static func isDangerous(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate, .control: return true
        default: return false
        }
    }

    /// The narrower set for text that must keep emoji and joiners intact (a calendar file): C0,
    /// DEL, C1 and the bidi controls that reorder what a terminal shows.
    public static func isControlOrBidi(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }

    static let replacement: Unicode.Scalar = "\u{FFFD}"
    /// Combining marks kept per base character: an ncurses cell holds only a few.
    static let maximumCombiningMarks = 4

    private static func clean(_ text: String, keepingLineBreaks: Bool) -> String {
        // Nearly all schedule text needs nothing: check it before rebuilding anything.
        if isPlain(text, keepingLineBreaks: keepingLineBreaks) { return text }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for character in text {
            let scalars = Array(character.unicodeScalars)
            // A CR LF pair is one Character; handle line breaks scalar by scalar.
            if scalars.contains(where: { isLineBreak($0) }) {
                for scalar in scalars {
                    if isLineBreak(scalar) {
                        let isLF = scalar == "\n"
                        if keepingLineBreaks {
                            if !(isLF && previousWasCR) { result.append("\n") }
                        } else if !(isLF && previousWasCR) {
                            result.append(" ")
                        }
                        previousWasCR = scalar == "\r"
                    } else {
                        appendScalar(scalar, to: &result)
                        previousWasCR = false
                    }
                }
                continue
            }
            previousWasCR = false
            appendCharacter(scalars, to: &result)
        }
        return String(result)
    }

    /// Whether every scalar is plain (or a line feed, when kept). Printable ASCII is checked
    /// eight bytes at a time and other scalars decoded in place: a search's printed results are
    /// megabytes at 100,000 sessions, and a walk over `unicodeScalars` was most of their printing.
    private static func isPlain(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if !(ByteWords.holdsNonASCII(word) || ByteWords.mayHoldByte(below: 0x20, word) || ByteWords.mayHold(0x7F, word)) {
                        index += 8
                        continue
                    }
                }
                let lead = bytes[index]
                if lead < 0x80 {
                    guard (lead >= 0x20 && lead < 0x7F) || (keepingLineBreaks && lead == 0x0A) else { return false }
                    index += 1
                    continue
                }
                // Valid UTF-8 (a String's): the lead byte says how many continuation bytes follow.
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (0xFF >> (length + 1))
                for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                guard isPlain(Unicode.Scalar(value)!) else { return false }
                index += length
            }
            return true
        }
    }

    /// Printable, not part of an emoji sequence, not a combining mark: passes through unchanged.
    @inline(__always)
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return true }
        if value < 0xA0 || value == 0xAD { return false }
        // Latin letters with accents and the CJK blocks hold no marks, formats or emoji: most
        // schedule text is decided here without a Unicode property lookup.
        if value < 0x300 || SearchFolding.isCJK(scalar) { return true }
        if isEmojiPresentationModifier(scalar) || isRegionalIndicator(scalar) { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return false
        default: break
        }
        if value > 0xFF, scalar.properties.isEmoji { return false }
        return !isDangerous(scalar)
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\u{85}"
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// One grapheme cluster, reduced to what ncurses and terminals agree on the width of.
    private static func appendCharacter(_ scalars: [Unicode.Scalar], to result: inout String.UnicodeScalarView) {
        let isEmojiSequence = (scalars.count > 1 && scalars.contains { $0.properties.isEmoji && $0.value > 0xFF })
            || isRegionalIndicator(scalars[0])
        if isEmojiSequence, let first = scalars.first, !isDangerous(first), !isEmojiPresentationModifier(first) {
            // ZWJ families, skin tones and presentation selectors: terminals and ncurses disagree on
            // their width, so keep the first pictograph. A flag is two spacing characters, which no
            // single terminal cell can hold: show its country letters instead (🇯🇵 → JP).
            if isRegionalIndicator(first) {
                for scalar in scalars where isRegionalIndicator(scalar) {
                    result.append(Unicode.Scalar(scalar.value - 0x1F1E6 + 0x41)!)
                }
                return
            }
            result.append(first)
            return
        }
        var marks = 0
        for (index, scalar) in scalars.enumerated() {
            // Presentation selectors and skin tones go everywhere, even standing alone: left in, they
            // would fuse with whatever replacement precedes them on a second pass.
            if isEmojiPresentationModifier(scalar) { continue }
            if index > 0, scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
                marks += 1
                if marks > maximumCombiningMarks { continue }
            }
            appendScalar(scalar, to: &result)
        }
    }

    private static func isEmojiPresentationModifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0xFE0E || scalar.value == 0xFE0F || (0x1F3FB...0x1F3FF).contains(scalar.value)
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func appendScalar(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value == 0x09 {
            result.append(" ")
        } else if value < 0x20 {
            // C0 controls as their Control Pictures (ESC shows as ␛), so a reader sees what was there.
            result.append(Unicode.Scalar(0x2400 + value)!)
        } else if value == 0x7F {
            result.append("\u{2421}")
        } else if value == 0xAD {
            // A soft hyphen is invisible by design; dropping it changes nothing a reader sees.
            return
        } else if isDangerous(scalar) {
            result.append(replacement)
        } else {
            result.append(scalar)
        }
    }
}

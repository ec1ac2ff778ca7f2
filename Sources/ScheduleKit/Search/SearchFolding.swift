import Foundation
import Synchronization

/// Makes text comparable the forgiving way: case, diacritics and width are folded away
/// ("Ｚürich" → "zurich"). Chinese, Japanese and Korean characters are kept as they are.
public enum SearchFolding {
    /// Each distinct non-ASCII scalar is folded once through Foundation, then remembered: a
    /// program has a few thousand distinct characters and millions of occurrences.
    private static let memo = Mutex<[UInt32: String]>([:])

    public static func fold(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { append(scalar, to: &result) }
        return String(result)
    }

    /// Folds one character (a grapheme) on its own; used to map matches back to display text.
    public static func fold(_ character: Character) -> String {
        var result = String.UnicodeScalarView()
        for scalar in character.unicodeScalars { append(scalar, to: &result) }
        return String(result)
    }

    @inline(__always)
    static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value < 0x80 {
            result.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar)
            return
        }
        if !needsFolding(value) {
            result.append(scalar)
            return
        }
        let folded = memo.withLock { table in
            if let known = table[value] { return known }
            let computed = String(Character(scalar)).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            table[value] = computed
            return computed
        }
        result.append(contentsOf: folded.unicodeScalars)
    }

    /// Latin, Greek, Cyrillic, combining marks, punctuation and the full-width/half-width block;
    /// not CJK ideographs, kana or Hangul, which have no case and must stay intact.
    private static func needsFolding(_ value: UInt32) -> Bool {
        value < 0x3000 || (0xFF00...0xFFEF).contains(value)
    }

    /// Chinese, Japanese and Korean: written without spaces between words (Korean with them,
    /// but matched the same way), so matched as substrings.
    @inline(__always)
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3040...0x30FF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
            || (0xAC00...0xD7AF).contains(value) || (0x1100...0x11FF).contains(value) || (0x3130...0x318F).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x3134F).contains(value) || (0x31F0...0x31FF).contains(value)
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
        }
        return !isCJK(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }
}

/// A piece of folded text: a word of letters and digits, or a run of CJK characters.
public enum SearchToken: Sendable, Hashable {
    case word(String)
    case cjk([Unicode.Scalar])

    /// Splits already-folded text into words and CJK runs; everything else separates them.
    public static func tokens(ofFolded text: String) -> [SearchToken] {
        var tokens: [SearchToken] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flush() {
            if !word.isEmpty { tokens.append(.word(String(word))); word = String.UnicodeScalarView() }
            if !run.isEmpty { tokens.append(.cjk(run)); run = [] }
        }
        for scalar in text.unicodeScalars {
            if SearchFolding.isCJK(scalar) {
                if !word.isEmpty { tokens.append(.word(String(word))); word = String.UnicodeScalarView() }
                run.append(scalar)
            } else if SearchFolding.isWordScalar(scalar) {
                if !run.isEmpty { tokens.append(.cjk(run)); run = [] }
                word.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }
}

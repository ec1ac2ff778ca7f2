import FoundationEssentials
import Glibc

/// Makes text comparable the forgiving way: case, diacritics and width are folded away
/// ("Ｚürich" → "zurich"). Chinese, Japanese and Korean characters are kept as they are.
public enum SearchFolding {
    public static func fold(_ text: some StringProtocol) -> String {
        String(decoding: foldedUTF8(text), as: UTF8.self)
    }

    /// Folds one character (a grapheme) on its own; used to map matches back to display text.
    public static func fold(_ character: Character) -> String {
        String(decoding: foldedUTF8(String(character)), as: UTF8.self)
    }

    /// The folded text as UTF-8 bytes: how the index reads text, since building Strings one
    /// scalar at a time costs more than everything else the index does.
    static func foldedUTF8(_ text: some StringProtocol) -> [UInt8] {
        // Read as bytes: ASCII, nearly all of most programs, is lowered in place without decoding
        // scalars. A string not stored as UTF-8 is copied into one that is, once.
        func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
            if isASCII(bytes) { return loweredASCII(bytes) }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    output.append(lead &- 0x41 < 26 ? lead &+ 0x20 : lead)
                    index += 1
                    continue
                }
                let (value, length) = utf8Scalar(in: bytes, at: index)
                // Folded by the table written from Foundation's folding (FoldingTables).
                if needsFolding(value), let folded = FoldingTables.folding(value) {
                    output.append(contentsOf: folded)
                } else {
                    output.append(contentsOf: bytes[index..<(index + length)])
                }
                index += length
            }
            return output
        }
        if let output = text.utf8.withContiguousStorageIfAvailable(fold) { return output }
        var native = String(text)
        return native.withUTF8(fold)
    }

    /// Checked eight bytes at a time: most text a program holds is ASCII.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0, seen: UInt64 = 0
        while index + 8 <= raw.count {
            seen |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < raw.count { seen |= UInt64(raw[index]); index += 1 }
        return !ByteWords.holdsNonASCII(seen)
    }

    /// ASCII with its capitals lowered, eight bytes at a time: a byte from A to Z gains 0x20.
    /// (Each byte is below 0x80, so adding to it never carries into the next.)
    private static func loweredASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bytes.count) { output, count in
            let input = UnsafeRawBufferPointer(bytes), target = UnsafeMutableRawBufferPointer(output)
            var index = 0
            while index + 8 <= input.count {
                let word = input.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let atLeastA = word &+ ByteWords.ones &* (0x80 - 0x41), pastZ = word &+ ByteWords.ones &* (0x80 - 0x5B)
                target.storeBytes(of: word | ((atLeastA & ~pastZ & ByteWords.highBits) >> 2), toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < input.count {
                let byte = input[index]
                target[index] = byte &- 0x41 < 26 ? byte &+ 0x20 : byte
                index += 1
            }
            count = input.count
        }
    }

    /// The scalar whose UTF-8 starts at `index` (a lead byte past ASCII) and how many bytes it
    /// takes; U+FFFD and one byte where the bytes stop short of it.
    @inline(__always)
    static func utf8Scalar<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at index: Int) -> (value: UInt32, length: Int)
        where Bytes.Index == Int {
        let lead = bytes[index]
        if lead >= 0xF0, index + 3 < bytes.endIndex {
            return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                        | UInt32(bytes[index + 3] & 0x3F), 4)
        }
        if lead >= 0xE0, index + 2 < bytes.endIndex {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        if lead >= 0xC0, index + 1 < bytes.endIndex {
            return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        return (0xFFFD, 1)
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
        // Latin letters with accents (folding leaves few) are words without a property lookup.
        if value >= 0xC0, value < 0x250, value != 0xD7, value != 0xF7 { return true }
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
        scan(Array(text.utf8), word: { tokens.append(.word(String(decoding: $0, as: UTF8.self))) }, cjk: { tokens.append(.cjk($0)) })
        return tokens
    }

    /// Words joined by hyphens (ASCII letters and digits either side), with the hyphens taken
    /// out: "co-existence" gives "coexistence", "multi-tenant" "multitenant".
    static func hyphenatedCompounds(in bytes: [UInt8]) -> [[UInt8]] {
        guard bytes.contains(0x2D) else { return [] }
        return bytes.withUnsafeBufferPointer(hyphenatedCompounds)
    }

    private static func hyphenatedCompounds(in bytes: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        func isWordByte(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 || byte &- 0x30 < 10 || byte >= 0x80 }
        func hyphenJoins(at index: Int) -> Bool { index + 1 < bytes.count && bytes[index] == 0x2D && isWordByte(bytes[index + 1]) }
        var compounds: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            guard isWordByte(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
            // A compound is gathered only once a hyphen joins on: gathering every word was a
            // third of indexing a text that has a hyphen anywhere.
            guard hyphenJoins(at: index) else { continue }
            var joined = Array(bytes[start..<index])
            while hyphenJoins(at: index) {
                index += 1
                let part = index
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
                joined += bytes[part..<index]
            }
            compounds.append(joined)
        }
        return compounds
    }

    /// Walks folded UTF-8, reporting each word (as its bytes, valid during the call) and each
    /// CJK run (as scalars).
    static func scan(_ text: [UInt8], word: (UnsafeBufferPointer<UInt8>) -> Void, cjk: ([Unicode.Scalar]) -> Void) {
        // Read in place: a slice of the array per word counted a reference to it each time.
        text.withUnsafeBufferPointer { bytes in scan(bytes, word: word, cjk: cjk) }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, word visit: (UnsafeBufferPointer<UInt8>) -> Void,
                             cjk: ([Unicode.Scalar]) -> Void) {
        func word(_ range: Range<Int>) { visit(UnsafeBufferPointer(rebasing: bytes[range])) }
        var wordStart = -1
        var run: [Unicode.Scalar] = []
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            // ASCII is decided here, without making a scalar: it is most of what is indexed.
            if lead < 0x80 {
                if lead &- 0x61 < 26 || lead &- 0x30 < 10 || lead &- 0x41 < 26 {
                    if !run.isEmpty { cjk(run); run.removeAll(keepingCapacity: true) }
                    if wordStart < 0 { wordStart = index }
                } else {
                    if wordStart >= 0 { word(wordStart..<index); wordStart = -1 }
                    if !run.isEmpty { cjk(run); run.removeAll(keepingCapacity: true) }
                }
                index += 1
                continue
            }
            let (scalarValue, length) = SearchFolding.utf8Scalar(in: bytes, at: index)
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            if SearchFolding.isCJK(scalar) {
                if wordStart >= 0 { word(wordStart..<index); wordStart = -1 }
                run.append(scalar)
            } else if SearchFolding.isWordScalar(scalar) {
                if !run.isEmpty { cjk(run); run.removeAll(keepingCapacity: true) }
                if wordStart < 0 { wordStart = index }
            } else {
                if wordStart >= 0 { word(wordStart..<index); wordStart = -1 }
                if !run.isEmpty { cjk(run); run.removeAll(keepingCapacity: true) }
            }
            index += length
        }
        if wordStart >= 0 { word(wordStart..<bytes.count) }
        if !run.isEmpty { cjk(run) }
    }
}

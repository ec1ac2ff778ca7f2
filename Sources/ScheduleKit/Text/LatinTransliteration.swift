/// Names in Latin letters, for their order: what ICU's "Any-Latin" transliterator wrote (what
/// Foundation's `applyingTransform(.toLatin)` called), read from tables learned from it
/// (`LatinTables`, written by scripts/latin-tables), so the binary carries no ICU (issue 25).
/// A letter is read alone, or as ICU read it beside the letter before or after it (an anusvara
/// before a velar), or with the next one where ICU read the two together (an Indic vowel sign
/// with its consonant, a Greek diphthong, a small kana); an Indic consonant with its nukta or
/// virama is read with the letter after them where ICU read the three otherwise. Han characters
/// are spaced as ICU spaced them and Hangul syllables hyphenated where it did. Case is not kept
/// apart ("Ψάρι" is "PSári", where ICU wrote "Psári"): names' keys are folded. Where ICU read
/// more letters together (Burmese, clusters no name has) or cut Thai into words by its
/// dictionary, this differs: LatinTransliterationTests says how often.
enum LatinTransliteration {
    static func latin(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 2)
        var previous: UInt32?
        /// Whether the scalar before was a Han character with a reading (its reading was written).
        var afterHan = false
        /// The last syllable's end (its final, or 28 + its medial), when the scalar before was one.
        var syllableEnd: Int?
        var index = 0
        while index < scalars.count {
            let value = scalars[index].value
            let next = index + 1 < scalars.count ? scalars[index + 1].value : nil
            defer { previous = scalars[index - 1].value }
            let wasAfterHan = afterHan
            afterHan = false
            if index + 2 < scalars.count, let (triple, read) = written(triple: value, scalars[index + 1].value, scalars[index + 2].value) {
                output += triple
                syllableEnd = nil
                index += read
                continue
            }
            if let next, let together = written(.together, value, next) {
                output += together
                syllableEnd = nil
                index += 2
                continue
            }
            index += 1
            if let reading = hanReading(value) {
                if let previous, wasAfterHan || isSpaced(before: previous) { output.append(UInt8(ascii: " ")) }
                output += reading
                afterHan = true
                syllableEnd = nil
            } else if (0xAC00...0xD7A3).contains(value) {
                let syllable = Int(value - 0xAC00)
                let (initial, medial, final) = (syllable / 588, syllable / 28 % 21, syllable % 28)
                if let syllableEnd, LatinTables.hangulHyphens.byte(at: syllableEnd * 40 + (initial == 11 ? 19 + medial : initial)) == UInt8(ascii: "1") {
                    output.append(UInt8(ascii: "-"))
                }
                for part in [initial, 19 + medial, 40 + final] { output += hangulPart(part) }
                syllableEnd = final > 0 ? final : 28 + medial
            } else {
                if let previous, let after = written(.after, previous, value) {
                    output += after
                } else if let next, let before = written(.before, value, next) {
                    output += before
                } else if let single = written(of: value) {
                    output += single
                } else {
                    output += String(scalars[index - 1]).utf8
                }
                syllableEnd = nil
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func written(of value: UInt32) -> UnsafeBufferPointer<UInt8>? {
        guard let position = LatinTables.singles.positionByHalves(of: value) else { return nil }
        return LatinTables.texts.slice(LatinTables.textStarts, Int(LatinTables.singleTexts[position]))
    }

    /// The text of three Indic letters read otherwise, and how many of them it reads (the third
    /// may keep its text and be read next).
    private static func written(triple first: UInt32, _ second: UInt32, _ third: UInt32) -> (UnsafeBufferPointer<UInt8>, Int)? {
        // A scalar takes 21 bits: the three fill bits 0-62, and bit 63 says how many are read.
        let key = UInt64(first) << 42 | UInt64(second) << 21 | UInt64(third)
        for (flag, letters) in [(UInt64(0), 3), (1 << 63, 2)] {
            if let position = LatinTables.triples.positionByHalves(of: flag | key) {
                return (LatinTables.texts.slice(LatinTables.textStarts, Int(LatinTables.tripleTexts[position])), letters)
            }
        }
        return nil
    }

    /// How ICU read a pair otherwise than letter by letter (scripts/latin-tables).
    private enum PairReading: UInt64 {
        /// The two letters' text, read together.
        case together = 0
        /// The first letter's text, before the second (read after it on its own).
        case before = 1
        /// The second letter's text, after the first.
        case after = 2
    }

    private static func written(_ reading: PairReading, _ first: UInt32, _ second: UInt32) -> UnsafeBufferPointer<UInt8>? {
        guard let position = LatinTables.pairs.positionByHalves(of: reading.rawValue << 42 | UInt64(first) << 21 | UInt64(second)) else { return nil }
        return LatinTables.texts.slice(LatinTables.textStarts, Int(LatinTables.pairTexts[position]))
    }

    private static func hanReading(_ value: UInt32) -> UnsafeBufferPointer<UInt8>? {
        guard value >= 0x3400, let range = LatinTables.hanRanges.positionByHalves(containing: value) else { return nil }
        let at = Int(LatinTables.hanDigitStarts[range]) + Int(value - LatinTables.hanRanges[range].lowerBound) * 2
        let number = base64(LatinTables.hanDigits.byte(at: at)) * 64 + base64(LatinTables.hanDigits.byte(at: at + 1))
        return number == 0 ? nil : LatinTables.hanTexts.slice(LatinTables.hanTextStarts, number)
    }

    private static func isSpaced(before value: UInt32) -> Bool {
        LatinTables.spaceBeforeHan.positionByHalves(containing: value) != nil
    }

    private static func hangulPart(_ number: Int) -> UnsafeBufferPointer<UInt8> {
        LatinTables.hangulParts.slice(LatinTables.hangulPartStarts, number)
    }

    private static func base64(_ digit: UInt8) -> Int {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(digit - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(digit - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(digit - UInt8(ascii: "a")) + 36
        case UInt8(ascii: "+"): 62
        default: 63
        }
    }
}

private extension StaticString {
    func byte(at offset: Int) -> UInt8 { utf8Start[offset] }

    /// Text `number` of a table whose texts follow one another, with where each starts.
    func slice<Offset: BinaryInteger>(_ starts: [Offset], _ number: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start + Int(starts[number]), count: Int(starts[number + 1] - starts[number]))
    }
}

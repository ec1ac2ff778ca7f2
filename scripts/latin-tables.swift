// Writes Sources/ScheduleKit/Text/LatinTables.swift: what ICU's "Any-Latin" transliterator (through
// Foundation's applyingTransform) makes of each letter, and of the pairs it reads together, so that
// names are put in Latin order without ICU in the binary. Learned from ICU by asking it, a scalar
// and a pair at a time, in batches of lines; the rules it follows between Han characters and
// between Hangul syllables are learned the same way. Case is not kept apart (names' keys are
// folded), so a pair that differs only in case ("Ψ" alone is "PS", in "Ψάρι" "Ps") is not stored.
// Run by scripts/latin-tables; LatinTransliterationTests measures the tables against ICU.
import Foundation

func latin(_ lines: [String]) -> [String] {
    var out: [String] = []
    var index = 0
    while index < lines.count {
        let chunk = Array(lines[index..<min(index + 4000, lines.count)])
        let joined = chunk.joined(separator: "\n").applyingTransform(.toLatin, reverse: false)!
        let pieces = joined.components(separatedBy: "\n")
        precondition(pieces.count == chunk.count, "a line was split or joined at \(index)")
        out += pieces
        index += chunk.count
    }
    return out
}

/// What a name's key keeps of a text: lower case, no accents.
func folded(_ text: String) -> String { text.lowercased().folding(options: .diacriticInsensitive, locale: nil) }

func isHan(_ value: UInt32) -> Bool { Unicode.Scalar(value)!.properties.isIdeographic }
func isHangulSyllable(_ value: UInt32) -> Bool { (0xAC00...0xD7A3).contains(value) }
let lineBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]

// Every assigned scalar past ASCII, alone.
var scalars: [UInt32] = []
for value in UInt32(0x80)...0x3134F {
    guard let scalar = Unicode.Scalar(value), !lineBreaks.contains(value) else { continue }
    switch scalar.properties.generalCategory {
    case .unassigned, .surrogate, .privateUse, .control: continue
    default: scalars.append(value)
    }
}
let alone = latin(scalars.map { String(Unicode.Scalar($0)!) })
var reading: [UInt32: String] = [:]
for (position, value) in scalars.enumerated() where alone[position] != String(Unicode.Scalar(value)!) {
    reading[value] = alone[position]
}

func read(_ value: UInt32) -> String { reading[value] ?? String(Unicode.Scalar(value)!) }

// Han: each character's reading, numbered.
var hanTexts: [String] = [""]
var hanNumber: [String: Int] = ["": 0]
var hanOf: [UInt32: Int] = [:]
for (value, written) in reading where isHan(value) {
    let text = folded(written)
    if hanNumber[text] == nil { hanNumber[text] = hanTexts.count; hanTexts.append(text) }
    hanOf[value] = hanNumber[text]!
}
// Ranges of Han characters with readings, split where a gap is longer than 256.
let hanValues = hanOf.keys.sorted()
var hanRanges: [(first: UInt32, last: UInt32)] = []
for value in hanValues {
    if let last = hanRanges.last, value - last.last <= 256 { hanRanges[hanRanges.count - 1].last = value } else { hanRanges.append((value, value)) }
}

// A space comes before a Han character after some scalars ("a宋" is "a sòng", "1宋" "1sòng").
let probe: UInt32 = 0x5B8B  // 宋
let probeReading = read(probe)
// Han characters with a reading are followed so by another; the rest are learned below U+3400.
let afterCandidates = [UInt32](0x21...0x7E) + scalars.filter { $0 < 0x3400 }
let withHan = latin(afterCandidates.map { String(Unicode.Scalar($0)!) + "宋" })
var spaceAfter: [UInt32] = []
for (position, value) in afterCandidates.enumerated() {
    let before = read(value)
    if withHan[position] == before + " " + probeReading { spaceAfter.append(value) }
}
var spaceRanges: [(first: UInt32, last: UInt32)] = []
for value in spaceAfter {
    if let last = spaceRanges.last, value == last.last + 1 { spaceRanges[spaceRanges.count - 1].last = value } else { spaceRanges.append((value, value)) }
}

// Hangul: a syllable is its initial, medial and final's letters; a hyphen between two syllables
// where the letters could be read otherwise, told by the first's end and the second's start.
func syllable(_ initial: Int, _ medial: Int, _ final: Int) -> String { String(Unicode.Scalar(UInt32(0xAC00 + (initial * 21 + medial) * 28 + final))!) }
let initials = latin((0..<19).map { syllable($0, 0, 0) }).map { String($0.dropLast()) }
let medials = latin((0..<21).map { syllable(11, $0, 0) })
let finals = latin((0..<28).map { syllable(11, 0, $0) }).map { String($0.dropFirst()) }
for value in UInt32(0xAC00)...0xD7A3 {
    let index = Int(value - 0xAC00)
    precondition(read(value) == initials[index / 588] + medials[index / 28 % 21] + finals[index % 28], "Hangul U+\(String(value, radix: 16))")
}
/// End: the final (1...27) or, with none, 28 + the medial; start: the initial, or for the silent one 19 + the medial.
func end(of initialMedialFinal: (Int, Int, Int)) -> Int { initialMedialFinal.2 > 0 ? initialMedialFinal.2 : 28 + initialMedialFinal.1 }
var hyphens = [Character](repeating: "0", count: 49 * 40)
var joinLines: [String] = [], joinKeys: [(Int, Int, String)] = []
for tail in 1..<49 {
    for head in 0..<40 {
        let first = tail < 28 ? syllable(0, 0, tail) : syllable(0, tail - 28, 0)
        let second = head < 19 ? syllable(head, 0, 0) : syllable(11, head - 19, 0)
        joinLines.append(first + second)
        joinKeys.append((tail, head, read(first.unicodeScalars.first!.value) + read(second.unicodeScalars.first!.value)))
    }
}
for (position, joined) in latin(joinLines).enumerated() {
    let (tail, head, plain) = joinKeys[position]
    if joined == plain { continue }
    let firstText = read(joinLines[position].unicodeScalars.first!.value)
    precondition(joined == firstText + "-" + String(plain.dropFirst(firstText.count)), "Hangul join \(joinLines[position]): \(joined)")
    hyphens[tail * 40 + head] = "1"
}

// Other scripts: each letter alone, and the pairs read otherwise than their letters one after the other.
var otherValues = reading.keys.filter { !isHan($0) && !isHangulSyllable($0) }.sorted()
let scripts: [ClosedRange<UInt32>] = [0x370...0x3FF, 0x400...0x52F, 0x530...0x58F, 0x590...0x5FF, 0x600...0x6FF, 0x700...0x74F,
    0x750...0x77F, 0x780...0x7BF, 0x900...0x97F, 0x980...0x9FF, 0xA00...0xA7F, 0xA80...0xAFF, 0xB00...0xB7F, 0xB80...0xBFF,
    0xC00...0xC7F, 0xC80...0xCFF, 0xD00...0xD7F, 0xD80...0xDFF, 0xE00...0xE7F, 0xE80...0xEFF, 0xF00...0xFFF, 0x1000...0x109F,
    0x10A0...0x10FF, 0x1100...0x11FF, 0x1200...0x139F, 0x13A0...0x13FF, 0x1780...0x17FF, 0x1800...0x18AF, 0x1F00...0x1FFF,
    0x3040...0x30FF, 0x3100...0x312F, 0x3130...0x318F, 0xFF61...0xFF9F, 0xFFA0...0xFFDC]
var pairLines: [String] = [], pairValues: [(UInt32, UInt32)] = []
let assigned = Set(scalars)
for script in scripts {
    let members = script.filter { assigned.contains($0) }
    for first in members where reading[first] != nil {
        for second in members {
            pairLines.append(String(Unicode.Scalar(first)!) + String(Unicode.Scalar(second)!))
            pairValues.append((first, second))
        }
    }
}
// A pair read otherwise is kept as what it changes: the first letter's text before the second
// (an anusvara before a velar, "ṅ"), read alone after it; the second's text after the first; or,
// when neither letter keeps its own text, the two read together. A letter keeps its text before
// or after another only that way, so that "प्रियंका" reads ं before क and then का together.
enum PairKind: UInt64 { case together = 0, before = 1, after = 2 }
var pairReading: [(key: UInt64, text: String)] = []
/// Thai is cut into words by ICU's dictionary before it is read, with a space between words; two
/// letters alone are often cut where no word is, so the spaces a Thai pair was given are dropped.
func isThai(_ value: UInt32) -> Bool { (0xE00...0xE7F).contains(value) }
for (position, written) in latin(pairLines).enumerated() {
    let (first, second) = pairValues[position]
    let joined = isThai(first) ? written.replacingOccurrences(of: " ", with: "") : written
    let (alone1, alone2) = (read(first), read(second))
    guard folded(joined) != folded(alone1 + alone2) else { continue }
    let kind: PairKind, text: String
    if !alone2.isEmpty, joined.hasSuffix(alone2) {
        (kind, text) = (.before, String(joined.dropLast(alone2.count)))
    } else if !alone1.isEmpty, joined.hasPrefix(alone1) {
        (kind, text) = (.after, String(joined.dropFirst(alone1.count)))
    } else {
        (kind, text) = (.together, joined)
    }
    pairReading.append((kind.rawValue << 42 | UInt64(first) << 21 | UInt64(second), text))
}
pairReading.sort { $0.key < $1.key }

// Three letters of an Indic script: a consonant, a nukta or virama, and any letter of the script,
// where ICU reads them otherwise than the first two together and the third after them
// ("ड़ा", "മ്മ"). The virama and nukta are the marks of canonical class 9 and 7.
let indic = scripts.filter { $0.lowerBound >= 0x900 && $0.upperBound <= 0xDFF }
var tripleLines: [String] = [], tripleValues: [(UInt32, UInt32, UInt32)] = []
for script in indic {
    let members = script.filter { assigned.contains($0) }
    let joiners = members.filter { [7, 9].contains(Unicode.Scalar($0)!.properties.canonicalCombiningClass.rawValue) }
    let consonants = members.filter { Unicode.Scalar($0)!.properties.generalCategory == .otherLetter }
    for first in consonants {
        for joiner in joiners {
            for third in members {
                tripleLines.append(String(String.UnicodeScalarView([first, joiner, third].map { Unicode.Scalar($0)! })))
                tripleValues.append((first, joiner, third))
            }
        }
    }
}
let pairText = Dictionary(uniqueKeysWithValues: pairReading.map { ($0.key, $0.text) })
var tripleReading: [(key: UInt64, text: String)] = []
for (position, joined) in latin(tripleLines).enumerated() {
    let (first, joiner, third) = tripleValues[position]
    let head = pairText[PairKind.together.rawValue << 42 | UInt64(first) << 21 | UInt64(joiner)]
        ?? (pairText[PairKind.before.rawValue << 42 | UInt64(first) << 21 | UInt64(joiner)] ?? read(first))
            + (pairText[PairKind.after.rawValue << 42 | UInt64(first) << 21 | UInt64(joiner)] ?? read(joiner))
    let tail = pairText[PairKind.after.rawValue << 42 | UInt64(joiner) << 21 | UInt64(third)] ?? read(third)
    guard folded(joined) != folded(head + tail) else { continue }
    // Where the third letter keeps its text (a consonant whose vowel sign follows it), only the
    // first two are read here, the third after them as ever.
    let key = UInt64(first) << 42 | UInt64(joiner) << 21 | UInt64(third)
    if !read(third).isEmpty, joined.hasSuffix(read(third)) {
        tripleReading.append((1 << 63 | key, String(joined.dropLast(read(third).count))))
    } else {
        tripleReading.append((key, joined))
    }
}
tripleReading.sort { $0.key < $1.key }

// Texts of the other scripts' letters and pairs, numbered.
var texts: [String] = []
var textNumber: [String: Int] = [:]
func number(_ text: String) -> Int {
    if let known = textNumber[text] { return known }
    textNumber[text] = texts.count
    texts.append(text)
    return texts.count - 1
}
let singleNumbers = otherValues.map { number(read($0)) }
let pairNumbers = pairReading.map { number($0.text) }
let pairKeys = pairReading.map { $0.key }
let tripleNumbers = tripleReading.map { number($0.text) }
let tripleKeys = tripleReading.map { $0.key }

func literal(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default: out += scalar.value >= 0x20 && scalar.value < 0x7F ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
    return out
}
func joinedWithStarts(_ texts: [String]) -> (String, [Int]) {
    var starts = [0], all = ""
    var count = 0
    for text in texts { all += literal(text); count += text.utf8.count; starts.append(count) }
    return (all, starts)
}
func rows<T>(_ values: [T], _ show: (T) -> String) -> String {
    stride(from: 0, to: values.count, by: 16).map { start in
        "        " + values[start..<min(start + 16, values.count)].map(show).joined(separator: ", ") + ","
    }.joined(separator: "\n")
}
// Han readings, two base-64 digits a character over each range (00 for none).
let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/")
precondition(hanTexts.count <= 4096)
var hanDigits: [String] = []
for range in hanRanges {
    var line = ""
    for value in range.first...range.last {
        let number = hanOf[value] ?? 0
        line.append(digits[number / 64]); line.append(digits[number % 64])
    }
    hanDigits.append(line)
}
var hanOffsets: [Int] = [0]
for range in hanRanges { hanOffsets.append(hanOffsets.last! + Int(range.last - range.first + 1) * 2) }
let (hanAll, hanStarts) = joinedWithStarts(hanTexts)
let (textAll, textStarts) = joinedWithStarts(texts)
let hangulParts = (initials + medials + finals).map(folded)
let (hangulAll, hangulStarts) = joinedWithStarts(hangulParts)

let source = """
// Written by scripts/latin-tables from this toolchain's ICU (Any-Latin, through Foundation); do not edit by hand.

/// What ICU's "Any-Latin" transliterator writes for each letter it changes, learned from it a
/// letter and a pair at a time (LatinTransliteration reads these; LatinTransliterationTests
/// measures them against ICU): \(hanOf.count) Han characters (\(hanTexts.count - 1) readings), 11,172 Hangul syllables
/// from their \(hangulParts.count) parts, \(otherValues.count) letters of other scripts, \(pairReading.count) pairs of them and \(tripleReading.count) Indic triples.
enum LatinTables {
    /// The other scripts' letters, ascending, and the number of each one's text.
    static let singles: [UInt32] = [
\(rows(otherValues) { "0x" + String($0, radix: 16) })
    ]
    static let singleTexts: [UInt16] = [
\(rows(singleNumbers) { String($0) })
    ]

    /// Pairs read otherwise than letter by letter (how << 42 | the first scalar << 21 | the second),
    /// ascending, and each one's text: how is 0 for the two read together, 1 for the first's text
    /// before the second, 2 for the second's text after the first.
    static let pairs: [UInt64] = [
\(rows(pairKeys) { "0x" + String($0, radix: 16) })
    ]
    static let pairTexts: [UInt16] = [
\(rows(pairNumbers) { String($0) })
    ]

    /// Three letters of an Indic script read otherwise (a consonant, a nukta or virama, a letter:
    /// the first << 42 | the second << 21 | the third), ascending, and each one's text: with 1 << 63,
    /// the text of the first two before the third, else of the three together.
    static let triples: [UInt64] = [
\(rows(tripleKeys) { "0x" + String($0, radix: 16) })
    ]
    static let tripleTexts: [UInt16] = [
\(rows(tripleNumbers) { String($0) })
    ]

    /// The texts, one after another in UTF-8, text n from starts[n] to starts[n + 1].
    static let texts: StaticString = "\(textAll)"
    static let textStarts: [UInt32] = [
\(rows(textStarts) { String($0) })
    ]

    /// Han characters with a reading: ranges, and where each range's digits start in `hanDigits`.
    static let hanRanges: [ClosedRange<UInt32>] = [
\(rows(hanRanges) { "0x\(String($0.first, radix: 16))...0x\(String($0.last, radix: 16))" })
    ]
    static let hanDigitStarts: [UInt32] = [
\(rows(hanOffsets) { String($0) })
    ]
    /// Two base-64 digits (0-9, A-Z, a-z, +, /) a character: the number of its reading, 0 for none.
    static let hanDigits: StaticString = "\(hanDigits.joined())"
    static let hanTexts: StaticString = "\(hanAll)"
    static let hanTextStarts: [UInt32] = [
\(rows(hanStarts) { String($0) })
    ]
    /// The scalars after which a space comes before a Han character.
    static let spaceBeforeHan: [ClosedRange<UInt32>] = [
\(rows(spaceRanges) { "0x\(String($0.first, radix: 16))...0x\(String($0.last, radix: 16))" })
    ]

    /// Hangul's 19 initials, 21 medials and 27 finals (and none), in that order.
    static let hangulParts: StaticString = "\(hangulAll)"
    static let hangulPartStarts: [UInt16] = [
\(rows(hangulStarts) { String($0) })
    ]
    /// "1" where a hyphen comes between two syllables: 40 a row, rows by the first's end (its
    /// final, or 28 + its medial), columns by the second's start (its initial, or 19 + its medial
    /// after the silent initial).
    static let hangulHyphens: StaticString = "\(String(hyphens))"
}

"""
try! source.write(toFile: CommandLine.arguments[1], atomically: true, encoding: String.Encoding.utf8)
print("Han \(hanOf.count) in \(hanRanges.count) ranges, \(hanTexts.count - 1) readings; others \(otherValues.count); pairs \(pairReading.count); triples \(tripleReading.count); texts \(texts.count); space-before-Han ranges \(spaceRanges.count)")

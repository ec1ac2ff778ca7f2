import Testing
@testable import ScheduleKit

@Suite("Sanitising text from schedule files")
struct TerminalSafeTests {
    static let forbidden: [UInt32] = Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F)
        + [0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060,
           0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0xE0001, 0xE0041, 0x2028, 0x2029]

    @Test(arguments: forbidden)
    func everyDangerousScalarIsReplaced(_ value: UInt32) {
        let scalar = Unicode.Scalar(value)!
        let input = "a" + String(Character(scalar)) + "b"
        for output in [TerminalSafe.line(input), TerminalSafe.paragraphs(input)] {
            let bad = output.unicodeScalars.filter { TerminalSafe.isDangerous($0) && $0 != "\n" }
            #expect(bad.isEmpty, "U+\(String(value, radix: 16)) survived as \(bad.map(\.value))")
            #expect(output.hasPrefix("a") && output.hasSuffix("b"))
        }
        #expect(!TerminalSafe.escaped(input).unicodeScalars.contains { TerminalSafe.isDangerous($0) || $0 == "\n" })
    }

    /// Plain text is checked eight bytes at a time, with other scalars decoded in place: a
    /// dangerous scalar is found wherever it falls in a word, after ASCII, accents or CJK.
    @Test(arguments: forbidden)
    func aDangerousScalarIsFoundAtEveryPlaceInLongText(_ value: UInt32) {
        let dangerous = String(Character(Unicode.Scalar(value)!))
        for plain in ["schedule text, long enough", "Zürich é 中文 한국어 plain"] {
            for offset in 0...plain.count {
                let input = String(plain.prefix(offset)) + dangerous + String(plain.dropFirst(offset))
                #expect(TerminalSafe.line(input) != input, "U+\(String(value, radix: 16)) at \(offset) was let through")
                if value != 0x0A { #expect(TerminalSafe.paragraphs(input) != input) }
            }
        }
    }

    @Test func escapeSequencesBecomeVisibleText() {
        #expect(TerminalSafe.line("\u{1B}[2J\u{1B}]0;pwned\u{07}") == "␛[2J␛]0;pwned␇")
        #expect(TerminalSafe.escaped("\u{1B}[2J\u{202E}") == #"\u001b[2J\u202e"#)
        #expect(TerminalSafe.line("\u{9B}31m") == "\u{FFFD}31m")
    }

    @Test func lineBreaksAndTabsCannotMoveTheCursor() {
        #expect(TerminalSafe.line("hello\rEVIL") == "hello EVIL")
        #expect(TerminalSafe.line("abc\u{8}\u{8}\u{8}XYZ") == "abc␈␈␈XYZ")
        #expect(TerminalSafe.line("a\tb\r\nc\u{2028}d") == "a b c d")
        #expect(TerminalSafe.paragraphs("one\r\ntwo\rthree\u{2029}four") == "one\ntwo\nthree\nfour")
    }

    @Test func emojiSequencesAreReducedToWhatTerminalsAgreeOn() {
        #expect(TerminalSafe.line("👍🏽") == "👍")
        #expect(TerminalSafe.line("👨‍👩‍👧 family") == "👨 family")
        #expect(TerminalSafe.line("❤️") == "❤")
        #expect(TerminalSafe.line("🇯🇵 🇩") == "JP D")
        #expect(TerminalSafe.line("e\u{301}") == "e\u{301}")
        #expect(TerminalSafe.line("a" + String(repeating: "\u{301}", count: 9)).unicodeScalars.count == 5)
    }

    @Test func ordinaryTextIsUntouched() {
        for text in ["IstioCon 2023 中国站", "한국어 세션", "Zürich – “quotes” …", "カタカナ ｶﾀｶﾅ", ""] {
            #expect(TerminalSafe.line(text) == text)
        }
    }

    @Test func randomStringsComeOutCleanAndStable() {
        var generator = SplitMix64(seed: 0x5EED_2023)
        let pool: [UInt32] = Array(0x00...0x7F) + Array(0x80...0x9F) + [0x202E, 0x200D, 0xFE0F, 0x1F3FD, 0x1F468, 0x4E2D, 0xD55C, 0x301, 0x2028, 0xFEFF, 0xE000, 0x10FFFF]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(Unicode.Scalar(pool[Int(generator.next() % UInt64(pool.count))])!) }
            let clean = TerminalSafe.line(text)
            #expect(!clean.unicodeScalars.contains { TerminalSafe.isDangerous($0) }, "\(text.unicodeScalars.map(\.value))")
            #expect(TerminalSafe.line(clean) == clean, "not idempotent for \(text.unicodeScalars.map(\.value))")
            let paragraphs = TerminalSafe.paragraphs(text)
            #expect(TerminalSafe.paragraphs(paragraphs) == paragraphs)
        }
    }
}

import Foundation
import Testing
@testable import ScheduleKit

/// What Hallway writes itself in place of Foundation's NSString and JSONSerialization (issue 25's
/// port), checked against them on generated text: the same answer for every input tried.
@Suite struct FoundationReplacementsTests {
    /// Text from pieces that matter to these operations: separators, escapes, slashes, line
    /// breaks, letters of several scripts, combining marks, emoji.
    static func text(_ generator: inout SplitMix64, length: Int) -> String {
        let pieces = ["a", "B", "z", "0", "9", "_", "-", ".", "~", "/", "//", "\\", "\"", "`", "*", "**", "~~", "%", "%4", "%41", "%zz", "%E4%B8%AD",
                      "\r\n", "\n", "\r", "\t", " ", "\u{1}", "é", "e\u{301}", "中", "文", "ß", "Ω", "ا", "🎉", "+", "=", ":", "?", "&", "#"]
        return (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func replacingAndSplittingGiveNSStringsAnswers() {
        var generator = SplitMix64(seed: 25)
        for _ in 0..<3000 {
            let text = Self.text(&generator, length: Int(generator.next() % 24))
            for target in ["\r\n", "_", "`", "\n"] {
                #expect(text.replacingEvery(target, with: target == "_" ? " " : "") ==
                        text.replacingOccurrences(of: target, with: target == "_" ? " " : ""), "\(text.debugDescription) \(target.debugDescription)")
            }
            for marker in ["**", "*", "~~", "_", "`"] {
                #expect(text.piecesBetween(marker) == text.components(separatedBy: marker), "\(text.debugDescription) by \(marker)")
            }
        }
    }

    /// NSString's `deletingLastPathComponent` is not asked: on some paths ("a/", ones with a
    /// dot part) this Foundation stops the process with an illegal instruction.
    @Test func parentPathsAreTheFolderAPathNames() {
        let cases = [("a/b", "a"), ("/a/b", "/a"), ("a/b/", "a"), ("/", "/"), ("//a", "/"), ("a", ""), ("", ""), ("/a", "/"),
                     ("a//b", "a"), ("/x y/中文/e\u{301}", "/x y/中文"), ("./a", "."), ("../..", ".."), ("a/b//", "a")]
        for (path, parent) in cases { #expect(path.parentPath == parent, "\(path.debugDescription)") }
    }

    @Test func percentEncodingGivesFoundationsAnswers() {
        var generator = SplitMix64(seed: 11)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        for _ in 0..<3000 {
            let text = Self.text(&generator, length: Int(generator.next() % 16))
            #expect(text.percentEncodedKeepingAlphanumerics == text.addingPercentEncoding(withAllowedCharacters: allowed), "\(text.debugDescription)")
            #expect(text.removingPercentEscapes == text.removingPercentEncoding, "\(text.debugDescription)")
            #expect(text.percentEncodedKeepingAlphanumerics.removingPercentEscapes == text)
        }
        // Every scalar of the first planes, letters of every script among them.
        for value in stride(from: 0x80, to: 0x30000, by: 7) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            #expect(text.percentEncodedKeepingAlphanumerics == text.addingPercentEncoding(withAllowedCharacters: allowed), "U+\(String(value, radix: 16))")
        }
    }

    @Test func stateFilesAreWrittenAsJSONSerializationWroteThem() throws {
        var generator = SplitMix64(seed: 3)
        func value(_ depth: Int) -> (JSONValue, Any) {
            switch generator.next() % (depth > 2 ? 4 : 6) {
            case 0: let flag = generator.next() % 2 == 0
                return (.bool(flag), flag)
            case 1: let number = Int(generator.next() % 100_000)
                return (.number(Double(number)), number)
            case 2, 3: let text = Self.text(&generator, length: Int(generator.next() % 8))
                return (.string(text), text)
            case 4:
                let items = (0..<Int(generator.next() % 4)).map { _ in value(depth + 1) }
                return (.array(items.map(\.0)), items.map(\.1))
            default:
                var ours = JSONObject(), theirs: [String: Any] = [:]
                for _ in 0..<Int(generator.next() % 4) {
                    // Keys of one case and no digits: JSONSerialization put keys in a localised order.
                    let key = String((0..<3).map { _ in Character(Unicode.Scalar(UInt8(97 + generator.next() % 26))) })
                    let (mine, its) = value(depth + 1)
                    if ours.insert(mine, forKey: key) { theirs[key] = its }
                }
                return (.object(ours), theirs)
            }
        }
        for _ in 0..<1000 {
            var ours = JSONObject(), theirs: [String: Any] = [:]
            for key in ["conferences", "format", "version"] {
                let (mine, its) = value(1)
                _ = ours.insert(mine, forKey: key)
                theirs[key] = its
            }
            for (pretty, slashes) in [(true, false), (false, true)] {
                var options: JSONSerialization.WritingOptions = [.sortedKeys]
                if pretty { options.insert(.prettyPrinted) }
                if !slashes { options.insert(.withoutEscapingSlashes) }
                let expected = String(decoding: try JSONSerialization.data(withJSONObject: theirs, options: options), as: UTF8.self)
                #expect(JSONValue.object(ours).written(pretty: pretty, escapingSlashes: slashes) == expected)
            }
        }
    }
}

/// Names in Latin letters from the tables learned from ICU (scripts/latin-tables), against ICU
/// itself through Foundation: a name's key (Latin, no accents, lower case) as NameCollation made
/// it when it called ICU.
@Suite struct LatinTransliterationTests {
    /// The speakers' names of the quirk file of two dozen scripts (its ORGANIZER and ATTENDEE CNs).
    static func quirkNames() throws -> [String] {
        let quirk = try String(contentsOf: FrabXMLStreamTests.quirks.appendingPathComponent("Quirks/names-in-many-scripts.ics"), encoding: .utf8)
        return quirk.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard let start = line.range(of: "CN=") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != ":" && $0 != ";" }).replacingOccurrences(of: "\"", with: "")
        }
    }

    /// The key NameCollation made with ICU: the name through Any-Latin, its accents folded, lower case.
    static func keyByICU(_ name: String) -> String {
        let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
        return (latin.unicodeScalars.allSatisfy(\.isASCII) ? latin : FoldingTables.foldingAccents(latin)).lowercased()
    }

    /// Where ICU reads more letters together than the tables do (pairs, Indic triples): Burmese's
    /// stacked vowels and finals.
    static let readOtherwise: Set<String> = ["အောင် ဆန်း"]

    @Test func namesInEveryScriptHaveTheKeysICUGaveThem() throws {
        var names = try Self.quirkNames()
        names += ["宋净超", "Νίκος Παπαδόπουλος", "राहुल शर्मा", "สมชาย ใจดี", "さくら たなか", "김민준", "박은아", "선아", "Ébène Zoé", "",
                  "𠀀𠀁", "Иван Петров", "Ψάρι", "ひらがな漢字", "a宋", "1宋", "ευχαριστώ", "ሀአ"]
        #expect(names.count > 40)
        for name in names where !Self.readOtherwise.contains(name) {
            #expect(NameCollation.sortKey(name) == Self.keyByICU(name), "\(name)")
        }
        for name in Self.readOtherwise { #expect(NameCollation.sortKey(name) != Self.keyByICU(name), "\(name) is now read as ICU read it") }
    }

    /// Names as people write them, in nineteen scripts: each has ICU's key, but that ICU cuts Thai
    /// into words with its dictionary (the same letters, other spaces), and all come in ICU's order.
    @Test func realNamesHaveICUsKeysAndOrder() {
        let names = ["अमिताभ बच्चन", "प्रियंका चोपड़ा", "सचिन तेंदुलकर", "नरेंद्र मोदी", "अरविंद केजरीवाल", "दीपिका पादुकोण", "विराट कोहली", "लता मंगेशकर",
            "श्रेया घोषाल", "आदित्य राय", "রবীন্দ্রনাথ ঠাকুর", "সত্যজিৎ রায়", "কাজী নজরুল ইসলাম", "অমর্ত্য সেন", "শাকিব আল হাসান",
            "அப்துல் கலாம்", "ரஜினிகாந்த்", "இளையராஜா", "சுந்தர் பிச்சை", "கமல் ஹாசன்", "చిరంజీవి", "మహేష్ బాబు", "ಪುನೀತ್ ರಾಜ್‌ಕುಮಾರ್",
            "മോഹൻലാൽ", "മമ്മൂട്ടി", "મહાત્મા ગાંધી", "ਗੁਰੂ ਨਾਨਕ",
            "ประยุทธ์ จันทร์โอชา", "ทักษิณ ชินวัตร", "ลิซ่า มโนบาล", "สุรเชษฐ์ หักพาล", "ธนาธร จึงรุ่งเรืองกิจ",
            "Γιώργος Παπανδρέου", "Αλέξης Τσίπρας", "Κυριάκος Μητσοτάκης", "Μελίνα Μερκούρη", "Ευάγγελος Βενιζέλος",
            "Лев Толстой", "Фёдор Достоевский", "Анна Ахматова", "Юрий Гагарин", "Щукин Евгений", "Тарас Шевченко", "Леся Українка",
            "Никола Тесла", "Ђорђе Балашевић", "نجيب محفوظ", "أم كلثوم", "جمال عبد الناصر", "فيروز", "عمرو دياب", "حافظ شیرازی",
            "דוד בן-גוריון", "גולדה מאיר", "יצחק רבין", "עמוס עוז",
            "村上春樹", "宮崎駿", "山田花子", "たなか ゆき", "スズキ イチロー", "きむら たくや", "ジョン・スミス",
            "박지성", "김연아", "이순신", "손흥민", "방탄소년단", "张伟", "王芳", "李娜", "刘洋", "陈静", "杨丽", "黄磊", "周杰伦", "欧阳娜娜",
            "司马懿", "诸葛亮", "Շառլ Ազնավուր", "ილია ჭავჭავაძე", "ኃይሌ ገብረሥላሴ", "ቴዎድሮስ አድሓኖም"]
        let ours = NameCollation.sortKeys(names), theirs = names.map(Self.keyByICU)
        for (position, name) in names.enumerated() {
            let thai = name.unicodeScalars.contains { (0xE00...0xE7F).contains($0.value) }
            let (mine, icu) = thai ? (ours[position].replacingOccurrences(of: " ", with: ""), theirs[position].replacingOccurrences(of: " ", with: ""))
                                   : (ours[position], theirs[position])
            #expect(mine == icu, "\(name)")
        }
        let byOurs = names.indices.sorted { (ours[$0], names[$0]) < (ours[$1], names[$1]) }
        let byICU = names.indices.sorted { (theirs[$0], names[$0]) < (theirs[$1], names[$1]) }
        #expect(byOurs == byICU)
    }

    /// A scalar past U+3FFFF is never taken for the Indic letter whose number its low bits hold:
    /// the tables' keys pack three scalars in 63 bits, with the 64th for how many are read.
    @Test func aScalarOfAFarPlaneIsNotReadAsAnIndicLetter() {
        // अ, virama, अ: a triple the tables read as two letters and a third.
        for far in [0x40905, 0x80905, 0xE0905] {
            let name = String(String.UnicodeScalarView([Unicode.Scalar(UInt32(far))!, "\u{94D}", "\u{905}"]))
            #expect(LatinTransliteration.latin(name).unicodeScalars.first?.value == UInt32(far), "U+\(String(far, radix: 16))")
        }
        #expect(LatinTransliteration.latin("\u{905}\u{94D}\u{905}").unicodeScalars.first == "a")
    }

    /// Names of two to seven letters drawn from each script's letters: how many keys are ICU's,
    /// and how many pairs of names come in ICU's order. Letters drawn at random make clusters no
    /// name has (vowel signs after vowels), so the Indic and Thai shares are lower than names'
    /// (the test below); what the tables gave when written: 100 % of keys but Devanagari 86.75 %,
    /// Bengali 84.75 %, Tamil 82.75 %, Thai 68 % (ICU's dictionary cuts Thai into words), Han
    /// 98.75 % (a space after a letter ICU spaced otherwise), and 99.4 % or more of pairs in ICU's
    /// order in every script.
    @Test func generatedNamesInEachScriptMostlyHaveICUsKeysAndOrder() {
        let scripts: [(String, ClosedRange<UInt32>, Double)] = [
            ("Greek", 0x391...0x3C9, 0.99), ("Cyrillic", 0x410...0x44F, 0.99), ("Armenian", 0x531...0x586, 0.99),
            ("Hebrew", 0x5D0...0x5EA, 0.99), ("Arabic", 0x621...0x64A, 0.99), ("Devanagari", 0x905...0x94D, 0.85),
            ("Bengali", 0x985...0x9CD, 0.84), ("Tamil", 0xB85...0xBCD, 0.82), ("Thai", 0xE01...0xE4E, 0.65),
            ("Georgian", 0x10D0...0x10F0, 0.99), ("Ethiopic", 0x1200...0x135A, 0.99), ("Hiragana", 0x3041...0x3096, 0.99),
            ("Katakana", 0x30A1...0x30FC, 0.99), ("Hangul", 0xAC00...0xD7A3, 0.99), ("Han", 0x4E00...0x9FFF, 0.98),
        ]
        var generator = SplitMix64(seed: 25)
        for (script, letters, least) in scripts {
            let assigned = letters.compactMap(Unicode.Scalar.init).filter { $0.properties.generalCategory != .unassigned }
            let names = (0..<400).map { _ in
                String(String.UnicodeScalarView((0..<(2 + Int(generator.next() % 6))).map { _ in assigned[Int(generator.next() % UInt64(assigned.count))] }))
            }
            let ours = NameCollation.sortKeys(names)
            let theirs = names.map(Self.keyByICU)
            let same = zip(ours, theirs).filter { $0 == $1 }.count
            var inOrder = 0, pairs = 0
            for first in 0..<100 { for second in (first + 1)..<100 {
                pairs += 1
                if (ours[first] < ours[second]) == (theirs[first] < theirs[second]) { inOrder += 1 }
            } }
            let keys = Double(same) / Double(names.count), order = Double(inOrder) / Double(pairs)
            print("\(script): \(same) of \(names.count) keys as ICU's, \(inOrder) of \(pairs) pairs in its order")
            #expect(keys >= least, "\(script): \(same) of \(names.count)")
            #expect(order >= 0.99, "\(script): \(inOrder) of \(pairs) pairs")
        }
    }

    @Test func theSchemasPatternsFindWhatNSRegularExpressionFound() throws {
        let schema = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../data/hallway-schedule.schema.json"), encoding: .utf8)
        let patterns = schema.split(separator: "\n").compactMap { line -> String? in
            guard let key = line.range(of: "\"pattern\": \"") else { return nil }
            return String(line[key.upperBound...].dropLast(line.hasSuffix(",") ? 2 : 1)).replacingOccurrences(of: "\\\\", with: "\\")
        }
        #expect(patterns.count >= 5)
        let texts = ["", "a", "Keynote-1", "-x", "2023-09-26", "2023-09-26\n", "2023-9-26", "2023-09-26T09:30+08:00", "2023-09-26T09:30:00Z",
                     "2023-09-26T09:30Z\n", "https://istio.io", "http:/x", "ftp://x", "zh", "zh-Hans-CN", "ZH", "en-", "中文", "a.b_c-d", "x\ny"]
        var generator = SplitMix64(seed: 5)
        let random = (0..<400).map { _ in FoundationReplacementsTests.text(&generator, length: Int(generator.next() % 12)) }
        for pattern in patterns + ["(", "[a-"] {
            let ours = PatternExpression(pattern: pattern)
            let theirs = try? NSRegularExpression(pattern: pattern)
            #expect((ours == nil) == (theirs == nil), "\(pattern)")
            guard let ours, let theirs else { continue }
            for text in texts + random {
                #expect(ours.isFound(in: text) == (theirs.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil),
                        "\(pattern) in \(text.debugDescription)")
            }
        }
    }
}

/// The folding table (written by scripts/folding-tables from Foundation) against Foundation itself:
/// a toolchain whose Unicode moved on fails here, and the table is written again.
@Suite struct FoldingTablesTests {
    @Test func everyScalarFoldsAsFoundationFoldedIt() {
        for value in 0x80...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let search = FoldingTables.folding(UInt32(value)).map { String(decoding: $0, as: UTF8.self) } ?? text
            if search != text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil) {
                Issue.record("U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func everyScalarLosesItsAccentsAsFoundationTookThem() {
        for value in 0x80...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if FoldingTables.foldingAccents(text) != text.folding(options: .diacriticInsensitive, locale: nil) {
                Issue.record("U+\(String(value, radix: 16))")
            }
        }
    }

    /// Names as they are ordered: Latin, Greek or Cyrillic letters (a name in another script is
    /// transliterated first) with accents, written precomposed or not, among spaces, hyphens,
    /// letters of other scripts and full-width ones.
    @Test func namesLoseTheirAccentsAsFoundationTookThemFromWholeNames() throws {
        var generator = SplitMix64(seed: 17)
        let pieces = ["a", "E", "é", "e\u{301}", "o\u{308}\u{301}", "ø", "Ł", "ß", "Ｚ", "ü", "Å", "ǅ", "ṩ", "ο\u{301}", "Ё", "й", "ẞ", "ﬁ",
                      "中", " ", "-", "'", "\u{301}e", "n\u{303}", "c\u{327}", "ي", "ـ"]
        for _ in 0..<5000 {
            let text = (0..<Int(generator.next() % 10)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            #expect(FoldingTables.foldingAccents(text) == text.folding(options: .diacriticInsensitive, locale: nil), "\(text.debugDescription)")
        }
        let names = try LatinTransliterationTests.quirkNames()
        #expect(names.count > 20)
        for name in names {
            let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
            #expect(FoldingTables.foldingAccents(latin) == latin.folding(options: .diacriticInsensitive, locale: nil), "\(name)")
        }
    }
}

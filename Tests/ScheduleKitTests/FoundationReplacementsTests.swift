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

import Foundation
import Testing
@testable import ScheduleKit

/// Speakers read out of titles ("… (talk by Name)") are read on the title's bytes; what they read
/// is what the reading on the title's characters, before it, read.
@Suite("Speakers in a title's parentheses")
struct TitleSpeakersTests {
    @Test func bytesReadWhatCharactersRead() {
        let pieces = ["Rust", "数据", "e\u{301}", " (", "(", ")", "talk by ", "TALK BY ", "Lightning Talk by ", "workshop by ", " and ", " & ",
                      ",", " ", "Ada", "Bob, Org", "\u{301}", "\u{200D}", "x", "  ", "\t"]
        var generator = SplitMix64(seed: 25)
        var inferred = 0
        for _ in 0..<20_000 {
            func some(_ most: UInt64) -> String {
                (0..<Int(generator.next() % most)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            }
            // Half of them shaped as a title with a role and names, the rest anything.
            let role = TitleSpeakers.roles[Int(generator.next() % UInt64(TitleSpeakers.roles.count))]
            var title = generator.next() % 2 == 0 ? some(4) + " (" + (generator.next() % 2 == 0 ? role.uppercased() : role) + " by " + some(6) : some(9)
            if generator.next() % 4 != 0 { title += ")" }
            let read = TitleSpeakers.parenthetical(title), expected = Self.readOnCharacters(title)
            #expect(read?.0 == expected?.0 && read?.1 == expected?.1, "\(title.unicodeScalars.map { String($0.value, radix: 16) })")
            if read != nil { inferred += 1 }
        }
        #expect(inferred > 2_000, "the titles tried include many that name speakers")
    }

    @Test func aMarkAfterTheRoleGoesWithItsSpace() {
        let read = TitleSpeakers.parenthetical("Talk (talk by \u{301}Ada and Bob)")
        #expect(read?.1 == ["Ada", "Bob"])
        #expect(read?.0 == "Talk")
    }

    /// The reading before 2026-12-07, on the UTF-8 view's indices and on substrings.
    static func readOnCharacters(_ title: String) -> (String, [String])? {
        let utf8 = title.utf8
        guard utf8.last == UInt8(ascii: ")") else { return nil }
        var index = utf8.index(before: utf8.endIndex)
        var open: String.Index?
        while index > utf8.startIndex {
            let before = utf8.index(before: index)
            if utf8[index] == UInt8(ascii: "("), utf8[before] == UInt8(ascii: " ") {
                open = before
                break
            }
            index = before
        }
        guard let open else { return nil }
        let inside = title[utf8.index(open, offsetBy: 2)..<utf8.index(before: utf8.endIndex)]
        guard let prefix = TitleSpeakers.roles.map({ $0 + " by " }).first(where: { inside.lowercased().utf8.starts(with: $0.utf8) && asciiPrefix(inside, $0) })
        else { return nil }
        var names: [String] = []
        let rest = String(inside.dropFirst(prefix.count))
        let bytes = Array(rest.utf8)
        var start = 0, at = 0
        func take(_ end: Int) {
            let piece = bytes[start..<end]
            let name = piece.firstIndex(of: UInt8(ascii: ",")).map { piece[..<$0] } ?? piece
            if let trimmed = String(decoding: name, as: UTF8.self).trimmedOrNil { names.append(trimmed) }
        }
        while at < bytes.count {
            let separator = bytes[at] == UInt8(ascii: " ") ? [Array(" and ".utf8), Array(" & ".utf8)].first { bytes[at...].starts(with: $0) }?.count ?? 0 : 0
            if separator > 0 {
                take(at)
                at += separator
                start = at
            } else {
                at += 1
            }
        }
        take(bytes.count)
        let bare = String(title[..<open]).trimmed
        guard !names.isEmpty, !bare.isEmpty else { return nil }
        return (bare, names)
    }

    /// The role's bytes, upper case or lower, at the start (lower-casing the whole text could change its length).
    private static func asciiPrefix(_ text: Substring, _ prefix: String) -> Bool {
        let head = Array(text.utf8.prefix(prefix.utf8.count))
        return head.count == prefix.utf8.count && zip(head, prefix.utf8).allSatisfy { ($0 >= 65 && $0 <= 90 ? $0 + 32 : $0) == $1 }
    }
}

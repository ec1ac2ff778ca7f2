import Foundation
import Testing
import TestSupport

/// A frab file whose every text field, id and link carries terminal controls: escape sequences
/// (CSI, OSC title, a C1 CSI), the bell, a backspace, a bidi override and a zero-width joiner.
/// Whatever Hallway prints from it (every screen, the plain listing, search and now as text and
/// JSON, the calendar export, validate's report) must hold none of them raw.
@Suite("Hostile data reaches no output raw")
struct HostileOutputTests {
    static let evil = "\u{1B}[31mX\u{1B}]0;pwned\u{07}\u{9B}2J\u{8}\u{202E}txt\u{200D}"

    static let file: URL = {
        let e = evil
        func event(_ number: Int, _ start: String, room: String) -> [String: Any] {
            ["guid": "guid-\(number)\(e)", "id": number, "date": "2024-12-27T\(start):00+01:00", "start": start, "duration": "00:30",
             "room": room, "slug": "slug\(e)", "title": "Title \(number) \(e)", "subtitle": "Sub\(e)", "track": "Track\(e)",
             "type": "lecture\(e)", "language": "en", "abstract": "Abstract\(e)\nline two", "description": "<p>Desc\(e)</p>",
             "persons": [["id": 7, "public_name": "Mallory\(e)", "biography": "Bio\(e)"]],
             "links": [["url": "https://example.org/\(e)", "title": "Link\(e)"]], "url": "https://example.org/e\(number)\(e)"]
        }
        let schedule: [String: Any] = ["schedule": ["version": "v\(e)", "conference": [
            "acronym": "evil\(e)", "title": "Evil Con \(e)", "start": "2024-12-27", "end": "2024-12-27", "daysCount": 1,
            "time_zone_name": "Europe/Berlin",
            "days": [["index": 0, "date": "2024-12-27", "day_start": "2024-12-27T09:00:00+01:00", "day_end": "2024-12-27T23:00:00+01:00",
                      "rooms": ["Room\(e)": [event(1, "10:00", room: "Room\(e)"), event(2, "11:00", room: "Room\(e)")]]]],
        ]]]
        let url = Scratch.path("hostile-frab.json")
        try! JSONSerialization.data(withJSONObject: schedule).write(to: url)
        return url
    }()

    /// The scalars no output may carry: C0 controls but line ends, DEL, C1, and the format
    /// characters that reorder or hide text.
    static func leaks(_ text: String, allowing allowed: Set<Unicode.Scalar> = ["\n"]) -> [String] {
        text.unicodeScalars.filter { scalar in
            guard !allowed.contains(scalar) else { return false }
            let value = scalar.value
            return value < 0x20 || (0x7F...0x9F).contains(value) || scalar.properties.generalCategory == .format
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test(arguments: ["", "2<Enter>", "2<Enter><Enter>", "3<Enter><Enter>", "4<Enter><Enter>jjjjjjjjjj", "4<Enter>s5<Enter>",
                      "6", "6<Enter>", "/title", "/mallory<Enter>", "?"])
    func everyScreen(_ keys: String) throws {
        for size in ["80x24", "200x60"] {
            let screen = try hallway("render", "--data", Self.file.path, "--now", "2024-12-27T10:10+01:00", "--size", size, "--keys", keys)
            #expect(screen.status == 0, "\(screen.err)")
            #expect(Self.leaks(screen.out).isEmpty, "\(keys) at \(size): \(Self.leaks(screen.out))")
            #expect(screen.out.contains("␛"), "the escape is shown as a visible stand-in")
        }
        let kiosk = try hallway("render", "--kiosk", "--data", Self.file.path, "--now", "2024-12-27T10:10+01:00", "--keys", "x" + keys)
        #expect(Self.leaks(kiosk.out).isEmpty)
    }

    @Test func plainListingSearchNowAndValidate() throws {
        let path = Self.file.path
        for arguments in [["--data", path], ["search", "--no-cache", "--data", path, "title"], ["now", "--data", path, "--now", "2024-12-27T10:10+01:00"],
                          ["validate", path], ["search", "--no-cache", "--data", path, "nothing-matches-this"]] {
            let result = try run(hallwayBinary, arguments, environment: isolated)
            #expect(Self.leaks(result.out).isEmpty && Self.leaks(result.err).isEmpty, "\(arguments): \(Self.leaks(result.out + result.err))")
            #expect(!result.out.isEmpty || !result.err.isEmpty)
        }
    }

    @Test func tsvFieldsHoldNoControlsButTheTabsBetweenThem() throws {
        let result = try run(hallwayBinary, ["search", "--no-cache", "--tsv", "--data", Self.file.path, "title"], environment: isolated)
        #expect(result.status == 0 && Self.leaks(result.out, allowing: ["\n", "\t"]).isEmpty)
        let rows = result.out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == 9 }, "a header and two hits, nine fields each")
    }

    @Test func jsonKeepsTheDataWithTheControlsEscaped() throws {
        let path = Self.file.path
        for arguments in [["search", "--no-cache", "--json", "--data", path, "title"], ["now", "--json", "--data", path, "--now", "2024-12-27T10:10+01:00"]] {
            let result = try run(hallwayBinary, arguments, environment: isolated)
            #expect(result.status == 0 && Self.leaks(result.out).isEmpty, "\(arguments): \(Self.leaks(result.out))")
            // A JSON reader still gets every character back.
            let parsed = try JSONSerialization.jsonObject(with: result.stdout)
            let title = ((parsed as? [[String: Any]])?.first?["title"]
                ?? ((parsed as? [String: Any])?["rooms"] as? [[String: Any]])?.first.flatMap { $0["now"] as? [String: Any] }?["title"]) as? String
            #expect(title == "Title 1 " + Self.evil, "\(arguments)")
        }
    }

    /// A calendar keeps joiners (emoji sequences need them); controls and bidi overrides go.
    @Test func theCalendarExport() throws {
        let result = try run(hallwayBinary, ["export", "ics", "--data", Self.file.path], environment: isolated)
        #expect(result.status == 0)
        let leaks = Self.leaks(result.out, allowing: ["\n", "\r", "\u{200D}"])
        #expect(leaks.isEmpty, "\(leaks)")
        #expect(result.out.contains("SUMMARY:Title 1 "))
    }
}

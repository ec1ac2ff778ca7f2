import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// The real schedule files in `../shared/fixtures/schedules/`, beside the repository.
enum RealSchedules {
    static func path(_ name: String) -> String { SharedFixtures.path(name) }

    static func read(_ name: String) throws -> LoadedSchedule {
        try ScheduleLoader.read(file: path(name))
    }
}

func instant(_ text: String) -> Date { ISOInstant.parse(text)! }

extension ScheduleIndex {
    func session(titled prefix: String) -> Session? { sessions.first { $0.displayTitle.hasPrefix(prefix) } }
    func speakerNames(_ session: Session) -> [String] { speakers(of: session).map(\.name) }
}

@Suite("Real frab, pretalx and schedule2 files")
struct RealScheduleTests {
    @Test func theCCC38C3XMLRoundTripsAKnownTalk() throws {
        let loaded = try RealSchedules.read("frab-38c3.xml")
        #expect(loaded.format == .frabXML)
        let index = ScheduleIndex(loaded.conference)
        #expect(index.sessions.count == 1007)
        #expect(loaded.conference.name == "38C3" && loaded.conference.timeZone.identifier == "Europe/Berlin")
        let talk = try #require(index.session(titled: "Beyond BLE: Cracking Open the Black-Box of RF Microcontrollers"))
        #expect(talk.id == "f1e929eb-5b85-563a-9c40-a489dd7913aa")
        #expect(index.room(of: talk)?.name == "Saal GLITCH")
        #expect(talk.start == instant("2024-12-29T14:45:00Z"))
        #expect(SessionTimeText.full(talk, conference: loaded.conference) == "Sun 29 Dec 2024, 15:45–16:25 Europe/Berlin")
        #expect(index.speakerNames(talk) == ["Adam Batori", "Robert Pafford"])
        #expect(talk.language == "en")
        #expect(index.track(id: talk.trackID!)?.name == "Hardware & Making")
        #expect(index.track(id: talk.trackID!)?.color == "#685B9D")
    }

    @Test func aTalkAfterMidnightStaysOnTheDayItIsListedUnder() throws {
        let loaded = try RealSchedules.read("frab-38c3.xml")
        let zone = loaded.conference.timeZone
        let night = loaded.conference.sessions.filter { session in
            guard let start = session.start, let day = session.day else { return false }
            return CivilDate(start, in: zone) == day.adding(days: 1)
        }
        #expect(!night.isEmpty, "38C3 runs past midnight; some talks start on the next calendar date")
        for session in night { #expect(session.day!.holds(session.start!, in: zone)) }
    }

    @Test func camp2019FrabJSON() throws {
        let loaded = try RealSchedules.read("frab-camp2019.json")
        #expect(loaded.format == .frabJSON)
        let index = ScheduleIndex(loaded.conference)
        #expect(index.sessions.count == 79)
        let talk = try #require(index.session(titled: "Hacking Containers and Kubernetes"))
        #expect(talk.id == "24b58c74-2bba-412e-84ac-c206f714f0b7")
        #expect(index.room(of: talk)?.name == "Curie")
        #expect(talk.start == instant("2019-08-21T11:00:00Z"))
        #expect(SessionTimeText.clock(talk, in: loaded.conference.timeZone) == "13:00–13:45")
        #expect(index.speakerNames(talk) == ["Thomas Fricke"])
        #expect(talk.subtitle == "Exploiting and protecting containers with a few lines of scripting")
        #expect(talk.typeName == "lecture" && talk.kind == .talk)
    }

    @Test func pretalxDemoConKeysOnGuidAndKeepsBiographies() throws {
        let loaded = try RealSchedules.read("pretalx-democon.json")
        let index = ScheduleIndex(loaded.conference)
        #expect(index.sessions.count == 36)
        let talk = try #require(index.session(titled: "Focused 5thgeneration hardware"))
        #expect(talk.id == "8079583e-8321-506c-95af-fd2903a5f075")
        #expect(index.room(of: talk)?.name == "Gray Room")
        #expect(talk.start == instant("2020-12-14T08:00:00Z"))
        let speaker = try #require(index.speakers(of: talk).first)
        #expect(speaker.name == "Brian Robinson")
        #expect(speaker.biography?.hasPrefix("Break through direction.") == true)
    }

    @Test func theSchedule2DraftReadsEventsParticipantsAndTrackReferences() throws {
        let loaded = try RealSchedules.read("hub-schedule2.json")
        #expect(loaded.format == .schedule2)
        let index = ScheduleIndex(loaded.conference)
        let opening = try #require(index.session(titled: "38C3: Opening Ceremony"))
        #expect(index.room(of: opening)?.name == "Saal 1")
        #expect(opening.start == instant("2024-12-27T09:30:00Z") && opening.end == instant("2024-12-27T10:00:00Z"))
        #expect(index.speakerNames(opening) == ["Gabriela Bogk", "Aline Blankertz"])
        #expect(index.speakers(of: opening).first?.biography?.contains("Gabriela") == true)
        #expect(index.track(id: opening.trackID!)?.name == "CCC")
        #expect(opening.links.contains { $0.kind == .slides })
    }

    @Test func theInvalidExampleIsRefusedWithEveryProblemLocated() {
        do throws(ScheduleLoadError) {
            _ = try ScheduleLoader.read(file: RealSchedules.path("invalid-example.json"))
            Issue.record("the invalid example loaded")
        } catch {
            let name = RealSchedules.path("invalid-example.json")
            #expect(error.diagnostics.map(\.description) == [
                "\(name): schedule.rooms: rooms belong under schedule.conference.rooms, not under schedule",
                "\(name): schedule.conference.days[0].rooms.Winterchaos[0].id: expected integer, found string",
                "\(name): schedule.conference.days[0].rooms.Winterchaos[0].persons[0].id: expected integer, found string",
            ])
        }
    }

    @Test func searchFindsByLanguageAcrossTheFile() throws {
        let engine = SearchEngine(ScheduleIndex(try RealSchedules.read("frab-camp2019.json").conference))
        let german = engine.search(SearchQuery("lang:de")).sessions.map { engine.index.sessions[$0.position] }
        #expect(!german.isEmpty && german.allSatisfy { $0.language == "de" })
        #expect(engine.search(SearchQuery("lang:deutsch")).sessions.count == german.count)
        let english = engine.search(SearchQuery("kubernetes lang:english")).sessions.map { engine.index.sessions[$0.position].displayTitle }
        #expect(english == ["Hacking Containers and Kubernetes"], "the title's trailing space in the file is trimmed")
        #expect(engine.search(SearchQuery("kubernetes lang:de")).sessions.isEmpty)
    }
}

/// A frab schedule.json with one day and the given events in one room.
func frabDocument(zone: String? = "\"Europe/Berlin\"", events: String) -> String {
    """
    {"schedule": {"version": "1", "conference": {"acronym": "demo", "title": "Demo", "start": "2024-05-01", "end": "2024-05-01",
      "daysCount": 1, "timeslot_duration": "00:05"\(zone.map { ", \"time_zone_name\": \($0)" } ?? ""),
      "days": [{"index": 1, "date": "2024-05-01", "day_start": "2024-05-01T06:00:00+02:00", "day_end": "2024-05-02T04:00:00+02:00",
        "rooms": {"Hall A": [\(events)]}}]}}}
    """
}

/// One frab event as JSON; `extra` holds raw JSON values that replace or add fields.
func frabEvent(id: Int = 1, guid: String = "g1", extra: [String: String] = [:], date: String? = "\"2024-05-01T10:00:00+02:00\"", start: String = "10:00") -> String {
    var fields: [(String, String)] = [
        ("id", "\(id)"), ("guid", "\"\(guid)\""), ("start", "\"\(start)\""), ("duration", "\"00:30\""), ("room", "\"Hall A\""),
        ("slug", "\"t\""), ("url", "\"https://example.org/t\""), ("title", "\"Talk \(guid)\""), ("subtitle", "\"\""), ("track", "null"),
        ("type", "\"talk\""), ("language", "\"en\""), ("abstract", "\"\""), ("description", "\"\""), ("persons", "[]"),
        ("links", "[]"), ("attachments", "[]"),
    ]
    if let date { fields.insert(("date", date), at: 2) }
    for (key, value) in extra.sorted(by: { $0.key < $1.key }) {
        if let existing = fields.firstIndex(where: { $0.0 == key }) { fields[existing].1 = value } else { fields.append((key, value)) }
    }
    return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
}

@Suite("What real frab and pretalx files do, tolerated")
struct FrabToleranceTests {
    func load(_ text: String) throws -> LoadedSchedule {
        try ScheduleLoader.read(data: Data(text.utf8), name: "demo.json")
    }

    @Test func aTalkGivenTwiceWithOneIDStaysTwoSessions() throws {
        let loaded = try load(frabDocument(events: frabEvent(id: 7, guid: "a") + "," + frabEvent(id: 7, guid: "b", date: "\"2024-05-01T11:00:00+02:00\"")))
        #expect(loaded.conference.sessions.map(\.id) == ["a", "b"])
    }

    @Test func aRepeatedGuidKeepsBothAndWarns() throws {
        let loaded = try load(frabDocument(events: frabEvent(guid: "a") + "," + frabEvent(id: 2, guid: "a", date: "\"2024-05-01T11:00:00+02:00\"")))
        #expect(loaded.conference.sessions.map(\.id) == ["a", "a#2"])
        #expect(loaded.warnings.map(\.description) == [
            "demo.json: schedule.conference.days[0].rooms[\"Hall A\"][1]: warning: the key \"a\" was used by an earlier event too; this one is kept as \"a#2\"",
        ])
    }

    @Test func startAsLocalClockWithoutADateUsesTheDayAndZone() throws {
        let loaded = try load(frabDocument(events: frabEvent(date: nil, start: "09:15")))
        #expect(loaded.conference.sessions.first?.start == instant("2024-05-01T07:15:00Z"))
        #expect(loaded.conference.sessions.first?.end == instant("2024-05-01T07:45:00Z"))
    }

    @Test func noZoneNameTakesTheOffsetOfTheDates() throws {
        let loaded = try load(frabDocument(zone: nil, events: frabEvent(date: "\"2024-05-01T10:00:00+05:30\"")))
        #expect(loaded.conference.timeZone.secondsFromGMT() == 19_800)
        #expect(SessionTimeText.clock(loaded.conference.sessions[0], in: loaded.conference.timeZone) == "10:00–10:30")
    }

    @Test func nullTracksBooleanOrStringRecordingFlagsAndLinksAsStrings() throws {
        let events = frabEvent(guid: "a", extra: ["do_not_record": "true", "links": #"["https://example.org/slides.pdf", {"url": "https://github.com/x/y", "title": "Code"}]"#])
            + "," + frabEvent(id: 2, guid: "b", extra: ["do_not_record": #""false""#], date: "\"2024-05-01T11:00:00+02:00\"")
        let loaded = try load(frabDocument(events: events))
        let (a, b) = (loaded.conference.sessions[0], loaded.conference.sessions[1])
        #expect(a.trackID == nil && a.recorded == false && b.recorded == true)
        #expect(a.links.map(\.kind) == [.schedule, .slides, .code])
    }

    @Test func descriptionsInHTMLAndMarkdownBecomeCleanText() throws {
        let html = #""<p>First &amp; <b>bold</b> para.</p><ul><li>one</li><li>two</li></ul>See <a href=\"https://example.org/x\">the page</a>.<script>alert(1)</script>""#
        let markdown = ###""## Heading\n\n* **Strong** point\n* a [link](https://example.org/m)""###
        let loaded = try load(frabDocument(events: frabEvent(extra: ["description": html, "abstract": markdown])))
        let session = loaded.conference.sessions[0]
        #expect(session.details == "First & bold para.\n\n• one\n• two\n\nSee the page (https://example.org/x).")
        #expect(session.summary == "Heading\n\n• Strong point\n• a link (https://example.org/m)")
    }

    @Test func aTalkAtHalfPastOneBelongsToTheDayItIsListedUnder() throws {
        let loaded = try load(frabDocument(events: frabEvent(date: "\"2024-05-02T01:30:00+02:00\"", start: "01:30")))
        #expect(loaded.conference.sessions[0].day == CivilDate(year: 2024, month: 5, day: 1))
        #expect(loaded.warnings.isEmpty)
        // The Hallway format's own check accepts the same night.
        let hallway = minimalDocument(sessions: session("a", start: #""2024-05-02T01:30+02:00""#, end: #""2024-05-02T02:00+02:00""#))
        #expect(loadErrors(hallway).isEmpty)
        let tooLate = minimalDocument(sessions: session("a", start: #""2024-05-02T13:30+02:00""#, end: #""2024-05-02T14:00+02:00""#))
        #expect(loadErrors(tooLate).count == 1)
    }

    @Test func roomOverlapsAreWarningsNotRefusals() throws {
        let loaded = try load(frabDocument(events: frabEvent(guid: "a") + "," + frabEvent(id: 2, guid: "b", date: "\"2024-05-01T10:15:00+02:00\"")))
        #expect(loaded.conference.sessions.count == 2)
        #expect(loaded.warnings.count == 1 && loaded.warnings[0].severity == .warning)
    }

    @Test func wrongFieldTypesAreLocatedByPath() {
        let broken = frabDocument(events: frabEvent(extra: ["persons": #"[{"id": 1}]"#, "duration": #""half an hour""#]))
        #expect(loadErrors(broken) == [
            #"demo.json: schedule.conference.days[0].rooms["Hall A"][0].duration: expected a duration as HH:MM, found "half an hour""#,
            #"demo.json: schedule.conference.days[0].rooms["Hall A"][0].persons[0]: a person needs a name or public_name"#,
        ])
    }
}

@Suite("frab XML: located errors, no entities")
struct FrabXMLSafetyTests {
    func errors(_ xml: String) -> [String] { loadErrors(xml, file: "s.xml") }

    @Test func externalEntitiesAreRefusedBeforeParsing() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [\n  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n]>\n<schedule>&secret;</schedule>"
        #expect(errors(xxe) == ["s.xml:2:1: a DOCTYPE declaration is refused: schedule files need none, and it is how external entities and entity bombs get in"])
    }

    @Test func anEntityBombIsRefusedAtOnce() {
        var bomb = "<?xml version=\"1.0\"?>\n<!-- laughs -->\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 { bomb += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">" }
        bomb += "]>\n<schedule>&lol9;</schedule>"
        let clock = ContinuousClock()
        let started = clock.now
        #expect(errors(bomb).first?.hasPrefix("s.xml:3:1: a DOCTYPE declaration is refused") == true)
        #expect(clock.now - started < .seconds(1))
    }

    @Test func anUndeclaredEntityIsALocatedSyntaxError() {
        let result = errors("<schedule>\n  <conference><title>&nope;</title></conference>\n</schedule>")
        #expect(result.count == 1 && result[0].hasPrefix("s.xml:2:") && result[0].contains("nope"))
    }

    /// A quirk of a real congress export: a line break before `<?xml …?>`. It is read, every
    /// line number stays true, and anything else before the declaration is still refused.
    @Test func whiteSpaceBeforeTheDeclarationIsReadAndLinesStayTrue() throws {
        let body = Self.badDate
        for lead in ["\n", "\r\n  \n", "\u{FEFF}\n"] {
            #expect(errors(lead + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body) == [
                #"s.xml:7:31: schedule/day[1]/room[1]/event[1]/date[1]: expected a date and time with an offset, e.g. 2024-12-27T10:30:00+01:00, found "yesterday""#,
            ].map { lead == "\r\n  \n" ? $0.replacingOccurrences(of: "s.xml:7:", with: "s.xml:8:") : $0 })
        }
        let good = "\n<?xml version=\"1.0\"?>\n" + body.replacingOccurrences(of: "<date>yesterday</date>", with: "<date>2024-05-01T10:00:00+02:00</date>")
        let loaded = try ScheduleLoader.read(data: Data(good.utf8), name: "s.xml")
        #expect(loaded.format == .frabXML && loaded.conference.sessions.count == 1)
        #expect(errors("x<?xml version=\"1.0\"?>\n" + body).count == 1, "only white space may come first")
    }

    @Test func brokenXMLNamesLineAndColumn() {
        #expect(errors("<schedule>\n<conference>\n</schedule>").first?.hasPrefix("s.xml:3:") == true)
    }

    /// A program whose one event has a date that is no date, on line 5.
    static let badDate = """
        <schedule>
          <conference><title>Demo</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
          <day date="2024-05-01" index="1">
            <room name="A">
              <event guid="g1" id="1"><date>yesterday</date><title>T</title><duration>00:30</duration></event>
            </room>
          </day>
        </schedule>
        """

    @Test func aBadFieldNamesItsElementPathAndLine() {
        #expect(errors(Self.badDate) == [#"s.xml:5:31: schedule/day[1]/room[1]/event[1]/date[1]: expected a date and time with an offset, e.g. 2024-12-27T10:30:00+01:00, found "yesterday""#])
    }
}

@Suite("libxml2 is opened when XML is read")
struct LibXML2LoadingTests {
    @Test func aMissingLibraryIsNamedWithTheWayToInstallIt() {
        guard case .failure(let failure) = LibXML2.open(["libhallway-no-such-library.so.2"]) else {
            Issue.record("opened a library that does not exist")
            return
        }
        #expect(failure.message == "reading frab XML needs libxml2, and libhallway-no-such-library.so.2 could not be loaded (Debian and Ubuntu: apt-get install libxml2)")
    }
}

@Suite("The JSON reader locates what it refuses")
struct JSONReaderTests {
    func failure(_ text: String) -> String? {
        do {
            _ = try JSONDocument.parse(Data(text.utf8), file: "f.json")
            return nil
        } catch {
            return error.diagnostics.first?.description
        }
    }

    @Test func refusals() {
        #expect(failure("") == "f.json:1:1: not valid JSON: the file is empty")
        #expect(failure("{\"a\": 1, \"a\": 2}") == "f.json:1:10: not valid JSON: duplicate key \"a\" in one object (JSON readers disagree on which one counts)")
        #expect(failure("[1, 2,]") == "f.json:1:7: not valid JSON: a trailing comma before ']' (JSON allows none)")
        #expect(failure("{\n\n\n  \"n\": 1e999}") == "f.json:4:8: not valid JSON: the number 1e999 is too large")
        #expect(failure("{\n  \"s\": \"\\udc00\"}") == "f.json:2:9: not valid JSON: \\udc00 is the second half of a surrogate pair with no first half")
        #expect(failure("{\n  \"s\": \"\\u12\"}") == "f.json:2:9: not valid JSON: \\u needs four hex digits")
        #expect(failure(String(repeating: "[", count: 600)) == "f.json:1:513: not valid JSON: nested more than 512 levels deep")
        #expect(failure("{\"s\": \"é\u{1}\"}") == "f.json:1:9: not valid JSON: a raw control character (byte 0x1) inside a string; write it as an escape")
    }

    /// Past 24 keys an object looks repeated keys up in a set; nested objects keep their own keys.
    @Test func repeatedKeysAreFoundInLargeAndNestedObjects() {
        let keys = (0..<30).map { "\"k\($0)\": \($0)" }
        let large = "{" + (keys + ["\"k3\": 99"]).joined(separator: ", ") + "}"
        #expect(failure(large)?.contains("duplicate key \"k3\"") == true)
        #expect(failure("{" + keys.joined(separator: ", ") + ", \"inner\": {\"k3\": 1, \"k29\": 2}}") == nil, "an inner object's keys are its own")
        #expect(failure("{\"a\": {\"b\": 1}, \"b\": {\"a\": 1, \"a\": 2}}") == "f.json:1:31: not valid JSON: duplicate key \"a\" in one object (JSON readers disagree on which one counts)")
        // Plain keys are read once and shared; an escaped spelling of one is still the same key.
        #expect(failure("{\"a\": 1, \"\\u0061\": 2}")?.contains("duplicate key \"a\"") == true)
    }

    @Test func keysInEveryFormAreRead() throws {
        let tape = try JSONDocument.tape(Data(#"[{"id": 1, "名前": 2, "a\"b": 3}, {"id": 4, "名前": 5, "a\"b": 6}]"#.utf8), file: "f.json")
        for object in tape.children(of: 0) {
            #expect(tape.keys(of: object) == ["id", "名前", "a\"b"])
        }
        #expect(tape.field("名前", in: tape.children(of: 0)[1]).flatMap(tape.number) == 5)
    }

    /// The tape keeps every value where it was written: containers say where they end, so a reader
    /// steps over a field without visiting it.
    @Test func theTapeFindsFieldsPastNestedValues() throws {
        let tape = try JSONDocument.tape(Data(#"{"a": [1, {"x": [2, 3]}, "s"], "b": {"c": null}, "d": "last"}"#.utf8), file: "f.json")
        #expect(tape.keys(of: 0) == ["a", "b", "d"])
        let d = try #require(tape.field("d", in: 0))
        #expect(tape.string(d) == "last")
        let a = try #require(tape.field("a", in: 0))
        #expect(tape.children(of: a).map { tape.kind($0) } == [.number, .object, .string])
        #expect(tape.field("c", in: try #require(tape.field("b", in: 0))).map { tape.kind($0) } == .null)
        #expect(tape.field("x", in: 0) == nil, "only the object's own fields")
    }

    /// Strings are read eight bytes at a time until a word may hold a quote, a backslash or a
    /// control character: whatever the byte's place in the string (the first, last or any in
    /// between of a word), it must be found, and the text around it kept.
    @Test func everyPlaceInAStringIsReadTheSame() throws {
        for length in 0..<20 {
            let plain = String((0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            for place in 0...length {
                let head = String(plain.prefix(place)), tail = String(plain.dropFirst(place))
                let value = try JSONDocument.parse(Data("[\"\(head)\\n\(tail)\", \"\(head)é\(tail)\", \"\(plain)\"]".utf8), file: "f.json")
                #expect(value == .array([.string(head + "\n" + tail), .string(head + "é" + tail), .string(plain)]), "\(length) at \(place)")
                let control = failure("[\"\(head)\u{1}\(tail)\"]")
                #expect(control == "f.json:1:\(3 + place): not valid JSON: a raw control character (byte 0x1) inside a string; write it as an escape")
                var broken = Array("[\"\(plain)\"]".utf8)
                broken.insert(0xFF, at: 2 + place)
                let invalid: String? = {
                    do { _ = try JSONDocument.parse(Data(broken), file: "f.json"); return nil } catch let error as ScheduleLoadError {
                        return error.diagnostics.first?.description
                    } catch { return "\(error)" }
                }()
                #expect(invalid == "f.json:1:\(3 + place): not valid JSON: invalid UTF-8 in a string", "0xFF at \(place) of \(length)")
            }
        }
    }

    @Test func readsWhatJSONAllows() throws {
        let value = try JSONDocument.parse(Data("\u{FEFF}{\"a\": [true, false, null, -1.5e2, \"\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}}".utf8), file: "f.json")
        #expect(value == .object(["a": .array([.bool(true), .bool(false), .null, .number(-150), .string("é😀\n")]), "b": .object([:])]))
    }
}

@Suite("Rich text from schedule files")
struct RichTextTests {
    @Test func leavesPlainProseAlone() {
        #expect(RichText.plain("a < b and snake_case * 2") == "a < b and snake_case * 2")
        #expect(RichText.plain("C++ &amp; Rust") == "C++ & Rust")
    }

    @Test func entitiesAndBreaks() {
        #expect(RichText.plain("Line one<br/>Line two&nbsp;&#8212;&#x263A;") == "Line one\nLine two —☺")
    }
}

/// HTML's tags are read on bytes; they must read as the scalar-at-a-time walk they replaced,
/// kept here as the oracle, on any mix of tags, text, references and characters beyond ASCII.
@Suite("HTML read on bytes")
struct HTMLOnBytesTests {
    static func walked(_ html: String) -> String {
        var output = ""
        var scalars = html.unicodeScalars[...]
        var skipping: String?
        var closesLeft = true
        while let scalar = scalars.first {
            let close = scalar == "<" && closesLeft ? scalars.firstIndex(of: ">") : nil
            if scalar == "<", close == nil { closesLeft = false }
            guard scalar == "<", let close else {
                if skipping == nil { output.unicodeScalars.append(scalar) }
                scalars = scalars.dropFirst()
                continue
            }
            let inside = String(scalars[scalars.index(after: scalars.startIndex)..<close])
            scalars = scalars[scalars.index(after: close)...]
            let closing = inside.hasPrefix("/")
            let name = inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if let hidden = skipping {
                if closing, name == hidden { skipping = nil }
                continue
            }
            switch name {
            case "script" where !closing, "style" where !closing: skipping = name
            case "li" where !closing: output += "\n• "
            case "a" where !closing:
                if let href = inside.range(of: "href=").map({ inside[$0.upperBound...] }).flatMap({ rest -> String? in
                    guard let quote = rest.first, quote == "\"" || quote == "'" else { return String(rest.prefix { !$0.isWhitespace && $0 != ">" }) }
                    return String(rest.dropFirst().prefix { $0 != quote })
                }), href.hasPrefix("http") { output += "\u{0}HREF\(href)\u{0}" }
            case "a": output += "\u{0}END\u{0}"
            default:
                if ["p", "div", "br", "tr", "ul", "ol", "table", "blockquote", "pre", "section", "article", "h1", "h2", "h3", "h4", "h5",
                    "h6", "hr"].contains(name) { output += name == "br" ? "\n" : "\n\n" }
            }
        }
        return output
    }

    @Test func htmlReadsAsTheScalarWalk() {
        let pieces = ["<p>", "</P>", "<br/>", "<BR>", "<a href=\"https://example.org/x\">", "<a href='http://e.org'>", "<a name=x>", "</a>",
                      "<script>", "</script>", "<STYLE>", "</style>", "<li>", "<ul>", "<", ">", "&amp;", "&lt;", "text ", "中文", "é",
                      "<h2 class=x>", "<p\u{301}>", "<p→>", "<→p>", "<//div>", "<!-- c -->", "<h7>", "<tr/>", "\n", "<Ṕ>", "<li\u{3000}>"]
        var random = SplitMix64(seed: 11)
        for _ in 0..<3_000 {
            let count = Int(random.next() % 14)
            let html = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(RichText.tagsAsText(html) == Self.walked(html), "\(html.debugDescription)")
        }
    }
}

@Suite("Zones as people write them")
struct ZoneNameTests {
    @Test func utcAndFixedOffsetsReadAsUTC() {
        #expect(Zone(identifier: "UTC")!.displayName == "UTC")
        #expect(Zone(identifier: "Europe/Berlin")!.displayName == "Europe/Berlin")
        #expect(Zone(secondsFromGMT: 19_800)!.displayName == "UTC+05:30")
        #expect(Zone(secondsFromGMT: -3 * 3600)!.displayName == "UTC-03:00")
    }
}

@Suite("Rich text that is built to be slow")
struct RichTextHostileTests {
    @Test func manyOpeningBracketsWithNoClosingOneAfterThem() {
        let text = ">" + String(repeating: "<a", count: 100_000)
        #expect(RichText.plain(text) == text)
    }
}

/// Quirks of real exports (issue 22), each in a small file written from its description.
@Suite("Quirks of real files")
struct RealFileQuirkTests {
    /// A merged congress export: wiki-sourced people all carry `id="0"`, and its day containers
    /// are rooms no event is in (the events name their own).
    static let mergedCongress = """
        <?xml version="1.0" encoding="UTF-8"?>
        <schedule>
          <conference><title>Merged Congress</title><acronym>mc</acronym><time_zone_name>Europe/Berlin</time_zone_name></conference>
          <day date="2024-12-27" index="1">
            <room name="Everything">
              <event guid="a1" id="1"><date>2024-12-27T11:00:00+01:00</date><room>Borg</room><title>Lightning one</title><duration>00:05</duration>
                <persons><person id="0">TW</person><person id="0">Alice Example</person><person id="0">tw</person></persons></event>
              <event guid="a2" id="2"><date>2024-12-27T11:05:00+01:00</date><room>Borg</room><title>Lightning two</title><duration>00:05</duration>
                <persons><person id="0">Bob Beispiel</person><person id="7">Alice Example</person></persons></event>
              <event guid="a3" id="3"><date>2024-12-27T12:00:00+01:00</date><room>Saal 1</room><title>Keynote</title><duration>00:40</duration>
                <persons><person id="9">Carol</person><person id="9">Carol</person></persons></event>
            </room>
            <room name="Empty hall"></room>
          </day>
        </schedule>
        """

    @Test func anIdThatNamesDifferentPeopleIsNotAnIdentity() throws {
        let loaded = try ScheduleLoader.read(data: Data(Self.mergedCongress.utf8), name: "merged.xml")
        let index = ScheduleIndex(loaded.conference)
        let one = try #require(index.session(titled: "Lightning one"))
        #expect(index.speakerNames(one) == ["TW", "Alice Example"], "TW and tw are one person; Alice is another")
        let two = try #require(index.session(titled: "Lightning two"))
        #expect(index.speakerNames(two) == ["Bob Beispiel", "Alice Example"])
        #expect(Set(two.speakerIDs).isDisjoint(with: one.speakerIDs), "Alice under id 7 is not assumed to be Alice under id 0")
        let keynote = try #require(index.session(titled: "Keynote"))
        #expect(index.speakerNames(keynote) == ["Carol"], "a person listed twice is named once")
        #expect(loaded.warnings.filter { $0.message.hasPrefix("the person id \"0\" is given to people with different names") }.count == 1)
        let engine = SearchEngine(index)
        #expect(engine.search(SearchQuery("speaker:bob")).sessions.map { index.sessions[$0.position].displayTitle } == ["Lightning two"])
    }

    /// A pentabarf export (a DebConf's) whose day containers are UTC dates for a venue in
    /// Asia/Kolkata: each session is on the venue's date of its start, the night rule kept, and
    /// the disagreement is told once.
    @Test func daysAreTheVenuesDatesWhateverTheContainersSay() throws {
        func event(_ id: Int, _ date: String, _ title: String) -> String {
            "<event guid=\"g\(id)\" id=\"\(id)\"><date>\(date)</date><room>Hall</room><title>\(title)</title><duration>00:30</duration></event>"
        }
        let xml = """
            <?xml version="1.0"?>
            <schedule><conference><title>DebConf-like</title><time_zone_name>Asia/Kolkata</time_zone_name></conference>
            <day date="2023-09-09" index="1"><room name="Hall">
            \(event(1, "2023-09-10T07:00:00+05:30", "Breakfast"))
            \(event(2, "2023-09-10T03:00:00+05:30", "Late hacking"))
            </room></day>
            <day date="2023-09-10" index="2"><room name="Hall">
            \(event(3, "2023-09-11T01:30:00+05:30", "After midnight"))
            \(event(4, "2023-09-10T10:00:00+05:30", "Morning talk"))
            </room></day>
            </schedule>
            """
        let loaded = try ScheduleLoader.read(data: Data(xml.utf8), name: "debconf.xml")
        let days = Dictionary(uniqueKeysWithValues: loaded.conference.sessions.map { ($0.displayTitle, $0.day!.description) })
        #expect(days == ["Breakfast": "2023-09-10", "Late hacking": "2023-09-09", "After midnight": "2023-09-10", "Morning talk": "2023-09-10"])
        #expect(loaded.conference.days.map(\.description) == ["2023-09-09", "2023-09-10"])
        let told = loaded.warnings.filter { $0.message.hasPrefix("the file's days disagree with its times") }
        #expect(told.count == 1 && told[0].message.contains("\"Breakfast\" is listed under 2023-09-09 but starts 2023-09-10 07:00"), "\(told)")
        for session in loaded.conference.sessions {
            #expect(SessionDay.of(start: session.start, listed: nil, in: loaded.conference.timeZone) == session.day, "the invariant: \(session.displayTitle)")
        }
    }

    /// A FOSDEM-style export names no zone and writes clock times only: they are venue wall
    /// times, shown as written with the zone said to be unknown, and --venue-tz names the zone
    /// without shifting them (issue 22, item 3).
    @Test func wallTimesWithoutAZoneAreShownAsWrittenAndVenueTzNamesTheirZone() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <schedule><conference><title>FOSDEM-like</title><start>2021-02-06</start></conference>
            <day index="1" date="2021-02-06"><room name="D.9am">
            <event id="11648"><start>09:00</start><duration>00:25</duration><room>D.9am</room><title>Welcome</title></event>
            </room></day></schedule>
            """
        let floating = try ScheduleLoader.read(data: Data(xml.utf8), name: "fosdem.xml")
        let session = try #require(floating.conference.sessions.first)
        #expect(!floating.conference.timeZoneIsKnown)
        #expect(SessionTimeText.clock(session, in: floating.conference.timeZone) == "09:00–09:25", "as written")
        #expect(floating.warnings.contains { $0.message.hasPrefix("the file names no time zone and its times carry no offset") })
        let brussels = Zone(identifier: "Europe/Brussels")!
        let named = try ScheduleLoader.read(data: Data(xml.utf8), name: "fosdem.xml", venueZone: brussels)
        let placed = try #require(named.conference.sessions.first)
        #expect(named.conference.timeZoneIsKnown && named.conference.timeZone == brussels)
        #expect(placed.start == ISOInstant.parse("2021-02-06T08:00:00Z"), "09:00 in Brussels, not 09:00 UTC shifted to 10:00")
        #expect(SessionTimeText.clock(placed, in: brussels) == "09:00–09:25")
        #expect(!named.warnings.contains { $0.message.contains("names no time zone") })
    }

    /// pentabarf's clock times before its `<day_change>` are the night after the day they are
    /// listed under; with no day change they are that day's.
    @Test func aClockTimeBeforeTheDayChangeIsTheNightAfter() throws {
        func load(dayChange: String?) throws -> [Date?] {
            let xml = """
                <?xml version="1.0"?>
                <schedule><conference><title>Night</title><time_zone_name>Europe/Berlin</time_zone_name>\(dayChange.map { "<day_change>\($0)</day_change>" } ?? "")</conference>
                <day index="1" date="2019-12-27"><room name="Saal">
                <event id="1"><start>23:30</start><duration>00:30</duration><room>Saal</room><title>Late</title></event>
                <event id="2"><start>00:30</start><duration>00:30</duration><room>Saal</room><title>After midnight</title></event>
                </room></day></schedule>
                """
            return try ScheduleLoader.read(data: Data(xml.utf8), name: "night.xml").conference.sessions.map(\.start)
        }
        #expect(try load(dayChange: "04:00:00") == [ISOInstant.parse("2019-12-27T23:30:00+01:00"), ISOInstant.parse("2019-12-28T00:30:00+01:00")])
        #expect(try load(dayChange: nil)[1] == ISOInstant.parse("2019-12-27T00:30:00+01:00"))
    }

    @Test func roomsWithoutSessionsAreNotRooms() throws {
        let conference = try ScheduleLoader.read(data: Data(Self.mergedCongress.utf8), name: "merged.xml").conference
        #expect(conference.rooms.map(\.name) == ["Borg", "Saal 1"])
    }
}

@Suite("Invariants of every program")
struct ProgramInvariantTests {
    /// Each rule fires on a program that breaks it (so a file that passes has been checked).
    @Test func eachBrokenRuleIsNamed() {
        let kolkata = Zone(identifier: "Asia/Kolkata")!
        let day = CivilDate(year: 2023, month: 9, day: 9)
        let conference = Conference(
            id: "broken", name: "Broken", days: [day], timeZone: kolkata,
            rooms: [Room(id: "hall", name: "Hall"), Room(id: "empty", name: "Empty")],
            speakers: [Speaker(id: "a", name: "Ada")],
            sessions: [
                Session(id: "wrong-day", titles: [SourcedTitle(language: "en", text: "Breakfast")], day: day,
                        start: ISOInstant.parse("2023-09-10T07:00:00+05:30"), roomID: "hall", speakerIDs: ["a", "a"]),
            ])
        let broken = ProgramInvariants.check(ScheduleIndex(conference))
        #expect(broken == [
            "session \"wrong-day\" is on 2023-09-09 but starts 2023-09-10 07:00 in the venue's zone",
            "session \"wrong-day\" names one speaker twice",
            "room \"Empty\" has no session",
        ])
    }

    @Test func theRealFixturesHoldThem() throws {
        for name in ["frab-38c3.xml", "frab-camp2019.json", "pretalx-democon.json", "hub-schedule2.json", "ics-moca2024.ics", "ics-pyconuk2015.ics"] {
            let index = ScheduleIndex(try RealSchedules.read(name).conference)
            #expect(ProgramInvariants.check(index) == [], "\(name)")
        }
    }
}

/// A description is kept as the file wrote it and made clean text only when read (issue 25): the
/// same text as converting at load, the same through a snapshot, and nothing when it repeats the abstract.
@Suite("Descriptions made clean when read")
struct LazyDescriptionTests {
    @Test func aDescriptionReadsAsCleanTextAndSurvivesTheSnapshot() throws {
        let path = RealSchedules.path("frab-camp2019.json")
        let loaded = try RealSchedules.read("frab-camp2019.json")
        let described = loaded.conference.sessions.filter { $0.detailsMarkup != nil }
        #expect(described.count > 20, "the camp's descriptions are left as written")
        for session in described {
            let plain = RichText.plain(session.detailsMarkup!.string)
            #expect(session.details == (plain.isEmpty || plain == session.summary ? nil : plain))
        }
        #expect(described.contains { $0.detailsMarkup!.string.contains("**") || $0.detailsMarkup!.string.contains("\n- ") }, "some hold Markdown")
        // Read from a file, a long description stays in it until shown, and reads as the one
        // read from the same bytes in memory (escapes and all).
        #expect(described.filter { $0.detailsMarkup!.isStored }.count > 20)
        #expect(described.allSatisfy { $0.detailsMarkup!.isStored == ($0.detailsMarkup!.byteCountUpperBound >= 128) })
        let inMemory = try ScheduleLoader.read(data: Data(contentsOf: URL(fileURLWithPath: path)), name: "camp.json").conference
        #expect(!inMemory.sessions.contains { $0.detailsMarkup?.isStored == true })
        #expect(inMemory.sessions.map { $0.detailsMarkup?.string } == loaded.conference.sessions.map { $0.detailsMarkup?.string })
        #expect(inMemory.sessions.map(\.details) == loaded.conference.sessions.map(\.details))
        #expect(described.allSatisfy { !($0.details ?? "").contains("**") })

        let folder = Scratch.path("lazy-descriptions")
        let cache = folder.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("camp.json")
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        _ = try ProgramSnapshot.engine(for: copy.path, directory: cache)
        let written = try #require(try FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: nil).first)
        let identity = try #require(ProgramSnapshot.identity(of: copy.path))
        let restored = try #require(ProgramSnapshot.read(written, expecting: identity)).index.conference
        // The snapshot holds the index's program, whose sessions are in program order.
        let inProgramOrder = ScheduleIndex(loaded.conference).sessions
        #expect(restored.sessions.map(\.details) == inProgramOrder.map(\.details))
        #expect(restored.sessions == inProgramOrder)
    }

    @Test func aDescriptionThatRepeatsTheAbstractIsNotShownTwice() throws {
        let json = """
            {"schedule": {"version": "1", "conference": {"acronym": "d", "title": "D", "start": "2025-01-01", "end": "2025-01-01", "daysCount": 1,
              "time_zone_name": "Europe/Berlin", "days": [{"index": 1, "date": "2025-01-01", "day_start": "2025-01-01T09:00:00+01:00",
              "day_end": "2025-01-01T18:00:00+01:00", "rooms": {"A": [
                {"guid": "a0000000-0000-4000-8000-000000000001", "id": 1, "date": "2025-01-01T10:00:00+01:00", "start": "10:00", "duration": "00:30",
                 "room": "A", "title": "Same", "type": "talk", "language": "en", "abstract": "One **line**.", "description": "<p>One <b>line</b>.</p>",
                 "persons": [], "links": [], "attachments": []},
                {"guid": "a0000000-0000-4000-8000-000000000002", "id": 2, "date": "2025-01-01T11:00:00+01:00", "start": "11:00", "duration": "00:30",
                 "room": "A", "title": "Other", "type": "talk", "language": "en", "abstract": "Short.", "description": "<p>Longer &amp; <i>more</i>.</p>",
                 "persons": [], "links": [], "attachments": []}]}}]}}}
            """
        let index = ScheduleIndex(try ScheduleLoader.read(data: Data(json.utf8), name: "d.json").conference)
        #expect(index.session(titled: "Same")?.details == nil)
        #expect(index.session(titled: "Other")?.details == "Longer & more.")
    }
}

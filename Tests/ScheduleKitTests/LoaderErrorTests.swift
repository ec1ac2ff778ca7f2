import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// A small valid document; each test breaks one thing and checks the located error.
func minimalDocument(sessions: String = "", speakers: String? = nil, rooms: String = "", extraTop: String = "") -> String {
    let speakerList = speakers ?? #"{"id": "ada", "name": "Ada", "sources": ["S1"]}"#
    return """
    {
      "format": "hallway-schedule",
      "version": 1,\(extraTop)
      "conference": {"id": "demo", "name": "Demo", "days": ["2024-05-01"], "timeZone": "Europe/Berlin"},
      "sources": [{"id": "S1", "title": "Program", "url": null}],
      "tracks": [{"id": "main", "name": "Main"}],
      "topics": [{"id": "swift", "name": "Swift"}],
      "rooms": [\(rooms)],
      "speakers": [\(speakerList)],
      "sessions": [\(sessions)]
    }
    """
}

func session(_ id: String, speakers: String = #"["ada"]"#, start: String = "null", end: String = "null", room: String = "null", title: String = #""A talk""#) -> String {
    """
    {"id": "\(id)", "kind": "talk", "titles": [{"lang": "en", "text": \(title), "certainty": "confirmed", "sources": ["S1"]}],
     "day": "2024-05-01", "start": \(start), "end": \(end), "room": \(room), "track": "main", "topics": ["swift"],
     "speakers": \(speakers), "sources": ["S1"]}
    """
}

func loadErrors(_ text: String, file: String = "demo.json") -> [String] {
    do {
        _ = try ScheduleLoader.load(data: Data(text.utf8), name: file)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

@Suite("Loading reports every problem with its location")
struct LoaderErrorTests {
    @Test func aValidDocumentLoads() throws {
        let conference = try ScheduleLoader.load(data: Data(minimalDocument(sessions: session("a")).utf8), name: "demo.json")
        #expect(conference.sessions.map(\.id) == ["a"])
    }

    @Test func aSyntaxErrorNamesFileLineAndColumn() {
        let text = "{\n  \"format\": \"hallway-schedule\",\n  \"version\": 1,,\n}"
        #expect(loadErrors(text) == ["demo.json:3:16: not valid JSON: unexpected ',' where a key in quotes should be"])
    }

    @Test func columnsCountCharactersNotBytes() {
        let text = "{\"名前\": [1, 2,, 3]}"
        #expect(loadErrors(text).first?.hasPrefix("demo.json:1:14:") == true, "\(loadErrors(text))")
    }

    @Test func aTruncatedFileIsLocatedAtItsEnd() {
        let errors = loadErrors("{\n  \"format\": \"hallway-sche")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("demo.json:2:") == true, "\(errors)")
    }

    @Test func aWrongTypeNamesItsJSONPath() {
        let errors = loadErrors(minimalDocument(sessions: session("a", title: "42")))
        #expect(errors == ["demo.json: sessions[0].titles[0].text: expected string, found number"])
    }

    @Test func aMissingFieldNamesItsJSONPath() {
        let broken = minimalDocument(sessions: session("a")).replacingOccurrences(of: #""kind": "talk", "#, with: "")
        #expect(loadErrors(broken) == ["demo.json: sessions[0].kind: missing required field"])
    }

    @Test func anUnknownSpeakerIsReportedAtTheReference() {
        let errors = loadErrors(minimalDocument(sessions: session("a") + "," + session("b", speakers: #"["ada", "bob"]"#)))
        #expect(errors == [#"demo.json: sessions[1].speakers[1]: unknown speaker "bob""#])
    }

    @Test func duplicateIdsNameTheFirstOccurrence() {
        let errors = loadErrors(minimalDocument(sessions: session("a") + "," + session("a")))
        #expect(errors == [#"demo.json: sessions[1].id: duplicate session id "a" (first at sessions[0])"#])
    }

    @Test func anEndBeforeItsStartIsReported() {
        let errors = loadErrors(minimalDocument(sessions: session("a", start: #""2024-05-01T10:00+02:00""#, end: #""2024-05-01T09:00+02:00""#)))
        #expect(errors == ["demo.json: sessions[0].end: ends at or before it starts"])
    }

    @Test func twoSessionsInOneRoomAtOnceAreReported() {
        let rooms = #"{"id": "hall-1", "name": "Hall 1"}"#
        let sessions = [
            session("a", start: #""2024-05-01T10:00+02:00""#, end: #""2024-05-01T11:00+02:00""#, room: #""hall-1""#),
            session("b", start: #""2024-05-01T10:30+02:00""#, end: #""2024-05-01T11:30+02:00""#, room: #""hall-1""#),
            session("c", start: #""2024-05-01T11:30+02:00""#, end: #""2024-05-01T12:00+02:00""#, room: #""hall-1""#),
        ].joined(separator: ",")
        let errors = loadErrors(minimalDocument(sessions: sessions, rooms: rooms))
        #expect(errors == [#"demo.json: sessions[1].start: overlaps "a" (sessions[0]) in room "hall-1""#])
    }

    @Test func everyProblemIsReportedInOneRun() {
        let rooms = #"{"id": "hall-1", "name": "Hall 1"}"#
        let sessions = [
            session("a", speakers: #"["nobody"]"#),
            session("a", title: "42"),
            session("c", start: #""2024-05-01T10:00+02:00""#, end: #""2024-05-01T09:00+02:00""#),
            session("d", start: #""2024-05-01T10:00+02:00""#, end: #""2024-05-01T11:00+02:00""#, room: #""hall-1""#),
            session("e", start: #""2024-05-01T10:00+02:00""#, end: #""2024-05-01T11:00+02:00""#, room: #""hall-1""#),
        ].joined(separator: ",")
        let errors = loadErrors(minimalDocument(sessions: sessions, rooms: rooms))
        #expect(errors.count == 5, "\(errors)")
        #expect(errors.contains { $0.contains("sessions[0].speakers[0]: unknown speaker") })
        #expect(errors.contains { $0.contains("sessions[1].titles[0].text: expected string") })
        #expect(errors.contains { $0.contains("sessions[1].id: duplicate session id") })
        #expect(errors.contains { $0.contains("sessions[2].end: ends at or before it starts") })
        #expect(errors.contains { $0.contains("sessions[4].start: overlaps") })
    }

    @Test func anUnknownFieldIsReportedAsATypo() {
        let broken = minimalDocument(sessions: session("a").replacingOccurrences(of: #""kind""#, with: #""knd": "x", "kind""#))
        #expect(loadErrors(broken) == ["demo.json: sessions[0].knd: unknown field"])
    }

    @Test func aSessionNeedsStartEndAndRoomEvenWhenUnknown() {
        let broken = minimalDocument(sessions: session("a").replacingOccurrences(of: #""room": null, "#, with: ""))
        #expect(loadErrors(broken) == ["demo.json: sessions[0].room: missing required field (use null when it was not published)"])
    }

    @Test func aNewerVersionIsRefusedByName() {
        let newer = minimalDocument(sessions: session("a")).replacingOccurrences(of: #""version": 1"#, with: #""version": 2"#)
        #expect(loadErrors(newer) == ["demo.json: version: version 2 is not supported; this Hallway reads version 1"])
    }

    @Test func aFrabFileIsReadAsFrabAndItsGapsAreLocated() {
        let errors = loadErrors(#"{"schedule": {"version": "1", "conference": {}}}"#)
        #expect(errors == ["demo.json: schedule.conference.title: missing required field",
                           "demo.json: schedule.conference.days: missing required field"])
    }

    @Test func escapeBytesInBadValuesNeverReachTheMessage() {
        let hostile = minimalDocument(sessions: session("a", speakers: #"["\u001b[2J\u202eevil"]"#))
        let errors = loadErrors(hostile, file: "bad\u{1B}name.json")
        #expect(errors.count == 1)
        let text = errors.joined()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x9B })
        #expect(text.contains(#"\u001b[2J\u202eevil"#))
        #expect(text.hasPrefix(#"bad\u001bname.json: "#))
    }

    /// A key is written bare only when it is ASCII letters, digits, `_` or `$` and does not
    /// start with a digit; anything else (a room's name, a Chinese key) is quoted.
    @Test func pathsQuoteEveryKeyThatIsNoPlainIdentifier() {
        let keys = ["schedule", "_x", "$ref", "a1", "1a", "Hall A", "Räume", "éabc", "会议", "", "a-b", "Z9_$"]
        let written = keys.map { JSONPath.root.appending("s").appending($0).description }
        #expect(written == ["s.schedule", "s._x", "s.$ref", "s.a1", #"s["1a"]"#, #"s["Hall A"]"#, #"s["Räume"]"#,
                            #"s["éabc"]"#, #"s["会议"]"#, #"s[""]"#, #"s["a-b"]"#, "s.Z9_$"])
    }
}

@Suite("Reading files refuses what could hurt")
struct FileLimitTests {
    let directory = Scratch.path("tests")

    @Test func aMissingFileSaysSo() {
        #expect(throws: ScheduleLoadError.self) { try ScheduleLoader.load(file: "/nonexistent/program.json") }
        do { _ = try ScheduleLoader.load(file: "/nonexistent/program.json") } catch {
            #expect(error.description == "/nonexistent/program.json: no such file or directory")
        }
    }

    /// A node of the test's own (the machine's /dev is never used): /dev/zero's numbers.
    @Test(.enabled(if: geteuid() == 0, "mknod needs root"))
    func aDeviceIsNotReadFromForever() {
        let zero = Scratch.path("zero").path
        #expect(mknod(zero, S_IFCHR | 0o666, dev_t((1 << 8) | 5)) == 0)
        do { _ = try ScheduleLoader.load(file: zero); Issue.record("loaded a device") } catch {
            #expect(error.description == "\(zero): is a character device, not a schedule file")
        }
    }

    /// `--data <(curl …)`: a pipe is read whole, up to the cap, then read as any schedule.
    @Test func aPipeIsReadWholeAndOverTheCapIsRefused() throws {
        let fifo = Scratch.path("program.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let program = try Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path("pretalx-democon.json")))
        let writer = Thread {
            let descriptor = open(fifo, O_WRONLY)
            _ = program.withUnsafeBytes { writeEverything($0, to: descriptor) }
            close(descriptor)
        }
        writer.start()
        let loaded = try ScheduleLoader.read(file: fifo)
        #expect(loaded.format == .frabJSON && loaded.conference.sessions.count == 36)

        // The reader stops at the cap; the writer then meets a closed pipe, which must not end the tests.
        signal(SIGPIPE, SIG_IGN)
        let overflowing = Thread {
            let descriptor = open(fifo, O_WRONLY)
            let chunk = [UInt8](repeating: 0x20, count: 1 << 20)
            for _ in 0..<3 where chunk.withUnsafeBytes({ writeEverything($0, to: descriptor) }) == nil {}
            close(descriptor)
        }
        overflowing.start()
        do { _ = try ScheduleLoader.read(file: fifo, maximumSize: 1 << 20); Issue.record("read past the cap") } catch {
            #expect(error.description.hasSuffix("gave more than 1 MiB; schedules over 1 MiB are refused (raise the cap with --max-file-size)"))
        }
    }

    @Test func aDirectoryIsNamedAsSuch() {
        do { _ = try ScheduleLoader.load(file: "/tmp"); Issue.record("loaded a directory") } catch {
            #expect(error.description == "/tmp: is a directory, not a schedule file")
        }
    }

    @Test func anOversizedFileIsRefusedWithoutBeingRead() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ScheduleLoader.maximumFileSize + 1))
        try handle.close()
        do { _ = try ScheduleLoader.load(file: path); Issue.record("loaded an oversized file") } catch {
            #expect(error.description.contains("over 32 MiB are refused (raise the cap with --max-file-size)"))
        }
    }

    @Test func deepNestingFailsCleanly() {
        for depth in [511, 512, 513, 100_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let errors = loadErrors(text)
            #expect(errors.count == 1, "depth \(depth): \(errors)")
        }
    }
}

/// Syntax errors in the real, indented bundled file are placed at their true line and column,
/// with the reason: a value edited on line 4 (`"version": 1`) or line 7 (the conference's name).
@Suite("Errors in the bundled file are located where they are")
struct BundledFileLocationTests {
    static let original = try! String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/istiocon-china-2023.json").path, encoding: .utf8)

    func errors(replacing old: String, with new: String) -> [String] {
        let edited = Self.original.replacingOccurrences(of: old, with: new)
        precondition(edited != Self.original)
        do {
            _ = try ScheduleLoader.load(data: Data(edited.utf8), name: "bundled.json")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test(arguments: [
        ("\"version\": 1", "\"version\": 1e999", "bundled.json:4:14: not valid JSON: the number 1e999 is too large"),
        ("\"version\": 1", "\"version\": " + String(repeating: "9", count: 400), "bundled.json:4:14: not valid JSON: the number 999"),
        ("\"name\": \"IstioCon China 2023\"", "\"name\": \"Istio\\udc00Con\"", "bundled.json:7:19: not valid JSON: \\udc00 is the second half of a surrogate pair"),
        ("\"name\": \"IstioCon China 2023\"", "\"name\": \"Istio\\u12\"", "bundled.json:7:19: not valid JSON: \\u needs four hex digits"),
    ])
    func aBrokenValueIsReportedOnItsLine(_ old: String, _ new: String, _ expected: String) {
        let found = errors(replacing: old, with: new)
        #expect(found.count == 1 && found[0].hasPrefix(expected), "\(found)")
    }

    @Test func loneSurrogatesAndShortEscapesSayWhy() {
        #expect(errors(replacing: "\"name\": \"IstioCon China 2023\"", with: "\"name\": \"Istio\\udc00Con\"").first?.contains("surrogate") == true)
        #expect(errors(replacing: "\"name\": \"IstioCon China 2023\"", with: "\"name\": \"Istio\\u12\"").first?.contains("four hex digits") == true)
    }

    @Test func nestingPastTheLimitNamesTheLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let found = errors(replacing: "\"tracksAreEditorial\": true", with: "\"tracksAreEditorial\": " + deep)
        #expect(found.count == 1 && found[0].contains("512"), "\(found)")
    }

    @Test func anEmptyFileSaysItIsEmpty() {
        do {
            _ = try ScheduleLoader.load(data: Data(), name: "empty.json")
            Issue.record("an empty file loaded")
        } catch {
            #expect(error.description == "empty.json:1:1: the file is empty")
        }
    }
}

/// CCC Camp 2019's frab JSON with the first day's events (by room) changed by `edit`.
func campWithEventsOfTheFirstDay(_ edit: (inout [String: [[String: Any]]]) throws -> Void) throws -> Data {
    var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path("frab-camp2019.json")))) as! [String: Any]
    var schedule = object["schedule"] as! [String: Any]
    var conference = schedule["conference"] as! [String: Any]
    var days = conference["days"] as! [[String: Any]]
    var rooms = days[0]["rooms"] as! [String: [[String: Any]]]
    try edit(&rooms)
    days[0]["rooms"] = rooms
    conference["days"] = days
    schedule["conference"] = conference
    object["schedule"] = schedule
    return try JSONSerialization.data(withJSONObject: object)
}

@Suite("Field limits")
struct FieldLimitTests {
    @Test func aHugeTitleIsCutAtLoadWithAWarningNamingTheSession() throws {
        let file = try campWithEventsOfTheFirstDay { rooms in
            let room = rooms.keys.sorted()[0]
            rooms[room]![0]["title"] = "Huge " + String(repeating: "标题", count: 500_000)
            rooms[room]![0]["guid"] = "huge-one"
        }
        let loaded = try ScheduleLoader.read(data: file, name: "huge.json")
        let session = try #require(loaded.conference.sessions.first { $0.id == "huge-one" })
        #expect(session.displayTitle.count == FieldLimits.line && session.displayTitle.hasSuffix("…"))
        #expect(loaded.warnings.map(\.description).contains("huge.json: warning: session \"huge-one\": its title is 1000005 characters long; cut to 500"))
    }
}

/// Every field a limit applies to, each over it in a session or speaker of its own (so that a
/// field the limits pass forgets to look at is not cut along with another): each is cut and
/// named, in Hallway's format and in frab's (which has the fields Hallway's lacks), and a link too
/// long to show is dropped. The pass lists its fields twice (to find what needs cutting, then to
/// cut it): a field missing from either list fails here.
@Suite("Field limits, field by field")
struct EveryFieldLimitTests {
    static let line = String(repeating: "l", count: FieldLimits.line + 10)
    static let text = String(repeating: "t", count: FieldLimits.text + 10)
    static let cutLine = "is \(FieldLimits.line + 10) characters long; cut to \(FieldLimits.line)"
    static let cutText = "is \(FieldLimits.text + 10) characters long; cut to \(FieldLimits.text)"

    static func isCut(_ text: String?, to limit: Int) -> Bool { text?.count == limit && text?.hasSuffix("…") == true }

    @Test func inHallwaysFormat() throws {
        let (l, t) = (Self.line, Self.text)
        let link = "https://example.org/" + String(repeating: "z", count: FieldLimits.reference)
        func session(_ id: String, _ extra: String, title: String = "A talk") -> String {
            """
            {"id": "\(id)", "kind": "talk", "titles": [{"lang": "en", "text": "\(title)", "certainty": "confirmed", "sources": ["S1"]}],
             "day": "2024-05-01", "start": null, "end": null, "room": "r", "track": "main", "topics": ["swift"], "speakers": ["ada"],
             "sources": ["S1"]\(extra)}
            """
        }
        let alias = #", "aliases": [{"lang": "zh", "text": "\#(l)", "certainty": "likely", "sources": ["S1"]}]"#
        let sessions = [session("title", "", title: l), session("alias", alias), session("label", #", "label": "\#(l)""#),
                        session("summary", #", "summary": "\#(t)""#), session("notes", #", "notes": "\#(t)""#),
                        session("link", #", "links": [{"kind": "website", "url": "\#(link)", "sources": ["S1"]}]"#)]
        let document = """
        {"format": "hallway-schedule", "version": 1,
         "conference": {"id": "demo", "name": "\(l)", "days": ["2024-05-01"], "timeZone": "Europe/Berlin"},
         "sources": [{"id": "S1", "title": "Program", "url": null}],
         "tracks": [{"id": "main", "name": "\(l)"}], "topics": [{"id": "swift", "name": "\(l)"}],
         "rooms": [{"id": "r", "name": "\(l)"}],
         "speakers": [{"id": "ada", "name": "\(l)", "sources": ["S1"]}, {"id": "bo", "name": "Bo", "nameZh": "\(l)", "sources": ["S1"]},
                      {"id": "cy", "name": "Cy", "organization": {"name": "\(l)", "certainty": "confirmed", "sources": ["S1"]}, "sources": ["S1"]}],
         "sessions": [\(sessions.joined(separator: ","))]}
        """
        let loaded = try ScheduleLoader.read(data: Data(document.utf8), name: "limits.json")
        let (cutLine, cutText) = (Self.cutLine, Self.cutText)
        #expect(loaded.warnings.map(\.message) == [
            "the conference's name \(cutLine)",
            "session \"title\": its title \(cutLine)", "session \"alias\": a title \(cutLine)", "session \"label\": its label \(cutLine)",
            "session \"summary\": its summary \(cutText)", "session \"notes\": its notes \(cutText)",
            "speaker \"ada\": the name \(cutLine)", "speaker \"bo\": the Chinese name \(cutLine)", "speaker \"cy\": the organisation \(cutLine)",
            "a track's name \(cutLine)", "a topic's name \(cutLine)", "a room's name \(cutLine)",
        ])
        let conference = loaded.conference, sessionsByID = Dictionary(uniqueKeysWithValues: conference.sessions.map { ($0.id, $0) })
        for cut in [conference.name, sessionsByID["title"]?.titles[0].text, sessionsByID["alias"]?.aliases[0].text, sessionsByID["label"]?.label,
                    conference.speakers[0].name, conference.speakers[1].nameZh, conference.speakers[2].organization?.name,
                    conference.tracks[0].name, conference.topics[0].name, conference.rooms[0].name] {
            #expect(Self.isCut(cut, to: FieldLimits.line))
        }
        for cut in [sessionsByID["summary"]?.summary, sessionsByID["notes"]?.notes] { #expect(Self.isCut(cut, to: FieldLimits.text)) }
        #expect(sessionsByID["link"]?.links.isEmpty == true, "a link longer than a reference may be is dropped")
    }

    @Test func inFrabsFormat() throws {
        let file = try campWithEventsOfTheFirstDay { rooms in
            let room = try #require(rooms.keys.sorted().first { rooms[$0]!.count >= 5 })
            for (position, (field, value)) in [("subtitle", Self.line), ("type", Self.line), ("abstract", Self.text), ("description", Self.text)].enumerated() {
                rooms[room]![position]["guid"] = "long-\(field)"
                rooms[room]![position][field] = value
            }
            var persons = try #require(rooms[room]![4]["persons"] as? [[String: Any]])
            persons[0]["biography"] = Self.text
            rooms[room]![4]["persons"] = persons
        }
        let loaded = try ScheduleLoader.read(data: file, name: "limits.json")
        let messages = loaded.warnings.map(\.message)
        for expected in ["session \"long-subtitle\": its subtitle \(Self.cutLine)", "session \"long-type\": its type \(Self.cutLine)",
                         "session \"long-abstract\": its summary \(Self.cutText)", "session \"long-description\": its description \(Self.cutText)"] {
            #expect(messages.contains(expected), "\(expected) in \(messages)")
        }
        #expect(messages.contains { $0.hasSuffix(": the biography \(Self.cutText)") }, "\(messages)")
        let sessions = Dictionary(loaded.conference.sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Self.isCut(sessions["long-subtitle"]?.subtitle, to: FieldLimits.line))
        #expect(Self.isCut(sessions["long-type"]?.typeName, to: FieldLimits.line))
        #expect(Self.isCut(sessions["long-abstract"]?.summary, to: FieldLimits.text))
        #expect(Self.isCut(sessions["long-description"]?.details, to: FieldLimits.text))
        #expect(loaded.conference.speakers.contains { Self.isCut($0.biography, to: FieldLimits.text) })
    }
}

/// The whole-program checks run on another thread while the caller's product (the index) is
/// made; what they find must still be told in the same order, counted, and stop the load.
@Suite("Checks run beside the index and are told in order")
struct ConcurrentChecksTests {
    func read(_ text: String) throws(ScheduleLoadError) -> (loaded: LoadedSchedule, product: ScheduleIndex) {
        let file = Scratch.path("program.json")
        try! Data(text.utf8).write(to: file)
        return try ScheduleLoader.read(file: file.path, making: ScheduleIndex.init)
    }

    @Test func theProductIsTheProgramsIndex() throws {
        let (loaded, index) = try read(minimalDocument(sessions: session("b") + "," + session("a")))
        #expect(index.sessions.map(\.id) == ScheduleIndex(loaded.conference).sessions.map(\.id))
        #expect(index.sessions.map(\.id) == ["b", "a"])
        #expect(index.positions(speaker: "ada") == [0, 1])
    }

    @Test func aReferenceErrorComesAfterTheReadersAndBeforeACutField() {
        let long = "\"" + String(repeating: "x", count: FieldLimits.line + 10) + "\""
        let text = minimalDocument(sessions: session("a", speakers: #"["bob"]"#, title: long) + "," + session("b", speakers: "3"))
        do {
            _ = try read(text)
            Issue.record("loaded a program with an unknown speaker")
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(messages.count == 3, "\(messages)")
            #expect(messages.first == "expected array, found number")
            #expect(messages.dropFirst().first == #"unknown speaker "bob""#)
            #expect(messages.last?.hasPrefix(#"session "a": its title is 510 characters long"#) == true)
        }
    }

    @Test func problemsPastTheLimitAreCountedWhicheverThreadFoundThem() {
        let sessions = (0..<250).map { session("s\($0)", speakers: #"["nobody"]"#) }.joined(separator: ",")
        do {
            _ = try read(minimalDocument(sessions: sessions))
            Issue.record("loaded 250 unknown speakers")
        } catch {
            #expect(error.diagnostics.count == 201)
            #expect(error.diagnostics.last?.message == "50 more problems not shown")
            #expect(error.diagnostics.last?.severity == .error)
        }
    }
}

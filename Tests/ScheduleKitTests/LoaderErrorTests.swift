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

    @Test func aDeviceIsNotReadFromForever() {
        do { _ = try ScheduleLoader.load(file: "/dev/zero"); Issue.record("loaded /dev/zero") } catch {
            #expect(error.description == "/dev/zero: is not a regular file")
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

@Suite("Field limits")
struct FieldLimitTests {
    @Test func aHugeTitleIsCutAtLoadWithAWarningNamingTheSession() throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path("frab-camp2019.json")))) as! [String: Any]
        var schedule = object["schedule"] as! [String: Any]
        var conference = schedule["conference"] as! [String: Any]
        var days = conference["days"] as! [[String: Any]]
        var rooms = days[0]["rooms"] as! [String: [[String: Any]]]
        let room = rooms.keys.sorted()[0]
        rooms[room]![0]["title"] = "Huge " + String(repeating: "标题", count: 500_000)
        rooms[room]![0]["guid"] = "huge-one"
        days[0]["rooms"] = rooms
        conference["days"] = days
        schedule["conference"] = conference
        object["schedule"] = schedule
        let loaded = try ScheduleLoader.read(data: JSONSerialization.data(withJSONObject: object), name: "huge.json")
        let session = try #require(loaded.conference.sessions.first { $0.id == "huge-one" })
        #expect(session.displayTitle.count == FieldLimits.line && session.displayTitle.hasSuffix("…"))
        #expect(loaded.warnings.map(\.description).contains("huge.json: warning: session \"huge-one\": its title is 1000005 characters long; cut to 500"))
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

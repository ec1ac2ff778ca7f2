import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// `validate` is never more lenient than the published schema: 416 single edits of the bundled
/// file (sixteen that once slipped through, 400 seeded at random) are judged by Python's
/// `jsonschema` and by Hallway's loader, and every file the schema refuses, Hallway refuses.
@Suite("Validate agrees with the published schema")
struct SchemaAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let mutants: (folder: URL, verdicts: [String: String?]) = {
        let folder = Scratch.path("mutants")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try! runProcess("/usr/bin/env", ["python3", root.appendingPathComponent("Tests/Support/schema-mutants.py").path,
                                                     root.appendingPathComponent("data/hallway-schedule.schema.json").path,
                                                     root.appendingPathComponent("data/istiocon-china-2023.json").path, folder.path])
        precondition(result.status == 0, result.output)
        let data = try! Data(contentsOf: folder.appendingPathComponent("verdicts.json"))
        let verdicts = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (folder, verdicts.mapValues { $0 as? String })
    }()

    func errors(_ name: String) -> [Diagnostic]? {
        do {
            _ = try ScheduleLoader.load(file: Self.mutants.folder.appendingPathComponent("\(name).json").path)
            return nil
        } catch {
            return error.diagnostics
        }
    }

    @Test func everyFileTheSchemaRefusesHallwayRefuses() {
        var refusedByBoth = 0
        for (name, verdict) in Self.mutants.verdicts.sorted(by: { $0.key < $1.key }) {
            guard let verdict else { continue }
            #expect(errors(name) != nil, "\(name): the schema says \(verdict), Hallway accepted it")
            refusedByBoth += 1
        }
        #expect(refusedByBoth >= 300, "the mutants exercise the schema")
    }

    @Test(arguments: [
        ("id-empty", "sessions[0].id"), ("id-with-space", "sessions[0].id"), ("id-trailing-space", "speakers[0].id"),
        ("id-with-escape", "sources[0].id"), ("id-with-nul", "tracks[0].id"), ("id-with-emoji", "topics[0].id"),
        ("conference-id-bad", "conference.id"), ("speaker-name-empty", "speakers[0].name"), ("speaker-role-unknown", "speakers[0].roles[0]"),
        ("source-url-missing", "sources[0].url"), ("session-track-missing", "sessions[0].track"), ("track-name-null", "tracks[0].name"),
        ("topic-name-null", "topics[0].name"), ("source-title-null", "sources[0].title"), ("session-summary-number", "sessions[0].summary"),
        ("session-label-empty-without-titles", "sessions[0]"),
    ])
    func theSixteenEditsThatOnceSlippedThroughAreRefusedWhereTheyAre(_ name: String, _ path: String) throws {
        let found = try #require(errors(name), "\(name) was accepted")
        #expect(found.contains { $0.description.contains(": \(path)") }, "\(found.map(\.description))")
        #expect(found.allSatisfy { !$0.description.unicodeScalars.contains { $0.value < 0x20 } }, "messages say the bytes, never send them")
    }

    /// The bundled program and the UI tests' own program, judged by the schema and by Hallway.
    @Test func theBundledFileAndEveryFixtureInHallwaysFormatPassBoth() throws {
        let programs = Self.root.appendingPathComponent("Tests/HallwayUITests/Programs")
        let fixtures = try FileManager.default.contentsOfDirectory(at: programs, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
        #expect(!fixtures.isEmpty)
        for file in [Self.root.appendingPathComponent("data/istiocon-china-2023.json")] + fixtures {
            _ = try ScheduleLoader.load(file: file.path)
            let judged = try runProcess("/usr/bin/env", ["python3", "-c",
                "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                Self.root.appendingPathComponent("data/hallway-schedule.schema.json").path, file.path])
            #expect(judged.status == 0, "\(file.lastPathComponent): \(judged.output)")
        }
    }
}

/// The schema's problems are told unless the reader told one at the same path, inside it or
/// holding it: the sets `report` asks, checked against comparing every pair, on random paths.
@Suite("Schema problems the reader told already")
struct SchemaProblemsToldOnceTests {
    static func randomPath(_ random: inout some RandomNumberGenerator) -> JSONPath {
        let keys = ["sessions", "rooms", "start", "titles", "lang", "x"]
        var path = JSONPath.root
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            path = Bool.random(using: &random) ? path.appending(keys.randomElement(using: &random)!) : path.appending(Int.random(in: 0...2, using: &random))
        }
        return path
    }

    @Test func aProblemIsToldUnlessAPathToldIsItHoldsItOrIsInIt() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let sink = DiagnosticSink(file: "f.json")
            let told = (0..<Int.random(in: 0...5, using: &random)).map { _ in Self.randomPath(&random) }
            for path in told { sink.error(at: path, "told by the reader") }
            sink.report(.file, "not at a path")
            let problems = (0..<40).map { _ in (Self.randomPath(&random), "from the schema") }
            SchemaCheck.hallway.report(problems, to: sink)
            let expected = problems.filter { problem in
                !told.contains { $0.components.starts(with: problem.0.components) || problem.0.components.starts(with: $0.components) }
            }
            let reported = sink.diagnostics.filter { $0.message == "from the schema" }.map(\.location)
            #expect(reported == expected.map { Diagnostic.Location.path($0.0) }, "told: \(told.map(\.components))")
        }
    }
}

/// A file with a mistake in every session keeps a bounded number of the schema's problems (a
/// thread keeps 10,000; 220,000 such sessions held 2.2 million, 739 MB): the first are told, the
/// rest counted, so the count grows with the sessions exactly as it does below the bound.
@Suite("A mistake in every session")
struct SchemaProblemsCountedTests {
    /// What `validate` tells of a file of `count` sessions, each with the same mistakes: the
    /// problems shown, and how many it says were not.
    func told(sessions count: Int) throws -> (shown: [Diagnostic], notShown: Int) {
        var sessions: [String] = []
        for number in 0..<count {
            sessions.append(#"{"id":"s\#(number)","kind":"talk","titles":[{"language":"en","text":"Talk \#(number)"}],"day":"2024-03-01","start":null,"end":null,"room":null,"topics":[],"speakers":[],"links":[]}"#)
        }
        let document = #"{"format":"hallway-schedule","version":1,"conference":{"id":"c","name":"C","days":["2024-03-01"],"timeZone":"Europe/Berlin"},"tracks":[],"topics":[],"rooms":[],"speakers":[],"sessions":["#
            + sessions.joined(separator: ",\n") + "]}"
        let path = Scratch.path("a-mistake-in-every-session-\(count).json")
        try Data(document.utf8).write(to: path)
        var told: [Diagnostic] = []
        do { _ = try ScheduleLoader.read(file: path.path) } catch { told = error.diagnostics }
        let notShown = told.last.flatMap { $0.location == .file ? Int($0.message.split(separator: " ").first ?? "") : nil } ?? 0
        return (told.filter { $0.location != .file }, notShown)
    }

    @Test func theFirstProblemsAreToldAndEveryOtherIsCounted() throws {
        let (few, more, many) = (try told(sessions: 1_000), try told(sessions: 2_000), try told(sessions: 9_000))
        let perSession = (more.shown.count + more.notShown - few.shown.count - few.notShown) / 1_000
        #expect(perSession >= 6, "the reader's problems and the schema's")
        // 9,000 sessions find 54,000 of the schema's problems: more than two threads keep.
        #expect(many.shown.count + many.notShown == few.shown.count + few.notShown + perSession * 8_000)
        #expect(many.shown.count == 200 && many.shown.map { "\($0.location) \($0.message)" } == few.shown.map { "\($0.location) \($0.message)" }, "the first told, in order")
        #expect(many.shown.first?.description.contains("sessions[0]") == true)
    }
}

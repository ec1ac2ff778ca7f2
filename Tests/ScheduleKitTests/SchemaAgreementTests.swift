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

import Foundation
import Testing
@testable import ScheduleKit

@Suite("The bundled IstioCon China 2023 program")
struct BundledProgramTests {
    let conference = ScheduleLoader.bundled()
    var index: ScheduleIndex { ScheduleIndex(conference) }

    @Test func holdsTheFourteenKnownSessions() {
        #expect(conference.sessions.count == 14)
        #expect(conference.name == "IstioCon China 2023")
        #expect(conference.nameZh == "IstioCon 2023 中国站")
        #expect(conference.days == [CivilDate(year: 2023, month: 9, day: 26)])
        #expect(conference.timeZone.identifier == "Asia/Shanghai")
        #expect(conference.venue?.address?.contains("West Guangfu Road") == true)
        #expect(conference.sponsors.map(\.name) == ["Google Cloud"])
    }

    @Test func justinPettitOfGoogleGivesTheAmbientKeynote() throws {
        let justin = try #require(conference.speakers.first { $0.name == "Justin Pettit" })
        #expect(justin.organization?.name == "Google")
        let talks = index.sessions(speaker: justin.id)
        #expect(talks.map(\.displayTitle) == ["Istio Ambient Mesh as a Managed Infrastructure"])
        #expect(talks.first?.kind == .keynote)
    }

    @Test func zhonghuXuSpeaksTwice() throws {
        let zhonghu = try #require(conference.speakers.first { $0.name == "Zhonghu Xu" })
        #expect(zhonghu.nameZh == "徐中虎")
        #expect(index.sessionCount(speaker: zhonghu.id) == 2)
    }

    @Test func noSessionHasATimeOrRoom() {
        for session in conference.sessions {
            #expect(session.start == nil && session.end == nil && session.roomID == nil, "\(session.id)")
            #expect(session.day == CivilDate(year: 2023, month: 9, day: 26))
        }
        #expect(conference.rooms.isEmpty)
    }

    @Test func onlyTheFirstThreeSessionsHaveAKnownOrder() {
        let ordered = conference.sessions.filter { $0.programOrder != nil }.sorted { $0.programOrder! < $1.programOrder! }
        #expect(ordered.map(\.programOrder) == [1, 2, 3])
        #expect(ordered[0].kind == .keynote && !ordered[0].hasKnownTitle)
        #expect(index.sessions.prefix(3).map(\.id) == ordered.map(\.id))
    }

    @Test func untitledSessionsCarryAMarkedLabelNeverATitle() {
        let untitled = conference.sessions.filter { !$0.hasKnownTitle }
        #expect(untitled.count == 4)
        for session in untitled {
            #expect(session.label?.hasPrefix("Untitled — ") == true, "\(session.id)")
        }
        let confirmedEnglish = conference.sessions.filter { $0.title(language: "en")?.certainty == .confirmed }
        #expect(confirmedEnglish.count == 7)
        let chinese = conference.sessions.compactMap { $0.title(language: "zh") }
        #expect(chinese.filter { $0.certainty == .confirmed }.count == 1)
        #expect(chinese.filter { $0.certainty == .likely }.count == 3)
    }

    @Test func everyClaimNamesAKnownSource() {
        let known = Set(conference.sources.map(\.id))
        for session in conference.sessions {
            #expect(!session.sourceIDs.isEmpty, "\(session.id)")
            #expect(Set(session.sourceIDs).isSubset(of: known))
            for title in session.titles + session.aliases { #expect(!title.sourceIDs.isEmpty) }
        }
        for speaker in conference.speakers {
            #expect(!speaker.sourceIDs.isEmpty, "\(speaker.id)")
            #expect(speaker.organization.map { !$0.sourceIDs.isEmpty } ?? true)
        }
    }

    @Test func anOrganisationNotStatedByAnIstioConSourceIsMarkedInferred() throws {
        let shivanshu = try #require(conference.speakers.first { $0.name == "Shivanshu Raj Shrivastava" })
        #expect(shivanshu.organization?.certainty == .inferred)
        #expect(shivanshu.organization?.qualifiedName == "Tetrate, inferred")
    }

    @Test func tracksAreMarkedEditorialAndCoverEverySession() {
        #expect(conference.tracksAreEditorial)
        #expect(index.sessionsWithoutTrack.isEmpty)
        #expect(conference.tracks.map { index.sessionCount(track: $0.id) }.reduce(0, +) == 14)
    }

    /// The binary embeds the same bytes as data/ (the resources are links to data/, one copy each).
    @Test func theEmbeddedProgramAndSchemaAreTheFilesInData() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(Data(PackageResources.istiocon_china_2023_json) == (try Data(contentsOf: root.appendingPathComponent("data/istiocon-china-2023.json"))))
        #expect(Data(PackageResources.hallway_schedule_schema_json) == (try Data(contentsOf: root.appendingPathComponent("data/hallway-schedule.schema.json"))))
    }

    /// The bundled program loads without Hallway's own schema check (see ScheduleLoader.bundled);
    /// this is that check, with every other one the loader makes.
    @Test func passesTheSchemaCheckItsLoadSkips() throws {
        let loaded = try ScheduleLoader.read(data: Data(PackageResources.istiocon_china_2023_json), name: "bundled.json")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.conference.sessions.map(\.id) == conference.sessions.map(\.id))
    }

    @Test func theSchemaAcceptsTheBundledFile() throws {
        // Validated with the reference JSON Schema implementation (Python `jsonschema`), which .ci/run installs.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
        for e in errors: print(list(e.absolute_path), e.message)
        sys.exit(1 if errors else 0)
        """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script,
                                                    root.appendingPathComponent("data/hallway-schedule.schema.json").path,
                                                    root.appendingPathComponent("data/istiocon-china-2023.json").path])
        #expect(result.status == 0, "schema validation failed: \(result.output)")
    }

    @Test func theSchemaRejectsASessionWithNeitherTitleNorLabel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
        doc["sessions"][0]["label"] = None
        sys.exit(0 if list(jsonschema.Draft202012Validator(schema).iter_errors(doc)) else 1)
        """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script,
                                                    root.appendingPathComponent("data/hallway-schedule.schema.json").path,
                                                    root.appendingPathComponent("data/istiocon-china-2023.json").path])
        #expect(result.status == 0, "the schema accepted an untitled, unlabelled session: \(result.output)")
    }
}

func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

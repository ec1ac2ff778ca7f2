import Foundation
import Testing
@testable import ScheduleKit

/// Sessions and speakers are read straight from their bytes when they are plain, and through a
/// tape and cursors otherwise (`HallwayDirectRead`). These tests hold the two ways together: the
/// same value for every good item, and never a value from the direct way where the other finds
/// a problem.
@Suite("Reading sessions and speakers straight from their bytes")
struct DirectReadTests {
    enum List: String, CaseIterable {
        case sessions, speakers
    }

    /// Both ways over one item's bytes: the direct value (nil when it gave up), and the other
    /// way's value with the problems it and the schema reported. An item read directly is not
    /// checked against the schema when a file is loaded, so the direct readers must take only
    /// what the schema takes: wherever the schema finds a problem, they give up.
    static func readBothWays(_ bytes: Data, as list: List) -> (direct: AnyHashable?, full: AnyHashable?, problems: [Diagnostic]) {
        bytes.withUnsafeBytes { raw in
            var reader = JSONReader(raw)
            let direct: AnyHashable? = switch list {
            case .sessions: reader.directSession()
            case .speakers: reader.directSpeaker()
            }
            let sink = DiagnosticSink(file: "item.json")
            var lists = HallwayFormat.Lists()
            var tapeReader = JSONReader(raw)
            guard let tape = try? tapeReader.pieceTape(depth: 2) else { return (direct, nil, [Diagnostic(file: "", location: .file, message: "not JSON")]) }
            lists.read(JSONCursor(item: 0, of: list.rawValue, in: tape, sink: sink), of: list.rawValue)
            let schema = SchemaCheck.Pieces(.hallway)
            schema.check(tape, item: 0, of: list.rawValue)
            schema.report(schema.problems(), to: sink)
            let full: AnyHashable? = list == .sessions ? lists.sessions.first : lists.speakers.first
            return (direct, full, sink.diagnostics)
        }
    }

    static func items(of list: List, in document: Data) throws -> [[String: Any]] {
        let top = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
        return try #require(top[list.rawValue] as? [[String: Any]])
    }

    static func bytes(_ object: Any) -> Data {
        try! JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .sortedKeys])
    }

    @Test(arguments: List.allCases)
    func everyItemOfTheBundledProgramReadsTheSameBothWays(_ list: List) throws {
        let items = try Self.items(of: list, in: Data(PackageResources.istiocon_china_2023_json))
        #expect(items.count > 10)
        for item in items {
            let (direct, full, problems) = Self.readBothWays(Self.bytes(item), as: list)
            #expect(problems.isEmpty)
            #expect(direct != nil, "the direct reader gave up on \(item["id"] ?? "?")")
            #expect(direct == full, "\(item["id"] ?? "?") differs")
        }
    }

    /// Every field removed, and every field given every wrong kind of value: where the full
    /// reader finds a problem, the direct one gives up; where it finds none, both agree.
    @Test(arguments: List.allCases)
    func noBrokenItemIsReadDirectly(_ list: List) throws {
        let items = try Self.items(of: list, in: Data(PackageResources.istiocon_china_2023_json))
        // An item with every optional field given, so each can be broken.
        let item = try #require(items.max { $0.count < $1.count })
        let replacements: [Any] = [NSNull(), 0, -1, 1.5, 1.0, 2, "", " ", "x", "a b", "-x", "x\n", "s.1_a-b", "2023-02-30", "2023-09-26T09:30+08:00",
                                    "2023-09-26T09:30:00+08:00", "2023-09-26T09:30:00.5+08:00", "2023-09-26T09:30+0800", "2023-09-26T09:30Z",
                                    "2023-09-26t09:30Z", "2023-09-26T09:30+08:00\n", "program-committee", true, [Any](), [String: Any](),
                                    ["x"], [1], [["lang": "en"]], ["name": "Tetrate"], ["program-committee"], ["speaker"]]
        var mutants: [Data] = []
        for key in item.keys {
            var without = item
            without[key] = nil
            mutants.append(Self.bytes(without))
            for replacement in replacements {
                var changed = item
                changed[key] = replacement
                mutants.append(Self.bytes(changed))
            }
        }
        var unknown = item
        unknown["titel"] = "typo"
        mutants.append(Self.bytes(unknown))
        let text = String(decoding: Self.bytes(item), as: UTF8.self)
        mutants.append(Data(text.replacingOccurrences(of: #"{"id":"#, with: #"{"id":"a","id":"#).utf8))  // a repeated key
        mutants.append(Data((text.dropLast() + #","sources":[]}"#).utf8))
        mutants.append(Data(text.replacingOccurrences(of: #"":"#, with: #"": "#).utf8))  // spaces the direct reader must pass
        mutants.append(Data(text.replacingOccurrences(of: "[", with: "[ ").replacingOccurrences(of: ",", with: " ,\n").utf8))
        var refused = 0
        for mutant in mutants {
            let (direct, full, problems) = Self.readBothWays(mutant, as: list)
            if problems.isEmpty {
                #expect(direct == nil || direct == full, "\(String(decoding: mutant, as: UTF8.self))")
            } else {
                refused += 1
                #expect(direct == nil, "read directly despite \(problems.map(\.message)): \(String(decoding: mutant, as: UTF8.self))")
            }
        }
        #expect(refused > mutants.count / 2)
    }

    /// Items read directly skip the schema check, because the direct readers mirror the rules
    /// the schema gives sessions and speakers (`SchemaForm`). A change to those rules must be
    /// mirrored there too: this fingerprint of them (descriptions left out) says when one was made.
    /// The keys are written out rather than told by reflection: each field's is its own name,
    /// every field but `unknown` has one, and a key of none is `unknown`.
    @Test func everyFieldIsFoundByItsOwnName() {
        for field in HallwayField.allCases where field != .unknown {
            #expect(HallwayField(name: "\(field)") == field)
        }
        #expect(HallwayField.byName.count == HallwayField.allCases.count - 1)
        #expect(HallwayField(name: "unknown") == .unknown && HallwayField(name: "Title") == .unknown && HallwayField(name: "") == .unknown)
    }

    @Test func theRulesTheDirectReadersMirrorAreUnchanged() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(PackageResources.hallway_schedule_schema_json)) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        func rules(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "description" }.mapValues(rules)
            }
            if let array = value as? [Any] { return array.map(rules) }
            return value
        }
        let mirrored: [String: Any] = [
            "defs": ["id", "sourceRefs", "certainty", "date", "instant", "link", "title", "speaker", "session"].reduce(into: [String: Any]()) {
                $0[$1] = definitions[$1].map(rules)
            },
            "sessions": rules(properties["sessions"] as Any), "speakers": rules(properties["speakers"] as Any),
        ]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: mirrored, options: [.sortedKeys]), as: UTF8.self)
        #expect(ProgramSnapshot.fnv1a(text) == 11_820_423_374_234_159_067, "the schema's rules for sessions and speakers changed: mirror the change in SchemaForm and the direct readers, then update this fingerprint")
    }

    /// Titles, organisations and links, each broken field by field inside a session or speaker.
    @Test func brokenNestedObjectsAreNotReadDirectly() throws {
        let sessions = try Self.items(of: .sessions, in: Data(PackageResources.istiocon_china_2023_json))
        let speakers = try Self.items(of: .speakers, in: Data(PackageResources.istiocon_china_2023_json))
        let session = try #require(sessions.first { ($0["titles"] as? [Any])?.isEmpty == false })
        let speaker = try #require(speakers.first { $0["organization"] is [String: Any] })
        let title = try #require((session["titles"] as? [[String: Any]])?.first)
        let organization = try #require(speaker["organization"] as? [String: Any])
        let link: [String: Any] = ["kind": "video", "url": "https://example.org/v", "title": "Video", "sources": ["S1"]]
        let nested: [(List, [String: Any], String, [String: Any], Bool)] = [
            (.sessions, session, "titles", title, true), (.sessions, session, "links", link, true),
            (.speakers, speaker, "organization", organization, false),
        ]
        let replacements: [Any] = [NSNull(), 0, "", "  ", "x", "ftp://example.org", "http://x", "en", "EN", "en-US", "zh-Hans", "en-", "e",
                                    "engl", "en_US", "likely", "maybe", true, [Any](), [String: Any](), ["S1"], [1]]
        for (list, item, key, object, inList) in nested {
            var candidates: [[String: Any]] = [object]
            for field in object.keys {
                var without = object
                without[field] = nil
                candidates.append(without)
                for replacement in replacements {
                    var changed = object
                    changed[field] = replacement
                    candidates.append(changed)
                }
            }
            for candidate in candidates {
                var mutant = item
                mutant[key] = inList ? [candidate] : candidate
                let (direct, full, problems) = Self.readBothWays(Self.bytes(mutant), as: list)
                if problems.isEmpty {
                    #expect(direct == nil || direct == full, "\(key): \(candidate)")
                } else {
                    #expect(direct == nil, "\(key): read directly despite \(problems.map(\.message)): \(candidate)")
                }
            }
        }
    }
}

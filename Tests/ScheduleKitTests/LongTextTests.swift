import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// Summaries read from a file are left there and read again when shown (`LongText`). They must
/// read exactly as a summary held in memory, be cut like one, and never show the wrong bytes
/// when the file changes after loading.
@Suite("Summaries left in their file")
struct LongTextTests {
    let directory = Scratch.path("long-text")

    /// A session whose summary is `json`, as the file spells it.
    func sessionWithSummary(_ id: String, _ json: String) -> String {
        String(session(id).dropLast()) + #", "summary": "# + json + "}"
    }

    func write(_ text: String, to name: String) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    static let summaries: [(json: String, text: String)] = [
        (#""Plain words about a mesh.""#, "Plain words about a mesh."),
        (#""Line one.\nLine \"two\" \\ \/ \t end.""#, "Line one.\nLine \"two\" \\ / \t end."),
        (#""Caf\u00e9 \ud83d\ude00 服务网格 and Zürich""#, "Café 😀 服务网格 and Zürich"),
        (#""""#, ""),
    ]

    func program() -> String {
        minimalDocument(sessions: Self.summaries.indices.map { sessionWithSummary("s\($0)", Self.summaries[$0].json) }.joined(separator: ", "))
    }

    @Test func aSummaryReadBackReadsAsTheFileSaysIt() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write(program(), to: "program.json")
        let fromFile = try ScheduleLoader.read(file: file.path).conference
        let inMemory = try ScheduleLoader.load(data: Data(program().utf8), name: "program.json")
        for (index, summary) in Self.summaries.enumerated() {
            let session = try #require(fromFile.sessions.first { $0.id == "s\(index)" })
            #expect(session.summaryText?.isStored == true, "s\(index) should stay in the file")
            #expect(session.summary == summary.text)
            #expect(inMemory.sessions.first { $0.id == "s\(index)" }?.summaryText?.isStored == false)
        }
        #expect(fromFile.sessions == inMemory.sessions)
    }

    /// Summaries are read a stretch of the file at a time: asked for in file order, backwards, or
    /// at random across several stretches, each reads as the file says it.
    @Test func summariesAskedInAnyOrderAcrossStretchesReadAsWritten() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let texts = (0..<3_000).map { number in "Summary \(number): " + String(repeating: "mesh 网格 ", count: number % 40) + "end." }
        let sessions = texts.indices.map { sessionWithSummary("s\($0)", "\"\(texts[$0])\"") }.joined(separator: ", ")
        let file = try write(minimalDocument(sessions: sessions), to: "many.json")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as! Int > 3 * (256 << 10))
        let conference = try ScheduleLoader.read(file: file.path).conference
        let byID = Dictionary(uniqueKeysWithValues: conference.sessions.map { ($0.id, $0) })
        var random = SplitMix64(seed: 11)
        let orders = [Array(texts.indices), Array(texts.indices.reversed()), texts.indices.shuffled(using: &random)]
        for order in orders {
            for number in order {
                let session = try #require(byID["s\(number)"])
                #expect(session.summaryText?.isStored == true)
                #expect(session.summary == texts[number], "s\(number)")
            }
        }
    }

    /// Renaming a new file over the old one (what editors and downloads do) leaves the old
    /// content under the open descriptor: the program loaded keeps reading its own summaries.
    @Test func aFileReplacedByRenameStillGivesTheTextsLoaded() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write(program(), to: "program.json")
        let conference = try ScheduleLoader.read(file: file.path).conference
        let replacement = try write(program().replacingOccurrences(of: "Plain words", with: "Other words"), to: "new.json")
        #expect(rename(replacement.path, file.path) == 0)
        #expect(conference.sessions.first { $0.id == "s0" }?.summary == Self.summaries[0].text)
    }

    /// Written over in place, the file no longer holds the texts where they were: a notice is
    /// shown instead of whatever bytes now lie there.
    @Test func aFileWrittenOverInPlaceGivesANoticeNotOtherBytes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write(program(), to: "program.json")
        let conference = try ScheduleLoader.read(file: file.path).conference
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(program().replacingOccurrences(of: "Plain words", with: "Changed").utf8))
        try handle.close()
        let summary = try #require(conference.sessions.first { $0.id == "s0" }?.summary)
        #expect(summary == TextFile.changedNotice(file.path))
        #expect(!summary.contains("Changed"))
    }

    /// Limits are checked on the length as stored; a summary past them is cut and told, as one
    /// held in memory is, whether it fits the packing or not.
    @Test func aSummaryPastTheLimitIsCutWhenReadFromAFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [FieldLimits.text + 1, LongText.longestStored + 10] {
            let long = String(repeating: "a", count: length)
            let file = try write(minimalDocument(sessions: sessionWithSummary("s", "\"\(long)\"")), to: "long.json")
            let loaded = try ScheduleLoader.read(file: file.path)
            let summary = try #require(loaded.conference.sessions.first?.summary)
            #expect(summary.count == FieldLimits.text && summary.hasSuffix("…"), "\(length) characters")
            #expect(loaded.warnings.contains { $0.message.contains("its summary is \(length) characters long") })
        }
    }
}

import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// An abstract that is plain text already is left in the file it came from (issue 28: abstracts
/// were held whole, and in a frab JSON file twice while its events waited to be placed) and read
/// back as it is; one that reads otherwise made plain is made clean text and held, as before.
@Suite("Abstracts left in the file when plain")
struct PlainAbstractTests {
    static let quirks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Quirks")

    static func fromFileAndInMemory(_ path: String) throws -> (file: [Session], memory: [Session]) {
        let fromFile = try ScheduleLoader.read(file: path).conference.sessions
        let inMemory = try ScheduleLoader.read(data: Data(contentsOf: URL(fileURLWithPath: path)), name: path).conference.sessions
        return (fromFile, inMemory)
    }

    /// Each abstract's summary is the same whether read from the file or from the same bytes in
    /// memory (where nothing can be left); the plain long ones, and only they, stay in the file.
    @Test(arguments: ["abstracts-plain-and-marked.xml", "abstracts-plain-and-marked.json"])
    func plainAbstractsStayInTheFileAndReadTheSame(_ name: String) throws {
        let (fromFile, inMemory) = try Self.fromFileAndInMemory(Self.quirks.appendingPathComponent(name).path)
        #expect(!inMemory.contains { $0.summaryText?.isStored == true })
        #expect(fromFile.map(\.summary) == inMemory.map(\.summary))
        let stored = Set(fromFile.filter { $0.summaryText?.isStored == true }.map(\.displayTitle))
        // XML's text is read back trimmed, as the reader takes it; a JSON string is read whole,
        // so white space around it is the file's and tidying would change it.
        #expect(stored == (name.hasSuffix(".xml") ? ["Plain", "Indented", "References", "Chinese"] : ["Plain", "References", "Chinese"]))
        let summaries = Dictionary(uniqueKeysWithValues: fromFile.map { ($0.displayTitle, $0.summary ?? "") })
        #expect(summaries["Indented"]?.hasSuffix("plain text.") == true)
        #expect(summaries["References"]?.hasSuffix("Tom & Jerry say \"quoted\" café 中文 done.") == true)
        #expect(summaries["Chinese"] == String(repeating: "这是一个很长的中文摘要，", count: 12))
        #expect(summaries["HTML"]?.contains("<p>") == false && summaries["HTML"]?.contains("• one") == true)
        #expect(summaries["Markdown"]?.hasPrefix("Bold start.") == true)
        #expect(summaries["CRLF"]?.contains("\r") == false)
        #expect(summaries["Many blank lines"]?.contains("\n\n\n") == false)
        #expect(summaries["Entity text"]?.hasSuffix("Written as & in the text itself.") == true)
        #expect(summaries["Short"] == "A short plain abstract.")
    }

    /// On real exports: the same summaries as a read in memory, most of the long ones left in
    /// the file, every one left there plain text, and the same again through a snapshot.
    @Test(arguments: ["frab-38c3.xml", "frab-camp2019.json", "pretalx-democon.json"])
    func realExportsReadTheSameWithAbstractsInTheFile(_ name: String) throws {
        let path = SharedFixtures.path(name)
        let (fromFile, inMemory) = try Self.fromFileAndInMemory(path)
        #expect(fromFile.map(\.summary) == inMemory.map(\.summary))
        let stored = fromFile.filter { $0.summaryText?.isStored == true }
        let long = fromFile.filter { ($0.summary?.utf8.count ?? 0) >= LongText.shortestStored }
        #expect(stored.count * 2 > long.count || long.isEmpty, "\(stored.count) of \(long.count) long abstracts left in \(name)")
        #expect(stored.allSatisfy { RichText.plain($0.summary!) == $0.summary! })

        let folder = Scratch.path("plain-abstracts-\(name)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: path, toPath: copy.path)
        let cache = folder.appendingPathComponent("cache")
        let first = try ProgramSnapshot.program(for: copy.path, directory: cache)
        let saving = try #require(first.saving)
        while !saving.isFinished { usleep(5_000) }
        let again = try ProgramSnapshot.program(for: copy.path, directory: cache)
        #expect(again.saving == nil, "read from the snapshot")
        #expect(first.index.conference.sessions.map(\.summary) == inMemory.map(\.summary))
        #expect(again.index.conference.sessions.map(\.summary) == inMemory.map(\.summary))
        #expect(again.index.conference.sessions == first.index.conference.sessions)
    }
}

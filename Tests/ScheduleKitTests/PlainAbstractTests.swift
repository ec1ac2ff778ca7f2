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
        // An index holds its program's sessions in program order, the file's order aside.
        let inProgramOrder = ScheduleIndex(Conference(id: "x", name: "x", sessions: inMemory)).sessions
        #expect(first.index.conference.sessions.map(\.summary) == inProgramOrder.map(\.summary))
        #expect(again.index.conference.sessions.map(\.summary) == inProgramOrder.map(\.summary))
        #expect(again.index.conference.sessions == first.index.conference.sessions)
    }

    /// The one-pass check placement asks first never calls a text plain that `plain` would
    /// change: on every abstract and description of the real exports and the quirk fixtures, and
    /// on texts made to sit at each of its edges. It says so for most real abstracts, or it
    /// would save nothing.
    @Test func theQuickCheckNeverCallsPlainWhatPlainWouldChange() throws {
        var texts = ["One line.", "Two\nlines.", "Para\n\nbreak.", "Three\n\n\nbreaks.", " leading", "trailing ", "trailing\n",
                     "\nleading", "tab\tinside", "space \nbefore break", "break\n  indented", "break\n \nblank line with a space",
                     "carriage\r\nreturn", "a < b", "Tom &amp; Jerry", "<p>tag</p>", "**bold**", "- list item", "# heading",
                     "`code`", "[link](https://x)", "snake_case and a_b", "中文摘要，\n\n第二段。", "ends with tab\t", ""]
        var abstracts = 0, quick = 0
        for name in ["frab-38c3.xml", "frab-camp2019.json", "pretalx-democon.json"] {
            for session in try ScheduleLoader.read(data: Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path(name))), name: name).conference.sessions {
                if let summary = session.summary { texts.append(summary); abstracts += 1; if RichText.isTidyWithoutMarkup(summary) { quick += 1 } }
                if let details = session.details { texts.append(details) }
            }
        }
        // The texts as the files have them, before any reader made them plain.
        for name in ["frab-camp2019.json", "pretalx-democon.json"] {
            func gather(_ value: Any) {
                if let object = value as? [String: Any] {
                    for (key, field) in object {
                        if key == "abstract" || key == "description", let text = field as? String { texts.append(text) } else { gather(field) }
                    }
                } else if let list = value as? [Any] {
                    list.forEach(gather)
                }
            }
            gather(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path(name)))))
        }
        func gather(_ node: XMLNode) {
            if node.name == "abstract" || node.name == "description" { texts.append(node.text.trimmed) }
            node.children.forEach(gather)
        }
        gather(try XMLTree.parse(Data(contentsOf: URL(fileURLWithPath: SharedFixtures.path("frab-38c3.xml"))), file: "38C3"))
        for name in ["abstracts-plain-and-marked.xml", "abstracts-plain-and-marked.json", "descriptions-with-references-crlf.xml"] {
            let raw = try String(contentsOf: Self.quirks.appendingPathComponent(name), encoding: .utf8)
            texts += raw.components(separatedBy: "\"").filter { $0.count > 3 }
        }
        for text in texts where RichText.isTidyWithoutMarkup(text) && !RichText.mayHoldMarkdown(text) {
            #expect(RichText.plain(text) == text, "\(text.debugDescription)")
        }
        for edge in [" leading", "trailing ", "trailing\n", "\nleading", "Three\n\n\nbreaks.", "space \nbefore break",
                     "break\n \nblank line with a space", "carriage\r\nreturn", "a < b", "Tom &amp; Jerry"] {
            #expect(!RichText.isTidyWithoutMarkup(edge), "\(edge.debugDescription)")
        }
        #expect(["One line.", "Para\n\nbreak.", "break\n  indented", "中文摘要，\n\n第二段。"].allSatisfy(RichText.isTidyWithoutMarkup))
        #expect(quick * 2 > abstracts, "\(quick) of \(abstracts) abstracts told plain in one pass")
    }
}

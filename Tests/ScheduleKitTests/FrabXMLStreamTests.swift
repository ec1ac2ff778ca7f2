import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

/// frab XML is read as libxml2 goes through the file, each event let go once read. These tests
/// hold that reading to a read of the whole tree, and the places it tells to the file's own lines.
@Suite("Reading frab XML a piece at a time")
struct FrabXMLStreamTests {
    static let quirks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// What a read of the whole tree makes of the bytes: the program and every problem, in order.
    static func wholeRead(_ data: Data, venueZone: Zone? = nil) -> String {
        let sink = DiagnosticSink(file: "f.xml")
        do {
            let root = try XMLTree.parse(data, file: "f.xml")
            guard var program = FrabXMLFormat.read(root, venueZone: venueZone, sink: sink) else { return "refused \(sink.diagnostics)" }
            return describe(ForeignProgramBuilder.build(&program, venueZone: venueZone, sink: sink), sink.diagnostics)
        } catch {
            return error.description
        }
    }

    /// What the loader makes of them, reading as it goes.
    static func streamedRead(_ data: Data, venueZone: Zone? = nil) -> String {
        let sink = DiagnosticSink(file: "f.xml")
        do {
            let head = data.prefix(XMLTree.headSize)
            guard let conference = try FrabXMLFormat.read(head: head, source: { space, offset throws(ScheduleLoadError) in data.read(into: space, at: offset) },
                                                          file: "f.xml", venueZone: venueZone, sink: sink) else { return "refused \(sink.diagnostics)" }
            return describe(conference, sink.diagnostics)
        } catch {
            return error.description
        }
    }

    static func describe(_ conference: Conference, _ diagnostics: [Diagnostic]) -> String {
        var text = diagnostics.map(\.description).joined(separator: "\n") + "\n"
        dump(JSONStreamTests.held(conference), to: &text)
        return text
    }

    /// 38C3 is twice the megabyte looked at first, so its reading crosses from that head to the
    /// pieces after it, and the walk for element starts lets go of what it passed.
    @Test(arguments: ["38C3", "Quirks/busy-stage-lightning.xml", "Quirks/merged-congress-shared-person-id.xml",
                      "Quirks/newline-before-declaration.xml", "Quirks/no-zone-wall-clock.xml",
                      "Quirks/utc-day-containers-kolkata.xml", "Quirks/rooms-named-late-duplicate-guids.xml",
                      "Versions/congress-v1-reordered.xml"])
    func aFileReadAsItGoesReadsAsTheWholeTree(_ name: String) throws {
        let path = name == "38C3" ? SharedFixtures.path("frab-38c3.xml") : Self.quirks.appendingPathComponent(name).path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let whole = Self.wholeRead(data)
        #expect(whole.contains("▿ sessions"), "\(name) did not load: \(whole.prefix(400))")
        #expect(Self.streamedRead(data) == whole)
    }

    /// Events the reader refuses among those whose quirks the builder tells while the file is
    /// still being read: every problem in the order a whole read tells it.
    @Test func refusedEventsAmongTheBuildersQuirksReadAsTheWholeTree() throws {
        let fixture = try String(contentsOf: Self.quirks.appendingPathComponent("Quirks/rooms-named-late-duplicate-guids.xml"), encoding: .utf8)
        let refused = """
                  <event guid="g-5" id="5"><date>not a date</date><start>13:00</start><duration>soon</duration><title>Broken times</title></event>
                  <event id="8"><start>09:00</start></event>
                </room>
              </day>
              <day index="2"
            """
        let text = fixture.replacingOccurrences(of: "    </room>\n  </day>\n  <day index=\"2\"", with: refused)
        #expect(text != fixture)
        let whole = Self.wholeRead(Data(text.utf8))
        #expect(whole.contains("found \"soon\"") && whole.contains("needs a <title>") && whole.contains("g-1#2"), "\(whole.prefix(600))")
        #expect(Self.streamedRead(Data(text.utf8)) == whole)
    }

    /// --venue-tz settles the zone before the first event, so a file that names none is built
    /// as it is read: the same program as the whole tree makes with the same zone.
    @Test(arguments: ["Quirks/no-zone-wall-clock.xml", "Quirks/rooms-named-late-duplicate-guids.xml"])
    func aVenueZoneGivenReadsAsTheWholeTree(_ name: String) throws {
        let data = try Data(contentsOf: Self.quirks.appendingPathComponent(name))
        let kolkata = Zone(identifier: "Asia/Kolkata")
        let whole = Self.wholeRead(data, venueZone: kolkata)
        #expect(whole.contains("Asia/Kolkata") && whole.contains("▿ sessions"), "\(whole.prefix(400))")
        #expect(Self.streamedRead(data, venueZone: kolkata) == whole)
        #expect(whole != Self.wholeRead(data), "the zone changes the program")
    }

    /// A day before the conference, and problems in every part: the streamed reading tells the
    /// same problems in the same order and makes the same program.
    @Test func problemsAndADayBeforeTheConferenceReadAsTheWholeTree() {
        let day = """
              <day index="1" date="2024-05-01"><room name="Hall A">
                <event id="7"><title>Early</title><start>10:00</start><duration>00:30</duration></event>
                <event id="x"><start>25:00</start></event>
              </room></day>
              <day index="2" date="someday"><room name="Hall B"><event id="9"><title>Lost</title></event></room></day>
            """
        let conference = """
              <conference><title>Order</title><acronym>ord</acronym><time_zone_name>Nowhere/City</time_zone_name></conference>
            """
        for text in ["<schedule>\n\(conference)\n\(day)\n<version>3</version></schedule>",
                     "<schedule>\n<version>3</version>\(day)\n\(conference)\n</schedule>",
                     "<agenda>\n\(conference)\n\(day)\n</agenda>"] {
            let data = Data(text.utf8)
            let whole = Self.wholeRead(data)
            #expect(whole.contains(text.hasPrefix("<agenda") ? "expected a <schedule>" : "someday"), "\(whole.prefix(400))")
            #expect(Self.streamedRead(data) == whole)
        }
    }

    /// Read from a file, a long plain description stays in it until shown, and reads back as
    /// libxml2 gave it: references, CR LF and lone CRs, Chinese, white space at the ends. One
    /// in CDATA or around a comment, or a short one, is held.
    @Test(arguments: ["38C3", "Quirks/descriptions-with-references-crlf.xml"])
    func descriptionsLeftInTheFileReadAsTheyWereRead(_ name: String) throws {
        let path = name == "38C3" ? SharedFixtures.path("frab-38c3.xml") : Self.quirks.appendingPathComponent(name).path
        let fromFile = try ScheduleLoader.read(file: path).conference.sessions
        let inMemory = try ScheduleLoader.read(data: Data(contentsOf: URL(fileURLWithPath: path)), name: path).conference.sessions
        #expect(!inMemory.contains { $0.detailsMarkup?.isStored == true })
        #expect(fromFile.map { $0.detailsMarkup?.string } == inMemory.map { $0.detailsMarkup?.string })
        #expect(fromFile.map(\.details) == inMemory.map(\.details))
        let stored = fromFile.filter { $0.detailsMarkup?.isStored == true }
        if name == "38C3" {
            #expect(stored.count > 500, "most of 38C3's descriptions are long")
        } else {
            let markup = Dictionary(uniqueKeysWithValues: fromFile.map { ($0.displayTitle, $0.detailsMarkup) })
            #expect(Set(stored.map(\.displayTitle)) == ["References", "CRLF lines", "Chinese", "Non-breaking space at the ends"])
            #expect(markup["References"]??.string.hasSuffix("Tom & Jerry say <hello> \"quoted\" 'single' café 中文 done.") == true)
            #expect(markup["CRLF lines"]??.string.hasSuffix("\nfirst line\nsecond line\n\nthird paragraph, after two lone carriage returns") == true)
            #expect(markup["CDATA kept in memory"]??.string.hasSuffix("<b>bold</b> & raw") == true)
            #expect(markup["A comment inside"]??.string.hasSuffix("so that it is left in the file. after the note") == true)
            #expect(markup["Short"]??.string == "short & kept")
            #expect(markup["Empty"]! == nil)
            #expect(markup["Non-breaking space at the ends"]??.string.hasPrefix("A long") == true)
        }
    }

    /// Texts read back from the file decode as a byte-at-a-time walk would: references (good,
    /// unknown, cut, at the very end), CR LF and lone CRs, multi-byte characters, in any mix.
    @Test func textReadBackDecodesAsAByteAtATimeWalk() {
        func walked(_ bytes: [UInt8]) -> String {
            var out: [UInt8] = [], index = 0
            while index < bytes.count {
                if bytes[index] == 0x0D {
                    out.append(0x0A)
                    index += index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                } else if bytes[index] == 0x26, let semicolon = bytes[index...].prefix(12).firstIndex(of: 0x3B),
                          let scalar = reference(String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)) {
                    out.append(contentsOf: String(Character(scalar)).utf8)
                    index = semicolon + 1
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        func reference(_ name: String) -> Unicode.Scalar? {
            switch name {
            case "lt": "<"
            case "gt": ">"
            case "amp": "&"
            case "quot": "\""
            case "apos": "'"
            default: name.hasPrefix("#") ? (name.dropFirst().hasPrefix("x") ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst(), radix: 10)).flatMap(Unicode.Scalar.init) : nil
            }
        }
        let pieces = ["&amp;", "&lt;", "&#x4e2d;", "&#25991;", "&nbsp;", "&", "&#xZZ;", "&amp", ";", "\r\n", "\r", "\n", "a", "plain text ", "中文", "é", " "]
        var random = SplitMix64(seed: 2026)
        for _ in 0..<2_000 {
            let count = Int(random.next() % 12)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(XMLText.decoded(Array(text.utf8)) == walked(Array(text.utf8)), "\(text.debugDescription)")
        }
        #expect(XMLText.decoded(Array("Tom &amp; Jerry\r\nsay &lt;hi&gt;\r".utf8)) == "Tom & Jerry\nsay <hi>\n")
    }

    /// libxml2 keeps an element's line in 16 bits; past line 65,535 every message said 65535:1.
    @Test func placesPastLine65535AreTrue() {
        let padding = String(repeating: "\n", count: 70_000)
        let text = """
            <schedule><conference><title>Long</title><time_zone_name>Europe/Berlin</time_zone_name></conference>\(padding)
            <day date="2024-05-01"><room name="Hall A">
              <!-- <event id="1"><title>commented out</title></event> -->
              <event id="2"><title>Shown</title><start>10:00</start></event>
              <![CDATA[ <event id="3"> ]]><?pi <event id="4">?>
                  <event id="5"><title>Broken</title><start>lunch</start></event>
            </room></day></schedule>
            """
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("lunch") }! + 1
        let lunch = text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        let column = lunch.distance(from: lunch.startIndex, to: lunch.range(of: "<start>")!.lowerBound) + 1
        #expect(line == 70_006)
        #expect(loadErrors(text, file: "s.xml") == [#"s.xml:\#(line):\#(column): schedule/day[1]/room[1]/event[2]/start[1]: expected a time as HH:MM, found "lunch""#])
    }

    /// Columns count characters, not bytes, as an editor does.
    @Test func columnsCountCharacters() {
        let text = "<schedule><conference><title>会议</title></conference><day date=\"2024-05-01\"><room name=\"大厅\"><event id=\"1\"><title>讲座</title><start>x</start></event></room></day></schedule>"
        let column = text.distance(from: text.startIndex, to: text.range(of: "<start>")!.lowerBound) + 1
        #expect(loadErrors(text, file: "s.xml") == [#"s.xml:1:\#(column): schedule/day[1]/room[1]/event[1]/start[1]: expected a time as HH:MM, found "x""#])
    }

    /// The prolog is looked at before libxml2 sees the file: a DOCTYPE behind a megabyte of
    /// comments is not let through.
    @Test func aPrologLongerThanTheHeadIsRefused() {
        let text = "<?xml version=\"1.0\"?>\n<!--" + String(repeating: "x", count: XMLTree.headSize) + "-->\n<!DOCTYPE schedule [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<schedule>&e;</schedule>"
        #expect(loadErrors(text, file: "s.xml") == ["s.xml:1:1: the comments and instructions before the first element run past the first MiB; a schedule's start is refused that far in"])
    }

    /// The walk that finds start tags skips end tags, comments, CDATA and instructions, keeps
    /// its place across the pieces it is given, and says nothing when it has no more.
    @Test func elementStartsAreFoundAcrossPieces() {
        let text = "<a>\n  <!-- <no> -->\n <b x=\"1>2\"/><![CDATA[<no>]]></a><?pi <no>?>\n\t<c>é<d/></c>"
        for size in [1, 2, 5, 1000] {
            var starts = XMLElementStarts()
            var found: [String] = []
            let bytes = Array(text.utf8)
            var given = 0
            while given < bytes.count {
                let next = min(bytes.count, given + size)
                bytes[given..<next].withUnsafeBytes { starts.append($0) }
                given = next
                while let place = starts.next() { found.append("\(place.line):\(place.column)") }
            }
            #expect(found == ["1:1", "3:2", "4:2", "4:6"], "pieces of \(size)")
        }
    }

    /// libxml2's SAX2 leaves an ampersand in an attribute as `&#38;` when entities are not
    /// substituted; every other reference comes decoded. Read back, a value says what the file says.
    @Test func attributeValuesReadAsTheFileMeansThem() throws {
        let xml = #"<?xml version="1.0"?><r><t name="Art &amp; Beauty" a="&lt;b&gt; &#38; &#x4E2D;&quot;" b="literally &amp;#38;" c="&amp;&amp;"/></r>"#
        let root = try XMLTree.parse(Data(xml.utf8), file: "f.xml")
        let track = try #require(root.child("t"))
        #expect(track.attribute("name") == "Art & Beauty")
        #expect(track.attribute("a") == "<b> & 中\"")
        #expect(track.attribute("b") == "literally &#38;")
        #expect(track.attribute("c") == "&&")
    }

    /// Text comes from libxml2 in parts (around references, CDATA, and every 300 bytes): an
    /// element's text is all of them, and white space alone between tags is no element's text.
    @Test func textIsWholeAndBlankTextBetweenTagsIsDropped() throws {
        let long = String(repeating: "网格 mesh ", count: 200)
        let xml = "<?xml version=\"1.0\"?>\n<r>\n  <t>a &amp; <![CDATA[<b>]]> c</t>\n  <u>\(long)&lt;end&gt;</u>\n  <v>   </v>\n</r>\n"
        let root = try XMLTree.parse(Data(xml.utf8), file: "f.xml")
        #expect(root.text == "")
        #expect(root.child("t")?.text == "a & <b> c")
        #expect(root.child("u")?.text == long + "<end>")
        #expect(root.child("v")?.text == "")
        #expect(root.children.map(\.name) == ["t", "u", "v"])
    }

    /// With no DOCTYPE no entity can be declared: a reference to any but the five XML names is
    /// an error at its place, and nothing is read.
    @Test func anUndeclaredEntityIsAnErrorAtItsPlace() {
        let xml = "<?xml version=\"1.0\"?>\n<schedule>\n<conference><title>A &secret; B</title></conference></schedule>\n"
        #expect(throws: ScheduleLoadError.self) { try XMLTree.parse(Data(xml.utf8), file: "f.xml") }
        do {
            _ = try XMLTree.parse(Data(xml.utf8), file: "f.xml")
        } catch {
            #expect(error.description == "f.xml:3:30: not valid XML: Entity 'secret' not defined")
        }
    }
}

import Foundation
import Testing
@testable import ScheduleKit

/// A session keeps its commonest fields in fewer bytes than their types take (one title inline,
/// times as seconds with a flag, a day and a position with no optional's byte). What is set must
/// read back as it was, and two sessions that say the same must be equal, however they were made.
@Suite("How a session holds its fields")
struct SessionStorageTests {
    static let titleShapes: [[SourcedTitle]] = [
        [],
        [SourcedTitle(language: "en", text: "Ambient mesh")],
        [SourcedTitle(language: "und", text: "服务网格的数据平面")],
        [SourcedTitle(language: "en", text: "Ambient mesh", certainty: .likely)],
        [SourcedTitle(language: "en", text: "Ambient mesh", sourceIDs: ["s1"])],
        [SourcedTitle(language: "en", text: "Ambient mesh", note: "as announced")],
        [SourcedTitle(language: "zh", text: "数据平面"), SourcedTitle(language: "en", text: "Data plane")],
    ]

    @Test func everyFieldReadsBackAsItWasSet() {
        let instants: [Date?] = [nil, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_695_690_000.5),
                                 Date(timeIntervalSinceReferenceDate: -86_400 * 365 * 30)]
        let days: [CivilDate?] = [nil, CivilDate(year: 2023, month: 9, day: 26), CivilDate(year: 0, month: 0, day: 0)]
        let orders: [Int?] = [nil, 0, -1, 7, Int(Int32.max)]
        for (index, titles) in Self.titleShapes.enumerated() {
            var session = Session(id: "s\(index)")
            session.titles = titles
            #expect(session.titles == titles)
            for start in instants {
                for end in instants.reversed() {
                    session.start = start
                    session.end = end
                    #expect(session.start == start && session.end == end)
                }
            }
            for day in days {
                session.day = day
                #expect(session.day == day)
            }
            for order in orders {
                session.programOrder = order
                #expect(session.programOrder == order)
            }
            session.links = [Link(kind: .video, url: "https://example.org/v")]
            session.sourceIDs = ["a", "b"]
            #expect(session.links.map(\.url) == ["https://example.org/v"] && session.sourceIDs == ["a", "b"])
            session.sourceIDs = []
            #expect(session.sourceIDs.isEmpty && session.links.count == 1)
        }
    }

    @Test func sessionsThatSayTheSameAreEqualHoweverTheyWereMade() {
        for titles in Self.titleShapes {
            let start = Date(timeIntervalSince1970: 1_695_690_000)
            let made = Session(id: "x", titles: titles, day: CivilDate(year: 2023, month: 9, day: 26), start: start,
                               programOrder: 3, links: [Link(kind: .slides, url: "https://example.org/s")], sourceIDs: ["src"])
            var set = Session(id: "x", start: Date(timeIntervalSince1970: 1))
            set.start = start
            set.end = Date(timeIntervalSince1970: 2)
            set.end = nil
            set.titles = [SourcedTitle(language: "de", text: "anders")]
            set.titles = titles
            set.day = nil
            set.day = CivilDate(year: 2023, month: 9, day: 26)
            set.programOrder = 3
            set.links = [Link(kind: .slides, url: "https://example.org/s")]
            set.sourceIDs = ["src"]
            #expect(made == set)
            #expect(made.hashValue == set.hashValue)
            // A field cleared is not a field set to its stand-in value.
            var cleared = made
            cleared.programOrder = nil
            #expect(cleared != made)
            cleared = made
            cleared.day = nil
            #expect(cleared != made && cleared.day == nil)
        }
    }

    @Test func titlesAreReadAsTheListWouldBe() {
        for titles in Self.titleShapes {
            let session = Session(id: "t", titles: titles, label: "Label")
            let english = titles.first { $0.language == "en" }
            #expect(session.primaryTitle == (english ?? titles.first))
            #expect(session.title(language: "zh") == titles.first { $0.language == "zh" })
            #expect(session.hasKnownTitle == !titles.isEmpty)
            #expect(session.displayTitle == (english ?? titles.first)?.text ?? "Label")
            var texts: [String] = []
            session.forEachTitleText { texts.append($0) }
            #expect(texts == titles.map(\.text))
        }
    }

    /// Each of 100,000 sessions holds one: the bytes it takes are a budget, not an accident.
    @Test func aSessionTakesNoMoreThanItsBudget() {
        #expect(MemoryLayout<Session>.stride <= 128)
    }

    @Test func roomTrackAndTitleLanguageReadBackAsSetWhateverTheOrder() {
        for titles in Self.titleShapes {
            var session = Session(id: "r", titles: titles, roomID: "Hall 1", trackID: "security")
            #expect(session.roomID == "Hall 1" && session.trackID == "security" && session.titles == titles)
            session.roomID = nil
            #expect(session.roomID == nil && session.trackID == "security" && session.titles == titles)
            session.titles = [SourcedTitle(language: "de", text: "Saal")]
            session.trackID = nil
            #expect(session.titles == [SourcedTitle(language: "de", text: "Saal")] && session.trackID == nil)
            session.titles = titles
            #expect(session == Session(id: "r", titles: titles))
            #expect(session.hashValue == Session(id: "r", titles: titles).hashValue)
        }
    }
}

/// Sessions in one room and track, with titles in one language, hold those three in one box
/// (each held them inline: 48 bytes a session), however the program was read; a change to one
/// session's room reaches no other.
@Suite("Settings shared by the sessions that have the same")
struct SharedSettingsTests {
    static let ics = """
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
        BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20240301T090000Z\r\nSUMMARY:One\r\nLOCATION:Hall 1\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:b@x\r\nDTSTART:20240301T100000Z\r\nSUMMARY:Two\r\nLOCATION:Hall 1\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:c@x\r\nDTSTART:20240301T100000Z\r\nSUMMARY:Three\r\nLOCATION:Hall 2\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:d@x\r\nDTSTART:20240301T110000Z\r\nSUMMARY:Four\r\nLOCATION:Hall 1\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n
        """

    @Test func aReadProgramsSessionsShareTheirSettingAndStayTheirOwn() throws {
        let read = try ScheduleLoader.read(data: Data(Self.ics.utf8), name: "rooms.ics").conference
        let byID = Dictionary(uniqueKeysWithValues: read.sessions.map { ($0.id, $0) })
        let one = try #require(byID["a@x"]), two = try #require(byID["b@x"]), three = try #require(byID["c@x"]), four = try #require(byID["d@x"])
        #expect(one.roomID == "Hall 1" && three.roomID == "Hall 2")
        #expect(two.sharesSetting(with: one) && four.sharesSetting(with: one))
        #expect(!three.sharesSetting(with: one))
        var moved = two
        moved.roomID = "Hall 2"
        #expect(moved.roomID == "Hall 2" && one.roomID == "Hall 1" && four.roomID == "Hall 1" && !moved.sharesSetting(with: one))

        // Read back from its snapshot, they share as they did.
        var writer = BinaryWriter()
        ConferenceCoding.write(read, to: &writer)
        var reader = BinaryReader(writer.bytes)
        let back = try ConferenceCoding.read(&reader)
        let backByID = Dictionary(uniqueKeysWithValues: back.sessions.map { ($0.id, $0) })
        #expect(backByID == byID)
        #expect(try #require(backByID["d@x"]).sharesSetting(with: try #require(backByID["a@x"])))
        #expect(!(try #require(backByID["c@x"])).sharesSetting(with: try #require(backByID["a@x"])))
    }

    @Test func sessionsOfHallwayJSONShareTheirSetting() throws {
        let alike = Dictionary(grouping: ScheduleLoader.bundled().sessions, by: \.setting.value).values.filter { $0.count > 1 }
        #expect(alike.contains { $0[0].trackID != nil })
        for sessions in alike where sessions[0].setting.value != Session.Setting() {
            #expect(sessions.dropFirst().allSatisfy { $0.sharesSetting(with: sessions[0]) })
        }
    }
}

/// A feed whose descriptions are its events' links (PyCon UK's: 90 of its 162 events) holds each
/// such text once, for the summary and the link both, as read and as read back from its snapshot.
@Suite("A summary that is the session's link")
struct SummaryThatIsTheLinkTests {
    static let ics = """
        BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
        BEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20240301T090000Z\r\nSUMMARY:DjangoGirls\r\nDESCRIPTION:http://www.pyconuk.org/djangogirls/\r\n\
        URL:http://www.pyconuk.org/djangogirls/\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:b@x\r\nDTSTART:20240301T090000Z\r\nSUMMARY:Other\r\nDESCRIPTION:See http://www.pyconuk.org/other/\r\n\
        URL:http://www.pyconuk.org/other/\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n
        """

    static func storage(_ text: String?) -> UnsafeRawPointer? {
        var text = text
        return text?.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func isOneStringWithTheLink() throws {
        let read = try ScheduleLoader.read(data: Data(Self.ics.utf8), name: "links.ics").conference
        var writer = BinaryWriter()
        ConferenceCoding.write(read, to: &writer)
        var reader = BinaryReader(writer.bytes)
        let back = try ConferenceCoding.read(&reader)
        for program in [read, back] {
            let same = try #require(program.sessions.first { $0.id == "a@x" })
            let other = try #require(program.sessions.first { $0.id == "b@x" })
            #expect(same.summary == "http://www.pyconuk.org/djangogirls/" && same.links.first?.url == same.summary)
            #expect(Self.storage(same.summary) == Self.storage(same.links.first?.url))
            #expect(other.summary == "See http://www.pyconuk.org/other/" && Self.storage(other.summary) != Self.storage(other.links.first?.url))
        }
    }
}

/// Sessions of Hallway JSON that give the same sources hold them once (each held a copy: 160
/// bytes a session), and a change to one never reaches another.
@Suite("Extras shared by the sessions that give the same")
struct SharedExtrasTests {
    @Test func sessionsWithTheSameSourcesShareThemAndStayTheirOwn() throws {
        var sessions: [String] = []
        for number in 0..<6 {
            let sources = number < 4 ? #"["S1"]"# : #"["S1","S2"]"#
            sessions.append(#"{"id":"s\#(number)","kind":"talk","titles":[{"lang":"en","text":"Talk \#(number)","certainty":"confirmed","sources":["S1"]}],"label":null,"day":"2024-03-01","start":null,"end":null,"room":null,"track":null,"topics":[],"speakers":[],"links":[],"sources":\#(sources)}"#)
        }
        let document = #"{"format":"hallway-schedule","version":1,"conference":{"id":"c","name":"C","days":["2024-03-01"],"timeZone":"Europe/Berlin"},"sources":[{"id":"S1","title":"One","url":"https://example.org/1","published":"2024-01-01","note":"n"},{"id":"S2","title":"Two","url":"https://example.org/2","published":"2024-01-01","note":"n"}],"tracks":[],"topics":[],"rooms":[],"speakers":[],"sessions":["#
            + sessions.joined(separator: ",") + "]}"
        let read = try ScheduleLoader.read(data: Data(document.utf8), name: "shared.json").conference.sessions
        #expect(read.map(\.sourceIDs) == [["S1"], ["S1"], ["S1"], ["S1"], ["S1", "S2"], ["S1", "S2"]])
        #expect(read[1].sharesExtras(with: read[0]) && read[3].sharesExtras(with: read[0]) && read[5].sharesExtras(with: read[4]))
        #expect(!read[4].sharesExtras(with: read[3]))
        var changed = read[1]
        changed.notes = "moved"
        #expect(changed.notes == "moved" && read[0].notes == nil && read[2].notes == nil && !changed.sharesExtras(with: read[0]))
    }
}

/// A description left as the file wrote it is given to the session when it is made, not set after
/// (which boxed its extras twice): the session is the one the setter made, markup in place of
/// clean details when both are given, and no extras at all when neither is.
@Suite("A session made with its description as markup")
struct DetailsMarkupAtInitTests {
    @Test(arguments: [(nil, nil), ("Clean.", nil), (nil, "<p>Marked</p>"), ("Clean.", "<p>Marked</p>")] as [(String?, String?)])
    func madeWithItIsMadeAsTheSetterMakesIt(details: String?, markup: String?) {
        let given = markup.map(LongText.init)
        var set = Session(id: "s", details: details, typeName: "talk")
        if let given { set.detailsMarkup = given }
        let made = Session(id: "s", details: details, typeName: "talk", detailsMarkup: given)
        #expect(made == set)
        #expect(made.details == set.details && made.detailsMarkup == set.detailsMarkup)
        #expect(Session(id: "bare", detailsMarkup: nil) == Session(id: "bare"))
    }
}

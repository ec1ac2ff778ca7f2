import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

@Suite("Real iCalendar feeds")
struct RealICalendarTests {
    @Test func pyconUK2015InUTCWithSpeakersInTitles() throws {
        let loaded = try RealSchedules.read("ics-pyconuk2015.ics")
        #expect(loaded.format == .iCalendar)
        let conference = loaded.conference
        #expect(conference.sessions.count == 162)
        #expect(!conference.timeZoneIsKnown)
        #expect(loaded.warnings.first?.message.hasPrefix("the file does not say where the venue is") == true)
        let index = ScheduleIndex(conference)
        let gil = try #require(index.session(titled: "Python's Infamous GIL"))
        #expect(gil.displayTitle == "Python's Infamous GIL")
        #expect(index.speakerNames(gil) == ["Larry Hastings"] && gil.speakersInferred)
        #expect(index.room(of: gil)?.name == "PythonAnywhere Room (CC1.3)")
        #expect(gil.start == instant("2015-09-18T10:30:00Z") && gil.end == instant("2015-09-18T11:00:00Z"))
        #expect(gil.links.first?.url == "http://www.pyconuk.org/talks/pythons-infamous-gil/")
        let nukes = try #require(index.session(titled: "Python powered Nukes"))
        #expect(index.speakerNames(nukes) == ["Babak Khataee", "Dan Milburn"])
        // "Keynote: Van Lindberg, PSF Chair" names no speaker the file knows, so it is left as a title.
        let keynote = try #require(index.session(titled: "Keynote: Van Lindberg"))
        #expect(keynote.speakerIDs.isEmpty)

        // With the venue's zone given, times and days are the venue's.
        let london = try ScheduleLoader.read(file: RealSchedules.path("ics-pyconuk2015.ics"), venueZone: Zone(identifier: "Europe/London")!)
        let gilInLondon = try #require(ScheduleIndex(london.conference).session(titled: "Python's Infamous GIL"))
        #expect(london.conference.timeZoneIsKnown)
        #expect(SessionTimeText.full(gilInLondon, conference: london.conference) == "Fri 18 Sep 2015, 11:30–12:00 Europe/London")
    }

    /// Speakers read out of a title's closing parentheses: "and" and "&" part them, an
    /// affiliation after a comma is left out, the role is any case, other parentheses are title.
    @Test func speakersInATitlesParentheses() {
        #expect(TitleSpeakers.parenthetical("Python powered Nukes (talk by Babak Khataee and Dan Milburn)")! == ("Python powered Nukes", ["Babak Khataee", "Dan Milburn"]))
        #expect(TitleSpeakers.parenthetical("Bots (Workshop BY Ada Lovelace, Analytical Engines & 王小明)")! == ("Bots", ["Ada Lovelace", "王小明"]))
        #expect(TitleSpeakers.parenthetical("Quick ones (lightning talk by A & B and C)")! == ("Quick ones", ["A", "B", "C"]))
        #expect(TitleSpeakers.parenthetical("Sandy and Andy (talk by Sandy Anderson)")! == ("Sandy and Andy", ["Sandy Anderson"]))
        #expect(TitleSpeakers.parenthetical("Empty (talk by  and , Org)") == nil, "no name left")
        #expect(TitleSpeakers.parenthetical("Lunch (provided)") == nil)
        #expect(TitleSpeakers.parenthetical("(talk by Nobody)") == nil, "no title left")
        #expect(TitleSpeakers.parenthetical("Talks by (talk by) the river") == nil)
        #expect(TitleSpeakers.parenthetical("Trailing (talk by Ann)x") == nil)
    }

    @Test func moca2024WithRepeatedUIDsAMalformedLineAndOrganizers() throws {
        let loaded = try RealSchedules.read("ics-moca2024.ics")
        let conference = loaded.conference
        #expect(conference.sessions.count == 88)
        #expect(Set(conference.sessions.map(\.id)).count == 88, "a repeated UID loses no event")
        #expect(conference.name == "ics-moca2024")
        #expect(conference.timeZone.identifier == "Europe/Rome" && conference.timeZoneIsKnown)
        let malformed = try #require(loaded.warnings.first { $0.message.hasPrefix("VTIMEZONE is a component") })
        #expect(malformed.location == .position(line: 4, column: 1))
        let index = ScheduleIndex(conference)
        let talk = try #require(index.session(titled: "Phantom Threats: Navigating Cyber False Flags in the Attribution Game"))
        #expect(index.speakerNames(talk) == ["Agostino Panico"] && !talk.speakersInferred)
        #expect(index.room(of: talk)?.name == "XOR", "the leading space of \"LOCATION: XOR\" is not part of the room")
        #expect(talk.start == instant("2024-09-13T16:30:00Z"))
        #expect(SessionTimeText.full(talk, conference: conference) == "Fri 13 Sep 2024, 18:30–19:15 Europe/Rome")
        #expect(talk.id == "46939|20240913T163000Z|Phantom Threats: Navigating Cyber False Flags in the Attribution Game")
        let closing = try #require(index.session(titled: "Closing ceremony"))
        #expect(closing.summary == nil, "DESCRIPTION: with only a space is no description")
    }
}

/// A calendar around the given lines; `\n` line ends unless `crlf`.
func calendar(_ body: String, header: String = "", crlf: Bool = false) -> Data {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:test\n\(header)\(body)END:VCALENDAR\n"
    return Data((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
}

func event(_ lines: String, uid: String = "e1") -> String {
    "BEGIN:VEVENT\nUID:\(uid)\n\(lines)END:VEVENT\n"
}

@Suite("iCalendar as producers write it")
struct ICalendarRuleTests {
    func load(_ data: Data, venue: String? = nil) throws -> LoadedSchedule {
        try ScheduleLoader.read(data: data, name: "feed.ics", venueZone: venue.flatMap(Zone.init(identifier:)))
    }

    @Test func foldedLinesJoinEvenInsideAMultiByteCharacter() throws {
        // "数据" split between its UTF-8 bytes, across a fold, with CRLF line ends and a byte-order mark.
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Demo\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240501T080000Z\r\nSUMMARY:Big ".utf8)
        let characters = Array("数据".utf8)
        bytes += characters.prefix(2) + Array("\r\n ".utf8) + characters.dropFirst(2) + Array(" talk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let loaded = try load(Data(bytes))
        #expect(loaded.conference.sessions.first?.displayTitle == "Big 数据 talk")
        #expect(loaded.conference.name == "Demo")
    }

    @Test func escapesParametersAndNamesInAnyCase() throws {
        let body = event("dtstart:20240501T080000Z\nsummary;LANGUAGE=en;CHARSET=UTF-8:Rust\\, Go\\; and C\nDESCRIPTION;ENCODING=8BIT:Line one\\nLine two\\\\done\nCATEGORIES:Systems,Languages\\, compilers\nLOCATION:Hall \"A\"\n")
        let session = try #require(load(calendar(body)).conference.sessions.first)
        #expect(session.displayTitle == "Rust, Go; and C")
        #expect(session.summary == "Line one\nLine two\\done")
        let index = ScheduleIndex(try load(calendar(body)).conference)
        #expect(index.track(id: session.trackID!)?.name == "Systems")
        #expect(index.topics(of: session).map(\.name) == ["Systems", "Languages, compilers"])
        #expect(index.room(of: session)?.name == "Hall \"A\"")
    }

    @Test func tzidWithoutVTimezoneFloatingDurationAndAllDay() throws {
        let body = event("DTSTART;TZID=Europe/Berlin:20240501T100000\nDURATION:PT1H30M\nSUMMARY:Zoned\n", uid: "z")
            + event("DTSTART:20240501T140000\nDTEND:20240501T143000\nSUMMARY:Floating\n", uid: "f")
            + event("DTSTART;VALUE=DATE:20240502\nDTEND;VALUE=DATE:20240503\nSUMMARY:Sprints\n", uid: "d")
        let conference = try load(calendar(body)).conference
        let (zoned, floating, allDay) = (conference.sessions[0], conference.sessions[1], conference.sessions[2])
        #expect(conference.timeZone.identifier == "Europe/Berlin", "a TZID names the venue's zone when nothing else does")
        #expect(zoned.start == instant("2024-05-01T08:00:00Z") && zoned.end == instant("2024-05-01T09:30:00Z"))
        #expect(floating.start == instant("2024-05-01T12:00:00Z"), "floating times are the venue's")
        #expect(allDay.allDay && allDay.start == nil && allDay.day == CivilDate(year: 2024, month: 5, day: 2))
        #expect(SessionTimeText.full(allDay, conference: conference) == "Thu 2 May 2024, all day")
    }

    @Test func aTZIDInsideAPathAndOneKnownOnlyByItsVTimezone() throws {
        let header = "BEGIN:VTIMEZONE\nTZID:Venue Time\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE\n"
        let body = event("DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Europe/Rome:20240501T100000\nSUMMARY:A\n", uid: "a")
            + event("DTSTART;TZID=Venue Time:20240501T100000\nSUMMARY:B\n", uid: "b")
        let conference = try load(calendar(body, header: header)).conference
        #expect(conference.sessions[0].start == instant("2024-05-01T08:00:00Z"))
        #expect(conference.sessions[1].start == instant("2024-05-01T04:30:00Z"))
    }

    @Test func aRepeatedUIDKeepsEveryEventWithKeysThatSurviveARedownload() throws {
        let body = event("DTSTART:20240501T080000Z\nSUMMARY:One\n", uid: "same") + event("DTSTART:20240501T090000Z\nSUMMARY:Two\n", uid: "same")
        let first = try load(calendar(body)).conference.sessions.map(\.id)
        #expect(first == ["same|20240501T080000Z|One", "same|20240501T090000Z|Two"])
        #expect(try load(calendar(body)).conference.sessions.map(\.id) == first)
    }

    /// Two single events that make the conference's days 1 to 3 May 2024, for repeating ones.
    static let conferenceDays = event("DTSTART:20240501T080000Z\nSUMMARY:Day one\n", uid: "a") + event("DTSTART:20240503T080000Z\nSUMMARY:Day three\n", uid: "b")

    @Test func repeatRulesExpandWithinTheConferenceDays() throws {
        let body = Self.conferenceDays
            + event("DTSTART:20240501T070000Z\nDTEND:20240501T073000Z\nRRULE:FREQ=DAILY;COUNT=10\nEXDATE:20240502T070000Z\nSUMMARY:Coffee\n", uid: "c")
            + event("DTSTART:20240501T120000Z\nRRULE:FREQ=MONTHLY;BYDAY=1MO\nSUMMARY:Monthly\n", uid: "m")
        let loaded = try load(calendar(body))
        let coffee = loaded.conference.sessions.filter { $0.displayTitle == "Coffee" }
        #expect(coffee.map(\.start) == [instant("2024-05-01T07:00:00Z"), instant("2024-05-03T07:00:00Z")])
        #expect(coffee.map(\.end) == [instant("2024-05-01T07:30:00Z"), instant("2024-05-03T07:30:00Z")])
        #expect(Set(coffee.map(\.id)).count == 2)
        #expect(loaded.conference.sessions.contains { $0.displayTitle == "Monthly" }, "an unexpanded rule keeps its first occurrence")
        #expect(loaded.warnings.contains { $0.message.hasPrefix("the repeat rule \"FREQ=MONTHLY;BYDAY=1MO\" is not expanded") && $0.location == .position(line: 25, column: 1) })
    }

    /// A rule from 1750 used to be walked a day at a time, 100,000 days, and the event vanished.
    @Test func aRuleFromLongBeforeTheConferenceIsExpandedOnItsDaysOrKept() throws {
        let body = Self.conferenceDays
            + event("DTSTART:17500101T070000Z\nDTEND:17500101T073000Z\nRRULE:FREQ=DAILY;COUNT=1000000000\nSUMMARY:Coffee\n", uid: "c")
            + event("DTSTART:17500101T120000Z\nRRULE:FREQ=WEEKLY;COUNT=3\nSUMMARY:Long ago\n", uid: "d")
        let loaded = try load(calendar(body))
        let coffee = loaded.conference.sessions.filter { $0.displayTitle == "Coffee" }
        #expect(coffee.map(\.start) == [instant("2024-05-01T07:00:00Z"), instant("2024-05-02T07:00:00Z"), instant("2024-05-03T07:00:00Z")])
        let longAgo = loaded.conference.sessions.filter { $0.displayTitle == "Long ago" }
        #expect(longAgo.map(\.start) == [instant("1750-01-01T12:00:00Z")], "never dropped: its first occurrence is kept")
        #expect(loaded.warnings.contains { $0.message.hasPrefix("the event repeats from 1750-01-01 but no occurrence falls on the conference's days") })
    }

    /// iCalendar writes four-digit years: a session in year 0 or ending in 10000 is left out of an
    /// export, counted, and what is written reads back.
    @Test func sessionsOutsideTheYearsICalendarWritesAreLeftOutOfTheExport() throws {
        let body = event("DTSTART:20240501T080000Z\nSUMMARY:Fine\n", uid: "a")
            + event("DTSTART:00000101T080000Z\nSUMMARY:Year zero\n", uid: "b")
            + event("DTSTART:99991231T233000Z\nDURATION:PT2H\nSUMMARY:Past the end\n", uid: "c")
        let index = ScheduleIndex(try load(calendar(body)).conference)
        let result = ICalendarExport.calendar(index.sessions, in: index, stamp: instant("2024-05-01T00:00:00Z"))
        #expect(result.exported == 1 && result.unwritable == 2 && result.untimed == 0)
        #expect(!result.text.contains("DTSTART:0000") && !result.text.contains("10000"))
        let back = try ScheduleLoader.read(data: Data(result.text.utf8), name: "export.ics")
        #expect(back.conference.sessions.map(\.displayTitle) == ["Fine"])
    }

    /// One 5 MB description line: read up to the line cap with a located warning, then cut to the
    /// field limit; a character split by the cap is dropped whole, never half.
    @Test func aHugeLineIsCutAtTheCapWithALocatedWarning() throws {
        let huge = "DESCRIPTION:" + String(repeating: "会议\\n", count: 1_000_000)
        let loaded = try load(calendar(event("DTSTART:20240501T080000Z\nSUMMARY:Long\n" + huge + "\n", uid: "a")))
        #expect(loaded.warnings.contains { $0.message == "the line is over 256 KiB; only its first 256 KiB are read" && $0.location == .position(line: 8, column: 1) },
                "\(loaded.warnings.map(\.description))")
        let summary = try #require(loaded.conference.sessions.first?.summary)
        #expect(summary.count <= 20_000 && summary.hasPrefix("会议\n会议"))
        #expect(!summary.contains("\u{FFFD}"))
    }

    @Test func malformedLinesAreWarningsAndTheRestOpens() throws {
        let body = "VTIMEZONE: Europe/Rome\nthis is not a content line\n" + event("DTSTART:20240501T080000Z\nSUMMARY:Still here\n")
        let loaded = try load(calendar(body))
        #expect(loaded.conference.sessions.map(\.displayTitle) == ["Still here"])
        // In the file's order: lines are read and judged one at a time.
        #expect(loaded.warnings.map(\.description) == [
            "feed.ics:4:1: warning: VTIMEZONE is a component (BEGIN:VTIMEZONE … END:VTIMEZONE), not a property; Europe/Rome is taken as the venue's zone unless the file names another",
            "feed.ics:5:1: warning: not an iCalendar content line (NAME:value); skipped: \"this is not a content line\"",
        ])
        #expect(loaded.conference.timeZone.identifier == "Europe/Rome")
    }

    @Test func speakersFromNamesAndFromTitlesOnlyWhenUnambiguous() throws {
        let body = event("DTSTART:20240501T080000Z\nORGANIZER;CN=\"Ada Lovelace\":mailto:ada@example.org\nSUMMARY:Notes on the Engine\n", uid: "a")
            + event("DTSTART:20240501T090000Z\nSUMMARY:Ada Lovelace: Bernoulli numbers\n", uid: "b")
            + event("DTSTART:20240501T100000Z\nSUMMARY:Workshop: Looms\n", uid: "c")
        let index = ScheduleIndex(try load(calendar(body)).conference)
        let sessions = index.sessions
        #expect(index.speakerNames(sessions[0]) == ["Ada Lovelace"] && !sessions[0].speakersInferred)
        #expect(sessions[1].displayTitle == "Bernoulli numbers" && index.speakerNames(sessions[1]) == ["Ada Lovelace"] && sessions[1].speakersInferred)
        #expect(sessions[2].displayTitle == "Workshop: Looms" && sessions[2].speakerIDs.isEmpty)
    }

    @Test func aLineThatIsNotUTF8IsSkippedWhereverItsBadByteIs() throws {
        var bytes = Array("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nDTSTART:20240501T080000Z\nSUMMARY:Kept \u{FFFD} as written, 中文\n".utf8)
        bytes += Array("DESCRIPTION:bad ".utf8) + [0xFF] + Array(" value\n".utf8)   // a line Hallway reads
        bytes += Array("DTSTAMP:2024".utf8) + [0xC3] + Array("\n".utf8)   // one it does not read
        bytes += Array("LOCATION;ALTREP=\"".utf8) + [0xE4, 0xB8] + Array("\":Room\n".utf8)   // in a parameter
        bytes += Array("no colon ".utf8) + [0xFE] + Array("\n".utf8)   // no content line either
        bytes += Array("end:vevent\nEND:VCALENDAR\n".utf8)
        let loaded = try load(Data(bytes), venue: "UTC")
        let session = try #require(loaded.conference.sessions.first)
        #expect(session.displayTitle == "Kept \u{FFFD} as written, 中文", "a replacement character the file holds is text, not a bad byte")
        #expect(session.summary == nil && session.roomID == nil)
        #expect(loaded.warnings.map(\.description) == (6...9).map { "feed.ics:\($0):1: warning: not valid UTF-8; the line is skipped" })
    }

    @Test func componentsAreNamedInAnyCaseAndSpelledAsWrittenWhenUnknown() throws {
        let body = "begin:vevent \nUID:a\nDTSTART:20240501T080000Z\nSUMMARY:Lower\nBegin:VAlarm \nSUMMARY:not the event's\nEnd:valarm\nEND:VEVENT\n"
            + "BEGIN:x-Custom\nSUMMARY:not an event\nEND:X-OTHER\nEND:X-CUSTOM\n"
        let loaded = try load(calendar(body), venue: "UTC")
        #expect(loaded.conference.sessions.map(\.displayTitle) == ["Lower"])
        #expect(loaded.warnings.map(\.description) == ["feed.ics:14:1: warning: END:X-OTHER does not close BEGIN:X-CUSTOM"])
    }

    @Test func contentNamesAreMatchedOnBytesInAnyCase() {
        func named(_ text: String) -> ContentName { ContentName.named(text) }
        for name in ContentName.allCases where name != .other {
            #expect(named(name.spelling) == name && named(name.spelling.lowercased()) == name)
        }
        #expect(named("DTSTAMP") == .other && named("X-WR-CALNAMES") == .other && named("X-WR-TIMEZONE-EXTRA") == .other && named("") == .other)
        #expect(named("Summary") == .summary && named("x-wr-timezone") == .xWRTimezone)
        // Against naming by upper-cased text, on every spelling in random case, spellings one byte
        // off, and random bytes (letters either side of a…z, digits, bytes from 0x80 up).
        var generator = SplitMix64(seed: 5545)
        let alphabet = Array("aAzZ`{@[09-_ ".utf8) + [0x80, 0xC1, 0xE1, 0xFA, 0xFF]
        for _ in 0..<20_000 {
            var bytes: [UInt8]
            if generator.next() % 2 == 0 {
                let spelling = ContentName.allCases[Int(generator.next() % UInt64(ContentName.allCases.count - 1))].spelling
                bytes = spelling.utf8.map { generator.next() % 2 == 0 ? $0 : Array(String(UnicodeScalar($0)).lowercased().utf8)[0] }
                if generator.next() % 3 == 0 { bytes[Int(generator.next() % UInt64(bytes.count))] = alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            } else {
                bytes = (0..<Int(generator.next() % 18)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            }
            let upper = bytes.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }
            let expected = ContentName.allCases.first { $0 != .other && Array($0.spelling.utf8) == upper } ?? .other
            #expect(bytes.withUnsafeBufferPointer(ContentName.named) == expected, "\(bytes)")
        }
        let set = ContentName.Set([.uid, .summary])
        #expect(set.contains(.uid) && set.contains(.summary) && !set.contains(.other) && !set.contains(.dtstart))
        #expect(set.union(ContentName.Set([.other])).contains(.other))
    }

    @Test func aFileThatIsNotACalendarIsRefusedWhereItGoesWrong() {
        #expect(loadErrors("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n").isEmpty)
        #expect(loadErrors("BEGIN:VEVENT\nEND:VEVENT\n") == ["demo.json:1:1: not a schedule Hallway reads: expected Hallway's JSON, frab/pretalx schedule.json (version 1 or schedule2), frab schedule.xml or iCalendar"])
    }
}

@Suite("Hallway's calendar export reads back")
struct ICalendarRoundTripTests {
    @Test func the38C3ExportReadsBackWithEveryFieldEqual() throws {
        let original = ScheduleIndex(try ScheduleLoader.load(file: RealSchedules.path("frab-38c3.xml")))
        let exported = ICalendarExport.calendar(original.sessions, in: original, stamp: instant("2026-11-28T12:00:00Z"))
        let readBack = try ScheduleLoader.read(data: Data(exported.text.utf8), name: "38c3.ics")
        #expect(readBack.format == .iCalendar)
        #expect(readBack.conference.name == "38C3" && readBack.conference.timeZone.identifier == "Europe/Berlin")
        let index = ScheduleIndex(readBack.conference)
        #expect(index.sessions.count == exported.exported)
        for session in original.sessions where session.start != nil {
            let copy = try #require(index.session(id: session.id), "session \(session.id) came back under its own key")
            #expect(copy.displayTitle == session.displayTitle)
            #expect(copy.start == session.start && copy.end == (session.end ?? session.start))
            #expect(index.room(of: copy)?.name == original.room(of: session)?.name)
            #expect(copy.trackID.flatMap(index.track(id:))?.name == session.trackID.flatMap(original.track(id:))?.name)
            #expect(index.speakers(of: copy).map(\.id) == original.speakers(of: session).map(\.id))
            #expect(index.speakerNames(copy) == original.speakers(of: session).map(\.fullName))
            #expect(copy.summary == ICalendarExport.description(of: session, in: original).trimmedOrNil.map(RichText.plain))
            #expect(copy.links.first?.url == ICalendarExport.pageURL(of: session))
            // iCalendar has no conference days: a talk reads back on the venue's date of its start,
            // one before 05:00 on the night before, as the day it was listed under.
            #expect(copy.day == SessionDay.of(start: session.start, listed: nil, in: original.conference.timeZone))
            if CivilDate(session.start!, in: original.conference.timeZone) != session.day, session.start!.timeIntervalSince(session.day!.at(hour: 0, minute: 0, in: original.conference.timeZone)) < 29 * 3600 {
                #expect(copy.day == session.day, "after midnight, before 05:00: the same conference day")
            }
        }
    }
}

@Suite("iCalendar read in pieces, in two passes")
struct ICalendarStreamingTests {
    /// The lines and warnings of `bytes` fed to the unfolding `pieceSize` bytes at a time.
    /// Each line also says where it lies and whether the file's bytes there read back as its text.
    func unfolded(_ bytes: [UInt8], pieceSize: Int) -> (lines: [String], warnings: [String]) {
        let sink = DiagnosticSink(file: "feed.ics")
        var lines: [String] = []
        var unfolding = ContentLines.Unfolding()
        let take = { (line: ContentLine) in
            let readBack = line.span.map { ContentLines.storedText(Array(bytes[$0])) == line.text ? "reads back" : "READS OTHERWISE" } ?? "unplaced"
            lines.append("\(line.line) \(line.name) \(line.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }) \(line.value.utf8.count) \(line.value.prefix(40)) \(line.span.map { "\($0)" } ?? "-") \(readBack)")
        }
        bytes.withUnsafeBytes { whole in
            var start = 0
            while start < whole.count {
                let end = min(start + pieceSize, whole.count)
                unfolding.feed(UnsafeRawBufferPointer(rebasing: whole[start..<end]), sink: sink, take)
                start = end
            }
        }
        unfolding.finish(sink: sink, take)
        return (lines, sink.finished().map(\.description))
    }

    /// Every way a line can end or continue, cut at every byte: a byte-order mark, CRLF and LF,
    /// a fold inside a multi-byte character, blank lines, a line over the cap, a carriage return
    /// inside a value, invalid UTF-8 and a line that is no content line.
    @Test func piecesOfAnySizeGiveTheSameLinesAsTheWholeFile() {
        let characters = Array("数据".utf8)
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Demo\r\n\r\nBEGIN:VEVENT\r\nSUMMARY:Big ".utf8)
        bytes += characters.prefix(2) + Array("\r\n ".utf8) + characters.dropFirst(2) + Array(" talk\r\n\tcontinued\nDESCRIPTION:a\rb\r\n".utf8)
        bytes += Array("X-BAD:".utf8) + [0xFF, 0xFE] + Array("\r\nthis is not a content line\r\n".utf8)
        bytes += Array("X-LONG:".utf8) + Array(repeating: UInt8(ascii: "x"), count: ContentLines.maximumLineBytes + 10) + Array("\r\n more\r\n".utf8)
        bytes += Array("ATTENDEE;CN=\"Ada; Lovelace\";ROLE=CHAIR:mailto:a@example.org\r\n".utf8)
        // Folds of every kind in one value, escapes and a carriage return doubled before a fold.
        bytes += Array("DESCRIPTION:one\\, two\r\n three\n\tfour\\nfive\r\r\n six\r\nEND:VEVENT\r\nEND:VCALENDAR".utf8)
        let whole = unfolded(bytes, pieceSize: bytes.count)
        #expect(whole.lines.count == 10, "\(whole.lines)")
        #expect(whole.lines[0].hasPrefix("1 BEGIN [] 9 VCALENDAR 3..<18 "), "the byte-order mark is not part of the first line")
        #expect(whole.lines[3].hasPrefix("5 SUMMARY [] 24 Big 数据 talkcontinued "))
        #expect(whole.lines[4].hasPrefix("8 DESCRIPTION [] 3 a\rb "), "a carriage return before other text is the value's")
        #expect(whole.lines[7].hasPrefix("14 DESCRIPTION [] 28 one\\, twothreefour\\nfive\rsix "))
        #expect(whole.lines.filter { $0.hasSuffix(" unplaced") }.count == 1 && whole.lines[5].hasPrefix("11 X-LONG"), "only the line cut is not placed")
        #expect(!whole.lines.contains { $0.hasSuffix("READS OTHERWISE") }, "\(whole.lines)")
        #expect(whole.warnings.count == 3, "\(whole.warnings)")
        for size in [1, 2, 3, 5, 7, 64, 4096, 1 << 20] {
            let pieces = unfolded(bytes, pieceSize: size)
            #expect(pieces.lines == whole.lines, "pieces of \(size) bytes")
            #expect(pieces.warnings == whole.warnings, "pieces of \(size) bytes")
        }
    }

    /// A feed read from a file of its bytes (named `file` in the scratch folder) and from memory.
    func readFromFileAndMemory(_ data: Data, writtenTo file: String) throws -> (fromFile: LoadedSchedule, fromMemory: LoadedSchedule) {
        let path = Scratch.path(file)
        try data.write(to: path)
        return (try ScheduleLoader.read(file: path.path, name: "feed.ics"), try ScheduleLoader.read(data: data, name: "feed.ics"))
    }

    /// A feed several windows long reads the same from its file, a megabyte at a time, as from
    /// memory: every session, field and warning.
    @Test func aFeedLongerThanTheWindowReadsTheSameFromItsFile() throws {
        var body = ""
        for number in 0..<6_000 {
            let folded = "DESCRIPTION:Talk \(number) about 服务网格 and the mesh\\, with a long line folded\r\n  in the middle of a word\r\n"
            body += "BEGIN:VEVENT\r\nUID:u\(number % 5_000)\r\nDTSTART;TZID=Europe/Rome:202405\(String(format: "%02d", 1 + number % 3))T\(String(format: "%02d", 8 + number % 9))0000\r\n"
                + "DURATION:PT45M\r\nSUMMARY:Talk \(number) (talk by Speaker \(number % 40))\r\nLOCATION:Room \(number % 7)\r\n\(folded)END:VEVENT\r\n"
        }
        let data = Data(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + "END:VCALENDAR\r\n").utf8)
        #expect(data.count > 1 << 20)
        let (fromFile, fromMemory) = try readFromFileAndMemory(data, writtenTo: "long.ics")
        #expect(fromFile.conference.sessions.count == 6_000)
        // Sessions compare field by field (a summary by its text); rooms and speakers too.
        #expect(fromFile.conference.sessions == fromMemory.conference.sessions)
        #expect(fromFile.conference.rooms == fromMemory.conference.rooms && fromFile.conference.speakers == fromMemory.conference.speakers)
        #expect(fromFile.conference.timeZone == fromMemory.conference.timeZone && fromFile.conference.days == fromMemory.conference.days)
        #expect(fromFile.warnings.map(\.description) == fromMemory.warnings.map(\.description))
        let index = ScheduleIndex(fromFile.conference)
        let last = try #require(index.session(titled: "Talk 5999"))
        #expect(last.summary == "Talk 5999 about 服务网格 and the mesh, with a long line folded in the middle of a word")
        #expect(index.speakerNames(last) == ["Speaker 39"])
        // u1 is the UID of events 1 and 5001: neither keys its session by the UID alone.
        #expect(!fromFile.conference.sessions.contains { $0.id == "u1" })
        #expect(fromFile.conference.sessions.contains { $0.id == "u4999" })
    }

    /// Plain descriptions of 128 bytes and more are left in the file and read back as they were
    /// read, whatever their folds (CRLF and a space, LF and a tab, inside a Chinese character),
    /// escapes and parameters, across the megabyte pieces the file is read in. A description
    /// with markup is held made plain; one read from memory is held.
    @Test func plainDescriptionsAreLeftInTheFileAndReadBackAsRead() throws {
        func folded(_ line: [UInt8], every width: Int, with fold: String) -> [UInt8] {
            var out: [UInt8] = []
            for (offset, byte) in line.enumerated() {
                if offset > 0, offset % width == 0 { out += Array(fold.utf8) }
                out.append(byte)
            }
            return out
        }
        var bytes = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".utf8)
        for number in 0..<4_000 {
            let text = "Talk \(number) on 服务网格\\, the mesh\\; and ambient mode.\\nSecond line: " + String(repeating: "sidecars and waypoints ", count: 4 + number % 9)
            let description: [UInt8]
            switch number % 4 {
            case 0: description = Array(("DESCRIPTION:" + text).utf8)
            case 1: description = folded(Array(("DESCRIPTION:" + text).utf8), every: 75, with: "\r\n ")
            case 2: description = folded(Array(("DESCRIPTION;LANGUAGE=en:" + text).utf8), every: 31 + number % 13, with: "\n\t")
            default: description = Array("DESCRIPTION:<p>Talk \(number) with <b>markup</b> \(String(repeating: "and more words ", count: 10))</p>".utf8)
            }
            bytes += Array("BEGIN:VEVENT\r\nUID:u\(number)\r\nDTSTART:20240501T\(String(format: "%02d", 8 + number % 9))0000Z\r\nDURATION:PT45M\r\nSUMMARY:Talk \(number)\r\n".utf8)
            bytes += description + Array("\r\nEND:VEVENT\r\n".utf8)
        }
        bytes += Array("END:VCALENDAR\r\n".utf8)
        let data = Data(bytes)
        #expect(data.count > 1 << 20, "longer than a piece")
        let (fromFile, fromMemory) = try readFromFileAndMemory(data, writtenTo: "described.ics")
        #expect(fromFile.conference.sessions.count == 4_000)
        // Sessions compare field by field, a summary by its text wherever it is kept.
        #expect(fromFile.conference.sessions == fromMemory.conference.sessions)
        let stored = fromFile.conference.sessions.filter { $0.summaryText?.isStored == true }
        #expect(stored.count == 3_000, "every plain description, folded or not")
        #expect(!fromMemory.conference.sessions.contains { $0.summaryText?.isStored == true })
        let index = ScheduleIndex(fromFile.conference)
        let folded = try #require(index.sessions.first { $0.displayTitle == "Talk 2" })
        #expect(folded.summaryText?.isStored == true)
        #expect(folded.summary == "Talk 2 on 服务网格, the mesh; and ambient mode.\nSecond line: " + String(repeating: "sidecars and waypoints ", count: 6).trimmed)
        let marked = try #require(index.sessions.first { $0.displayTitle == "Talk 3" })
        #expect(marked.summaryText?.isStored == false)
        #expect(marked.summary == "Talk 3 with markup " + String(repeating: "and more words ", count: 10).trimmed)
        // Found by a word of a description left in the file.
        #expect(SearchEngine(index).search(SearchQuery("waypoints")).sessions.count == 3_000)
    }

    /// What only a later part of the file says still shapes the events before it: a zone whose
    /// VTIMEZONE comes last, a UID repeated by the last event, a speaker named only at the end.
    @Test func whatTheFileSaysLaterShapesTheEventsBeforeIt() throws {
        let body = event("DTSTART;TZID=Venue Time:20240501T090000\nSUMMARY:Ada Lovelace: Bernoulli numbers\n", uid: "same")
            + event("DTSTART;TZID=Venue Time:20240501T100000\nSUMMARY:Looms\nORGANIZER;CN=Ada Lovelace:mailto:ada@example.org\n", uid: "other")
            + event("DTSTART;TZID=Venue Time:20240501T110000\nSUMMARY:Closing\n", uid: "same")
            + "BEGIN:VTIMEZONE\nTZID:Venue Time\nBEGIN:STANDARD\nTZOFFSETTO:+0530\nEND:STANDARD\nEND:VTIMEZONE\n"
        let loaded = try ScheduleLoader.read(data: calendar(body), name: "feed.ics")
        let sessions = loaded.conference.sessions
        #expect(loaded.conference.timeZoneIsKnown && loaded.conference.timeZone.secondsFromGMT() == 19_800)
        #expect(sessions[0].start == ISO8601DateFormatter().date(from: "2024-05-01T03:30:00Z"))
        #expect(sessions[0].displayTitle == "Bernoulli numbers" && sessions[0].speakersInferred)
        #expect(sessions[0].id == "same|20240501T033000Z|Ada Lovelace: Bernoulli numbers")
        #expect(sessions[1].id == "other")
    }
    /// A room booked twice is told at the later event's BEGIN line, whichever order the events
    /// come in and however many overlap; places are kept packed, so the test reads them back.
    @Test func aRoomBookedTwiceIsToldAtTheLaterEventsLine() throws {
        let body = event("DTSTART:20240501T090000Z\nDTEND:20240501T100000Z\nLOCATION:Hall\nSUMMARY:First\n", uid: "a")
            + event("DTSTART:20240501T093000Z\nDTEND:20240501T094500Z\nLOCATION:Hall\nSUMMARY:Inside\n", uid: "b")
            + event("DTSTART:20240501T083000Z\nDTEND:20240501T091500Z\nLOCATION:Hall\nSUMMARY:Earlier\n", uid: "c")
            + event("DTSTART:20240501T100000Z\nDTEND:20240501T110000Z\nLOCATION:Hall\nSUMMARY:After\n", uid: "d")
        let loaded = try ScheduleLoader.read(data: calendar(body), name: "feed.ics")
        let told = loaded.warnings.filter { $0.message.hasPrefix("overlaps") }.map(\.description)
        // Events begin at lines 4, 11, 18 and 25 (a calendar's own lines come first).
        #expect(told == [
            #"feed.ics:4:1: warning: overlaps "Earlier" in room "Hall""#,
            #"feed.ics:11:1: warning: overlaps "First" in room "Hall""#,
        ], "\(loaded.warnings.map(\.description))")
    }
    /// The same room written composed and decomposed, or with spaces around it, is one room.
    @Test func aRoomIsOneRoomHoweverItsNameIsSpelled() throws {
        let composed = "Saal \u{DC}ber", decomposed = "Saal U\u{308}ber"
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        let body = event("DTSTART:20240501T090000Z\nLOCATION:\(composed)\nSUMMARY:One\n", uid: "a")
            + event("DTSTART:20240501T100000Z\nLOCATION:\(decomposed)\nSUMMARY:Two\n", uid: "b")
            + event("DTSTART:20240501T110000Z\nLOCATION: \(composed) \nSUMMARY:Three\n", uid: "c")
            + event("DTSTART:20240501T120000Z\nLOCATION:\(composed)\nSUMMARY:Four\n", uid: "d")
            + event("DTSTART:20240501T130000Z\nLOCATION:会议室 A\nSUMMARY:Five\n", uid: "e")
            + event("DTSTART:20240501T140000Z\nLOCATION:会议室 A\nSUMMARY:Six\n", uid: "f")
        let conference = try ScheduleLoader.read(data: calendar(body), name: "feed.ics").conference
        #expect(conference.rooms.map(\.name) == [composed, "会议室 A"])
        let rooms = conference.sessions.map(\.roomID)
        #expect(rooms.count == 6 && Set(rooms.prefix(4)).count == 1 && rooms[4] == rooms[5] && rooms[0] != rooms[4])
    }
}

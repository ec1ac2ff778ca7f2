import Foundation
import Testing
@testable import ScheduleKit
import TestSupport

@Suite("Now and next")
struct NowAndNextTests {
    let camp = ScheduleIndex(try! ScheduleLoader.load(file: SharedFixtures.path("frab-camp2019.json")))

    func row(_ board: NowAndNext, _ room: String) -> NowAndNext.Row? { board.rows.first { $0.room?.name == room } }

    @Test func beforeTheConferenceNothingRunsAndTheFirstTalksAreNext() {
        let board = NowAndNext(camp, at: instant("2019-08-20T12:00:00+02:00"))
        #expect(board.phase == .before(first: instant("2019-08-21T11:00:00+02:00")))
        #expect(board.rows.allSatisfy { $0.current == nil })
        #expect(row(board, "Curie")?.next?.session.displayTitle == "Opening Ceremony")
        #expect(row(board, "Curie")?.next?.minutes == 23 * 60)
    }

    @Test func duringATalkItRunsWithMinutesLeftAndTheNextOneFollows() {
        let board = NowAndNext(camp, at: instant("2019-08-21T13:10:00+02:00"))
        #expect(board.phase == .during)
        let curie = row(board, "Curie")
        #expect(curie?.current?.session.displayTitle == "Hacking Containers and Kubernetes")
        #expect(curie?.current?.minutes == 35)
        #expect(curie?.next?.session.start == instant("2019-08-21T16:00:00+02:00"))
        #expect(curie?.next?.minutes == 170)
    }

    @Test func betweenTalksOnlyNextIsShownAndAStartingTalkIsNotYetRunning() {
        let board = NowAndNext(camp, at: instant("2019-08-21T13:45:00+02:00"))
        #expect(row(board, "Curie")?.current == nil, "a talk that ends at 13:45 is over at 13:45")
        let atStart = NowAndNext(camp, at: instant("2019-08-21T10:59:00+02:00"))
        #expect(row(atStart, "Curie")?.current == nil && row(atStart, "Curie")?.next?.minutes == 1)
    }

    @Test func afterTheLastSessionTheConferenceIsOverWithNoRows() {
        let board = NowAndNext(camp, at: instant("2019-08-30T12:00:00+02:00"))
        #expect(board.phase == .after(last: instant("2019-08-25T18:30:00+02:00")))
        #expect(board.rows.isEmpty)
    }

    @Test func at0800On38C3TheNineOClockTalksAreNextNotRunning() throws {
        let congress = ScheduleIndex(try ScheduleLoader.load(file: SharedFixtures.path("frab-38c3.xml")))
        let board = NowAndNext(congress, at: instant("2024-12-28T08:00:00+01:00"))
        #expect(board.phase == .during)
        for row in board.rows {
            if let current = row.current { #expect(current.session.start! <= board.now && board.now < current.session.end!) }
            if let next = row.next { #expect(next.session.start! > board.now) }
        }
        #expect(board.rows.first { $0.room?.name == "Saal 1" }?.current == nil)
    }

    @Test func aSessionWithNoEndRunsUntilTheNextOneInItsRoom() {
        let day = CivilDate(year: 2024, month: 5, day: 1), zone = Zone(identifier: "UTC")!
        let conference = Conference(id: "c", name: "C", days: [day], timeZone: zone, rooms: [Room(id: "a", name: "A")], sessions: [
            Session(id: "open", titles: [SourcedTitle(language: "en", text: "Open")], day: day, start: day.at(hour: 9, minute: 0, in: zone), roomID: "a"),
            Session(id: "talk", titles: [SourcedTitle(language: "en", text: "Talk")], day: day, start: day.at(hour: 9, minute: 20, in: zone),
                    end: day.at(hour: 10, minute: 0, in: zone), roomID: "a"),
        ])
        let board = NowAndNext(ScheduleIndex(conference), at: day.at(hour: 9, minute: 10, in: zone))
        #expect(board.rows.first?.current?.session.id == "open" && board.rows.first?.current?.minutes == 10)
        #expect(board.rows.first?.next?.session.id == "talk")
    }

    @Test func aProgramWithoutTimesSaysSo() {
        #expect(NowAndNext(ScheduleIndex(ScheduleLoader.bundled()), at: Date()).phase == .noTimes)
    }
}

@Suite("Durations in one style")
struct DurationStyleTests {
    @Test func hoursUpToADayThenDays() {
        #expect(NowAndNext.duration(minutes: 35) == "35 min")
        #expect(NowAndNext.duration(minutes: 80) == "1 h 20 min")
        #expect(NowAndNext.duration(minutes: 24 * 60) == "24 h")
        #expect(NowAndNext.duration(minutes: 45 * 60 + 50) == "2 days", "never 45 h 50 min beside days")
        #expect(NowAndNext.duration(minutes: 30 * 60) == "1 day")
    }
}

@Suite("day:today in search")
struct RelativeDaySearchTests {
    /// today, tomorrow and yesterday are the venue's dates counted from the query's time.
    @Test func relativeDaysFollowTheVenuesCalendar() throws {
        let index = ScheduleIndex(try RealSchedules.read("frab-38c3.xml").conference)
        let engine = SearchEngine(index)
        // 23:30 UTC on the 27th is already the 28th in Berlin.
        let now = ISOInstant.parse("2024-12-27T23:30:00Z")!
        func days(_ text: String) -> Set<String> {
            Set(engine.search(SearchQuery(text, now: now)).sessions.compactMap { index.sessions[$0.position].day?.description })
        }
        #expect(days("day:today") == ["2024-12-28"])
        #expect(days("day:tomorrow") == ["2024-12-29"])
        #expect(days("day:yesterday") == ["2024-12-27"])
        #expect(days("day:today hacking").isSubset(of: ["2024-12-28"]))
    }
}

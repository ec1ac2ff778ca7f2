import Foundation
import Testing
@testable import ScheduleKit

@Suite("The schedule index")
struct IndexTests {
    let index = ScheduleIndex(ScheduleLoader.bundled())

    @Test func groupsSessionsByTrackInProgramOrder() {
        let keynotes = index.sessions(track: "keynotes").map(\.id)
        #expect(keynotes == ["opening-keynote", "ambient-managed-infrastructure"])
        let all = index.conference.tracks.flatMap { index.sessions(track: $0.id) }
        #expect(Set(all.map(\.id)).count == 14)
    }

    @Test func groupsSessionsByTopicAndCountsThem() {
        let ebpf = index.sessions(topic: "ebpf").map(\.id)
        #expect(ebpf == ["kmesh-data-plane", "ebpf-ambient-redirection", "merbridge-ebpf"])
        #expect(index.topicsByCount.first?.id == "ambient")
        #expect(index.sessionCount(topic: "ambient") == 4)
        let counts = index.topicsByCount.map { index.sessionCount(topic: $0.id) }
        #expect(counts == counts.sorted(by: >))
    }

    @Test func groupsSessionsByDay() {
        #expect(index.days == [CivilDate(year: 2023, month: 9, day: 26)])
        #expect(index.sessions(day: index.days[0]).count == 14)
        #expect(index.undatedSessions.isEmpty)
    }

    @Test func sortsSpeakersByNameAcrossScripts() {
        let names = index.speakersSortedByName().map(\.name)
        #expect(names.first == "Chaomeng Zhang")
        #expect(names.last == "Zufar Dhiyaulhaq")
        let mixed = Conference(id: "x", name: "x", speakers: [
            Speaker(id: "1", name: "宋净超"), Speaker(id: "2", name: "Émile Zola"), Speaker(id: "3", name: "anna"),
            Speaker(id: "4", name: "Rui"), Speaker(id: "5", name: "赵化冰"), Speaker(id: "6", name: "Ben"),
        ])
        #expect(ScheduleIndex(mixed).speakersSortedByName().map(\.name) == ["anna", "Ben", "Émile Zola", "Rui", "宋净超", "赵化冰"])
    }

    @Test func ordersByDayThenTimeThenPublishedPositionThenFile() throws {
        let zone = try #require(Zone(identifier: "Europe/Berlin"))
        let day1 = CivilDate(year: 2024, month: 5, day: 1), day2 = CivilDate(year: 2024, month: 5, day: 2)
        let at = { (hour: Int) in day1.start(in: zone).addingTimeInterval(Double(hour) * 3600) }
        let conference = Conference(id: "x", name: "x", days: [day1, day2], timeZone: zone, sessions: [
            Session(id: "later-day", day: day2),
            Session(id: "untimed-second", day: day1, programOrder: 2),
            Session(id: "ten", day: day1, start: at(10)),
            Session(id: "untimed-unordered", day: day1),
            Session(id: "nine", day: day1, start: at(9)),
            Session(id: "untimed-first", day: day1, programOrder: 1),
            Session(id: "no-day"),
        ])
        #expect(ScheduleIndex(conference).sessions.map(\.id) ==
                ["nine", "ten", "untimed-first", "untimed-second", "untimed-unordered", "later-day", "no-day"])
        #expect(ScheduleIndex(conference).undatedSessions.map(\.id) == ["no-day"])
    }

    @Test func looksUpEntitiesById() {
        #expect(index.speaker(id: "jimmy-song")?.nameZh == "宋净超")
        #expect(index.session(id: "coraza-waf")?.links.first?.kind == .video)
        #expect(index.source(id: "S1")?.url == "https://istio.io/latest/blog/2023/istiocon-china/")
        #expect(index.sessions(speaker: "jimmy-song").count == 2)
    }
}

@Suite("Dates and times")
struct TimeTests {
    @Test func parsesCivilDatesStrictly() {
        #expect(CivilDate(iso: "2023-09-26") == CivilDate(year: 2023, month: 9, day: 26))
        for bad in ["2023-02-30", "2023-13-01", "23-09-26", "2023-9-26", "", "2023-09-26T10:00", "2023-+9-26", "+023-09-26",
                    "２０２３-09-26", "2023-00-10", "2023-09-00", "2023/09/26", "2023-09-2é"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(year: 2023, month: 9, day: 26).weekdayName == "Tuesday")
        #expect(CivilDate(year: 2023, month: 9, day: 26).shortDisplay == "Tue 26 Sep 2023")
    }

    @Test func findsTheVenueDayOfAnInstantAcrossYearsAndZones() throws {
        let shanghai = try #require(Zone(identifier: "Asia/Shanghai"))
        let losAngeles = try #require(Zone(identifier: "America/Los_Angeles"))
        let instant = try #require(ISOInstant.parse("2023-09-26T17:30Z"))
        #expect(CivilDate(instant, in: shanghai) == CivilDate(year: 2023, month: 9, day: 27))
        #expect(CivilDate(instant, in: losAngeles) == CivilDate(year: 2023, month: 9, day: 26))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var generator = SplitMix64(seed: 1)
        for _ in 0..<2000 {
            let moment = Date(timeIntervalSince1970: Double(Int64(generator.next() % 8_000_000_000) - 2_000_000_000))
            let parts = calendar.dateComponents([.year, .month, .day], from: moment)
            #expect(CivilDate(moment, in: shanghai) == CivilDate(year: parts.year!, month: parts.month!, day: parts.day!), "\(moment)")
        }
    }

    @Test func parsesInstantsWithOffsets() throws {
        let shanghai = try #require(ISOInstant.parse("2023-09-26T09:30+08:00"))
        let utc = try #require(ISOInstant.parse("2023-09-26T01:30:00Z"))
        #expect(shanghai == utc)
        #expect(ISOInstant.parse("2023-09-26T01:30:00.250Z") != nil)
        for bad in ["2023-09-26T09:30", "2023-09-26 09:30+08:00", "2023-09-26T25:00Z", "2023-09-26T09:30+0800"] {
            #expect(ISOInstant.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func showsVenueTimeOrSaysItIsNotPublished() throws {
        let conference = ScheduleLoader.bundled()
        let untimed = conference.sessions[0]
        #expect(SessionTimeText.full(untimed, conference: conference) == "Tue 26 Sep 2023, time not published")
        var timed = untimed
        timed.start = ISOInstant.parse("2023-09-26T09:30+08:00")
        timed.end = ISOInstant.parse("2023-09-26T10:10+08:00")
        #expect(SessionTimeText.full(timed, conference: conference) == "Tue 26 Sep 2023, 09:30–10:10 Asia/Shanghai")
        let berlin = try #require(Zone(identifier: "Europe/Berlin"))
        #expect(SessionTimeText.full(timed, conference: conference, mode: .zone(berlin)) == "Tue 26 Sep 2023, 03:30–04:10 Europe/Berlin")
    }
}

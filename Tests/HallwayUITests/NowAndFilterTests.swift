import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// Issue 24: where the clock stands in today's lists, and a filter that hides rooms and tracks
/// from the lists, the grid and now-and-next.
@Suite("Now in the lists, and filters")
struct NowAndFilterTests {
    static let size = Size(columns: 120, rows: 40)
    static let browser = Fixtures.festival

    static func titles(_ rows: [SessionRow]) -> [String] {
        rows.map { row in
            switch row {
            case .session(let position): browser.index.sessions[position].displayTitle
            case .now(let text): text
            case .heading(let text): "── " + text
            case .note(let text, _): text
            }
        }
    }

    @Test func todaysScheduleHasANowLineBeforeWhatIsStillToStart() {
        let state = Fixtures.state(Self.browser, size: Self.size, keys: "4<Enter>")
        let rows = Self.titles(Self.browser.sessionRows(state))
        let now = rows.firstIndex(of: "▶ now 10:00")
        #expect(now != nil)
        // Everything above started by 10:00; everything below starts after.
        let starts = Self.browser.sessionRows(state).compactMap(\.sessionPosition).map { Self.browser.index.sessions[$0].start! }
        let above = rows[..<now!].count
        #expect(starts.prefix(above).allSatisfy { $0 <= Fixtures.now } && starts.dropFirst(above).allSatisfy { $0 > Fixtures.now })
        // Another day has no line; and the line is never selected.
        let tomorrow = Fixtures.state(Self.browser, size: Self.size, keys: "4j<Enter>")
        #expect(!Self.titles(Self.browser.sessionRows(tomorrow)).contains { $0.hasPrefix("▶ now") })
        let screen = Self.browser.render(Fixtures.state(Self.browser, size: Self.size, keys: "4<Enter>jjjjjj")).text
        #expect(screen.contains("▶ now 10:00 ─"))
    }

    /// At 10:00 five talks are on; what is on *now* is the one that began at 10:00, not the
    /// two-hour workshop that began at 09:00. The rows above it stay in sight.
    @Test func nowLandsOnWhatBeganLastAndKeepsTheLineInSight() {
        var state = AppState(size: Size(columns: 80, rows: 24), now: Fixtures.now, localZone: Fixtures.utc)
        _ = Self.browser.reduce(&state, .jumpToNow)
        #expect(state.view == .schedule)
        #expect(Self.browser.selectedSession(state)?.displayTitle == "可观测性：从指标到追踪")
        let screen = Self.browser.render(state).text
        #expect(screen.contains("Workshop: building a Wasm") && screen.contains("▶ now 10:00"))
        // Before the first talk of the day, the first one; after the last, the last.
        for (time, last) in [("2023-09-26T08:00+08:00", false), ("2023-09-26T23:00+08:00", true)] {
            var other = AppState(size: Size(columns: 80, rows: 24), now: ISOInstant.parse(time)!, localZone: Fixtures.utc)
            _ = Self.browser.reduce(&other, .jumpToNow)
            let sessions = Self.browser.sessionRows(other).compactMap(\.sessionPosition)
            #expect(Self.browser.selectedSession(other)?.id == Self.browser.index.sessions[last ? sessions.last! : sessions.first!].id, "\(time)")
        }
    }

    @Test func endedSessionsAreDimmedAndRunningOnesMarked() {
        let state = Fixtures.state(Self.browser, size: Self.size, keys: "4<Enter>")
        let buffer = Self.browser.render(state)
        let lines = buffer.textLines(), styles = buffer.styleLines()
        let opening = lines.firstIndex { $0.contains("Opening keynote") }!
        let column = TextWidth.width(of: String(lines[opening][..<lines[opening].range(of: "Opening")!.lowerBound]))
        #expect(Array(styles[opening])[column] == "d", "over at 09:30: dimmed")
        let ambient = lines.firstIndex { $0.contains("Ambient mesh") }!
        let time = TextWidth.width(of: String(lines[ambient][..<lines[ambient].range(of: "09:30")!.lowerBound]))
        #expect(Array(styles[ambient])[time] == StyleRole.match.code, "running at 10:00: its time is marked")
    }

    @Test func theFilterHidesARoomFromTheListsTheGridAndNowAndNext() {
        // f, then down to the first room (the main hall), Space hides it.
        var state = Fixtures.state(Self.browser, size: Self.size, keys: "fj ")
        #expect(state.filter.hiddenRooms == ["r0"])
        #expect(Self.browser.render(state).text.contains("[ ] 主会场 Main Hall"))
        #expect(Self.browser.render(state).text.contains("11 of 15 sessions shown"))
        state = Fixtures.replay("<Esc>4<Enter>", on: Self.browser, from: state).state
        #expect(state.filterPane == nil)
        let rows = Self.titles(Self.browser.sessionRows(state))
        #expect(!rows.contains("Opening keynote: ten years of service mesh") && rows.contains("eBPF for the data plane"))
        #expect(Self.browser.render(state).text.contains("filtered 11/15 · "))
        // The grid has no column for the hidden room.
        let grid = Self.browser.gridPlan(Fixtures.replay("6", on: Self.browser, from: state).state)
        #expect(grid?.grid.rooms.contains { $0?.id == "r0" } == false)
        // A search still finds it, and Enter says why it is not shown.
        let searched = Fixtures.replay("/opening keynote<Enter>", on: Self.browser, from: state).state
        #expect(searched.programNotice?.text == "hidden by the filter; f shows it again")
        // Showing everything again.
        let cleared = Fixtures.replay("f<Home><Space><Esc>", on: Self.browser, from: state).state
        #expect(cleared.filter.isEmpty && !Self.browser.render(cleared).text.contains("filtered"))
    }

    @Test func aFilterOfTracksLanguagesAndRecordingMatches() {
        let day = CivilDate(year: 2025, month: 1, day: 1)
        let conference = Conference(id: "t", name: "T", days: [day], tracks: [Track(id: "a", name: "A"), Track(id: "b", name: "B")],
                                    sessions: [Session(id: "1", titles: [SourcedTitle(language: "en", text: "One")], day: day, trackID: "a", language: "en"),
                                               Session(id: "2", titles: [SourcedTitle(language: "de", text: "Zwei")], day: day, trackID: "b", language: "de", recorded: false),
                                               Session(id: "3", titles: [SourcedTitle(language: "en", text: "Drei")], day: day, trackID: "b")])
        let browser = Browser(index: ScheduleIndex(conference))
        #expect(browser.filterItems() == [.everything, .heading("Tracks"), .track("a"), .track("b"), .heading("Language"), .anyLanguage,
                                          .language("de"), .language("en"), .heading("Recording"), .recordedOnly])
        let index = browser.index
        let shown = { (filter: ProgramFilter) in index.sessions.filter(filter.admits).map(\.id) }
        #expect(shown(ProgramFilter(hiddenTracks: ["b"])) == ["1"])
        #expect(shown(ProgramFilter(language: "en")) == ["1", "3"], "a session whose language is not given is kept")
        #expect(shown(ProgramFilter(recordedOnly: true)) == ["1", "3"])
        // A filter kept from another release keeps only what this one has.
        #expect(ProgramFilter(hiddenRooms: ["gone"], hiddenTracks: ["a", "gone"], language: "fr").within(index) == ProgramFilter(hiddenTracks: ["a"]))
    }
}

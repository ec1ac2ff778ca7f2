import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// Issue 23 in the browser: the Changes view, the marks every list carries, details that say what
/// changed, My agenda and reminders following moves and cancellations.
@Suite("What changed, in the browser")
struct ChangesViewTests {
    static let size = Size(columns: 120, rows: 40)
    static func state(_ keys: String, browser: Browser = Fixtures.congress, now: Date = Fixtures.congressNow,
                      stars: Set<String> = []) -> AppState {
        var start = AppState(size: size, now: now, localZone: Fixtures.utc)
        start.stars = stars
        return Fixtures.replay(keys, on: browser, from: start).state
    }
    static func key(_ title: String) -> String {
        Fixtures.congress.index.sessions.first { $0.displayTitle.hasPrefix(title) }!.id
    }

    @Test func theChangesViewIsOfferedOnlyWhenAnEarlierReleaseIsKnown() {
        #expect(Fixtures.congress.views(Self.state("")).contains(.changes))
        #expect(Self.state("c").view == .changes && Self.state("7").view == .changes)
        // The bundled program was never seen in another release: no tab, and c does nothing.
        let plain = Fixtures.state(Fixtures.bundled, size: Self.size, keys: "c")
        #expect(!Fixtures.bundled.views(plain).contains(.changes) && plain.view == .tracks)
        #expect(!Fixtures.bundled.render(plain).text.contains("Changes"))
        // The kiosk never offers it (its board tells the moves).
        var kiosk = Self.state("")
        kiosk.kiosk = KioskState(idleTimeout: 90, now: Fixtures.congressNow)
        #expect(!Fixtures.congress.views(kiosk).contains(.changes))
    }

    @Test func groupsAreKindsWithStarredSessionsFirst() {
        let browser = Fixtures.congress
        let starredMove = Self.key("Breaking NATO")
        let state = Self.state("c", stars: [starredMove])
        let groups = browser.groups(state)
        #expect(groups.map(\.title) == ["Cancelled", "Moved", "Length changed", "Retitled", "Speakers changed", "Language changed", "New"])
        let moved = groups[1].rows
        #expect(moved.first == .heading("★ starred"))
        #expect(moved.dropFirst().first.flatMap(\.sessionPosition).map { browser.index.sessions[$0].id } == starredMove)
        #expect(browser.titleCount(state) == 9)
    }

    @Test func everyListMarksChangedAndCancelledSessions() {
        let browser = Fixtures.congress
        let schedule = browser.render(Self.state("4<Enter>")).text
        #expect(schedule.contains("Δ ACE up the sleeve"))
        #expect(schedule.contains("✗ Clay PCB") && schedule.contains("✗ Der Thüring-Test"))
        #expect(!schedule.contains("Δ BioTerrorism"), "an unchanged talk carries no mark")
        let search = browser.render(Self.state("/nato")).text
        #expect(search.contains("Δ Breaking NATO"))
        let grid = browser.render(Self.state("6")).text
        #expect(grid.contains("✗ Clay") || grid.contains("Δ ACE"))
    }

    @Test func detailsSayWhatChangedOldToNew() {
        let lines = Fixtures.congress.render(Self.state("cj<Enter><Enter>")).text
        #expect(lines.contains("Δ Moved: Fri 12:00 Saal GLITCH → Fri 12:00 Saal 1"))
        #expect(lines.contains("Δ Speakers changed: stacksmashing → Thomas Roth"))
        let cancelled = Fixtures.congress.render(Self.state("c<Enter><Enter>")).text
        #expect(cancelled.contains("✗ Cancelled: was Fri 13:50 Saal ZIGZAG; no longer\n") && cancelled.contains(" in the program\n"))
        #expect(!cancelled.contains(" Talk\n"), "what kind of session it was is not kept, so not claimed")
    }

    @Test func aCancelledStarredTalkStaysInMyAgendaMarked() {
        let clay = Self.key("Clay PCB"), thuering = Self.key("Der Thüring")
        let state = Self.state("5<Enter>", stars: [clay, thuering])
        let screen = Fixtures.congress.render(state).text
        #expect(screen.contains("✗ Clay PCB") && screen.contains("✗ Der Thüring-Test"))
        #expect(Fixtures.congress.titleCount(state) == 2)
        #expect(!screen.contains("no longer in the program") || screen.contains("✗ Cancelled"))
    }

    @Test func remindersFollowAMoveAndNeverRingForACancellation() {
        let browser = Fixtures.congress
        let nato = Self.key("Breaking NATO"), thuering = Self.key("Der Thüring")
        let berlin = { (time: String) in ISOInstant.parse("2024-12-27T\(time)+01:00")! }
        var state = Self.state("", now: berlin("14:00"), stars: [nato, thuering])
        state.remindMinutes = 5
        // 14:41 was four minutes before its old time: no longer a reason to ring.
        #expect(!browser.reduce(&state, .tick(berlin("14:41"))).contains(.bell))
        #expect(browser.reduce(&state, .tick(berlin("15:56"))).contains(.bell))
        #expect(state.programNotice?.text == "in 4 min in Saal ZIGZAG: Breaking NATO Radio Encryption")
        // A clash is named in the reminder.
        var clash = Self.state("", now: berlin("15:40"), stars: [nato, Self.key("Als die Kommentarspalten")])
        clash.remindMinutes = 15
        #expect(browser.reduce(&clash, .tick(berlin("15:50"))).contains(.bell))
        #expect(clash.programNotice?.text.contains("! clashes with ") == true, "\(clash.programNotice?.text ?? "")")
        #expect(clash.programNotice?.text.contains("(Saal GLITCH)") == true || clash.programNotice?.text.contains("(Saal ZIGZAG)") == true)
        // The cancelled talk at 20:15 never rings.
        #expect(!browser.reduce(&state, .tick(berlin("20:11"))).contains(.bell))
    }

    @Test func theHeadlineCountsChangesAndThoseThatTouchStars() {
        let digest = Fixtures.congressDigest
        #expect(digest.headline(starred: []) == "9 changes")
        #expect(digest.headline(starred: [Self.key("Breaking NATO")]) == "9 changes · 1 starred talk moved")
        #expect(digest.headline(starred: [Self.key("Breaking NATO"), Self.key("Clay PCB")]) == "9 changes · 2 starred talks changed")
    }

    @Test func theBoardTellsMovesAndCancellationsOfTheHoursAhead() {
        let zone = Zone(identifier: "Europe/Berlin")!
        let lines = ChangeText.board(Fixtures.congressDigest, at: Fixtures.congressNow, in: zone)
        #expect(lines.contains("Cancelled: Clay PCB (was Fri 13:50 Saal ZIGZAG)"))
        #expect(lines.contains("Moved: Breaking NATO Radio Encryption — now Fri 16:00 Saal ZIGZAG"))
        #expect(!lines.contains { $0.hasPrefix("Moved: ACE") }, "a move to an hour ago is past news")
        #expect(ChangeText.board(Fixtures.congressDigest, at: ISOInstant.parse("2024-12-27T11:45+01:00")!, in: zone)
            .contains("Moved: ACE up the sleeve: Hacking into Apple's new USB-C Controller — now Fri 12:00 Saal 1"))
        #expect(!lines.contains { $0.contains("Thüring") }, "20:15 is beyond the hours ahead")
        #expect(ChangeText.board(Fixtures.congressDigest, at: ISOInstant.parse("2025-06-01T10:00+02:00")!, in: zone).isEmpty)
    }
}

import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("The booth display")
struct KioskTests {
    let browser = Browser(index: Fixtures.program, keyMap: .kiosk)
    let size = Size(columns: 80, rows: 24)
    let start = Fixtures.now

    func booted(idle: TimeInterval = 90, unlock: [Key] = []) -> AppState {
        browser.kioskStart(size: size, now: start, clock: .venue, localZone: Fixtures.utc,
                           kiosk: KioskState(idleTimeout: idle, slideSeconds: 8, unlockKeys: unlock, now: start))
    }

    func press(_ keys: String, _ state: inout AppState) -> [Effect] {
        let (next, effects) = Fixtures.replay(keys, on: browser, from: state)
        state = next
        return effects
    }

    func tick(_ seconds: TimeInterval, _ state: inout AppState) {
        _ = browser.reduce(&state, .tick(state.now.addingTimeInterval(seconds)))
    }

    @Test func startsOnTheAttractBoardAndTheFirstKeyOnlyWakesIt() {
        var state = booted()
        #expect(state.kiosk?.showingAttract == true)
        #expect(browser.render(state).text.contains("Press any key to explore the program"))
        _ = press("2", &state)
        #expect(state.kiosk?.showingAttract == false && state.view == .tracks, "the waking key is not acted on")
        _ = press("2", &state)
        #expect(state.view == .speakers)
    }

    @Test func noKeyQuits() {
        var state = booted()
        for keys in ["xq", "<C-c>", "<C-d>", "<C-z>", "<C-q>", "<C-s>", "<Esc><Esc>q"] {
            #expect(press(keys, &state).isEmpty, "\(keys)")
        }
        #expect(browser.reduce(&state, .quit).isEmpty)
        #expect(!browser.render(state).text.contains("quit"))
    }

    @Test func anUnlockSequenceEndsItWhenSet() {
        var state = booted(unlock: [.control("x"), .character("q")])
        #expect(press("x", &state).isEmpty)
        #expect(press("<C-x>", &state).isEmpty)
        #expect(press("q", &state) == [.quit])
        var other = booted(unlock: [.control("x"), .character("q")])
        #expect(press("x<C-x>jq", &other).isEmpty, "the sequence must be typed in one go")
    }

    @Test func theBoardRotatesEverySlide() {
        var state = booted()
        tick(7, &state)
        #expect(state.kiosk?.slide == 0)
        let first = browser.render(state).text
        tick(2, &state)
        #expect(state.kiosk?.slide == 1)
        #expect(browser.render(state).text != first)
        #expect(browser.attractSlides.count == 14 + 2)
    }

    @Test func idleTimeResetsToTheBoardClearingTheVisit() {
        var state = booted(idle: 30)
        _ = press("x3jj<Enter>/wasm", &state)
        #expect(state.search != nil)
        tick(19, &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == nil)
        tick(1, &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == 10)
        #expect(browser.render(state).text.contains("Back to the start in 10 s"))
        tick(9, &state)
        #expect(state.kiosk?.showingAttract == false)
        tick(1, &state)
        #expect(state.kiosk?.showingAttract == true)
        let fresh = browser.kioskStart(size: size, now: state.now, clock: .venue, localZone: Fixtures.utc, kiosk: state.kiosk!)
        #expect(state == fresh, "nothing of the visit survives the reset")
    }

    @Test func theWarningComesOnlyInTheLastThirdAsABoxThatClearsWhatItCovers() throws {
        var state = booted(idle: 10)
        _ = press("x", &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == nil, "not as soon as a visitor wakes the screen")
        tick(6, &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == nil)
        tick(1, &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == 3)
        for size in [Size(columns: 80, rows: 24), Size(columns: 100, rows: 30), Size(columns: 200, rows: 60)] {
            state.size = size
            let buffer = browser.render(state)
            let row = try #require(buffer.textLines().firstIndex { $0.contains("Back to the start in 3 s") })
            let top = row - 2
            let left = try #require((0..<size.columns).first { buffer[$0, top].text == "┌" }, "a box above the message")
            let right = try #require((left..<size.columns).first { buffer[$0, top].text == "┐" })
            #expect(buffer[left, row + 2].text == "└" && buffer[right, row + 2].text == "┘", "a whole box")
            let inside = (left + 1..<right).map { buffer[$0, row].text }.joined()
            #expect(inside.trimmingCharacters(in: .whitespaces) == "Back to the start in 3 s", "nothing of the row beneath shows inside the box")
            #expect((left...right).allSatisfy { buffer[$0, row].role == .warning })
        }
    }

    @Test func aResetLeavesNoTraceOfTheVisitorsChoices() {
        var state = booted(idle: 30)
        _ = press("xt3j/mesh", &state)
        #expect(state.clock != .venue, "the visitor switched to local time")
        tick(31, &state)
        #expect(state.kiosk?.showingAttract == true)
        #expect(state.clock == .venue && state.search == nil && state.view == .tracks && state.history.isEmpty)
        #expect(state.lastSearch == nil && state.grid == GridPosition())
        _ = press("x", &state)
        #expect(!browser.render(state).textLines()[0].contains("local"))
        // The grid's day and selection, and the help left open, go too.
        _ = press("6]l?", &state)
        #expect(state.showHelp && state.view == .grid)
        tick(31, &state)
        #expect(state.kiosk?.showingAttract == true && !state.showHelp && state.grid == GridPosition() && state.view == .tracks)
    }

    @Test func theBoardMarksUncertainOrganisations() {
        var state = booted()
        state.size = Size(columns: 200, rows: 60)
        let speakers = browser.attractSlides.firstIndex(of: .speakers)!
        state.kiosk?.slide = speakers
        #expect(browser.render(state).text.contains("Tetrate, inferred"))
    }

    @Test func anyKeyInTheLastSecondsCancelsTheReset() {
        var state = booted(idle: 30)
        _ = press("x2j", &state)
        tick(25, &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == 5)
        _ = press("j", &state)
        #expect(state.kiosk?.secondsBeforeReset(now: state.now) == nil)
        tick(25, &state)
        #expect(state.kiosk?.showingAttract == false && state.view == .speakers)
    }

    @Test func theMouseCountsAsPresenceToo() {
        var state = booted(idle: 30)
        Fixtures.send(.mouse(MouseEvent(kind: .press, x: 5, y: 5)), to: browser, &state)
        #expect(state.kiosk?.showingAttract == false, "a click wakes the board")
        tick(25, &state)
        let wheel = MouseEvent(kind: .wheelDown, x: 5, y: 5)
        Fixtures.send(.mouse(wheel), to: browser, &state)
        tick(25, &state)
        #expect(state.kiosk?.showingAttract == false, "scrolling kept the visit alive")
    }

    @Test func aSmallScreenStillShowsTheBoardWithoutTheBigClock() {
        var state = booted()
        _ = browser.reduce(&state, .resize(Size(columns: 40, rows: 12)))
        let text = browser.render(state).text
        #expect(text.contains("Press any key"))
        #expect(!text.contains("███"))
        for size in [Size(columns: 30, rows: 8), Size(columns: 36, rows: 6)] {
            _ = browser.reduce(&state, .resize(size))
            let small = browser.render(state).text
            #expect(small.contains("Press any key") && !small.contains("too small"), "\(size)")
        }
        _ = browser.reduce(&state, .resize(Size(columns: 1, rows: 1)))
        #expect(browser.render(state).textLines().count == 1)
    }
}

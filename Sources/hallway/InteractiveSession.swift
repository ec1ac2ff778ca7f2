import Foundation
import HallwayUI
import ScheduleKit
import TerminalCurses

/// The loop: wait for input (or a second to pass, for the clock), reduce, draw what changed.
struct InteractiveSession {
    let browser: Browser
    /// A pretended time from --now; the clock then stands still.
    let fixedNow: Date?
    let clock: ClockMode
    let localZone: TimeZone

    func run() throws(TerminalUnavailable) {
        let terminal = try CursesTerminal()
        defer { terminal.stop() }
        var state = AppState(size: terminal.size, now: fixedNow ?? Date(), clock: clock, localZone: localZone)
        browser.normalize(&state)
        terminal.draw(browser.render(state))

        while terminal.pendingQuitSignal == 0 {
            let event = try terminal.nextEvent(timeoutMilliseconds: 1000)
            let events = event.map { [$0] } ?? (fixedNow == nil ? [InputEvent.tick(Date())] : [])
            let before = state
            var quit = false
            for event in events {
                for action in browser.actions(for: event, in: state) where browser.reduce(&state, action).contains(.quit) {
                    quit = true
                }
            }
            if quit { return }
            if state != before { terminal.draw(browser.render(state)) }
        }
    }
}

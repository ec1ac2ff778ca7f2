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
    let kiosk: KioskState?

    func run() throws(TerminalUnavailable) {
        // A kiosk takes the keyboard raw, so Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S are keys, not signals.
        let terminal = try CursesTerminal(options: .init(raw: kiosk != nil))
        defer { terminal.stop() }
        var state: AppState
        if let kiosk {
            state = browser.kioskStart(size: terminal.size, now: fixedNow ?? Date(), clock: clock, localZone: localZone, kiosk: kiosk)
        } else {
            state = AppState(size: terminal.size, now: fixedNow ?? Date(), clock: clock, localZone: localZone)
            browser.normalize(&state)
        }
        terminal.draw(browser.render(state))

        while terminal.pendingQuitSignal == 0 {
            let event = try terminal.nextEvent(timeoutMilliseconds: 1000)
            // The clock moves with every event, not only when idle, so a kiosk measures idleness from real keys.
            let events = (fixedNow == nil ? [InputEvent.tick(Date())] : []) + (event.map { [$0] } ?? [])
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

import Foundation
import HallwayUI
import ScheduleRemote
import ScheduleKit
import TerminalCurses

/// The loop: wait for input (or a second to pass, for the clock), reduce, draw what changed.
struct InteractiveSession {
    var browser: Browser
    /// A pretended time from --now; the clock then stands still.
    let fixedNow: Date?
    let clock: ClockMode
    let localZone: TimeZone
    let kiosk: KioskState?
    /// For a program from a URL: refreshed at start and on `r`, swapped in when it changed.
    var refresh: BackgroundRefresh?
    var refreshAtStart = true
    /// Where stars are kept; nil for the kiosk, which never reads or writes them.
    var stars: (any StarStore)?
    /// --remind: minutes before a starred session to say so and ring once; 0 for never.
    var remindMinutes = 0
    var maximumFileSize = ScheduleLoader.maximumFileSize

    mutating func run() throws(TerminalUnavailable) {
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
        if let refresh {
            state.canRefresh = kiosk == nil
            if refreshAtStart { refresh.start() }
        }
        if let stars, kiosk == nil {
            state.remindMinutes = remindMinutes
            loadStars(from: stars, into: &state)
        }
        terminal.draw(browser.render(state))
        browser.prepareSearchInBackground()

        while terminal.pendingQuitSignal == 0 {
            let event = try terminal.nextEvent(timeoutMilliseconds: 1000)
            // The clock moves with every event, not only when idle, so a kiosk measures idleness from real keys.
            let events = (fixedNow == nil ? [InputEvent.tick(Date())] : []) + (event.map { [$0] } ?? [])
            let before = state
            var effects: [Effect] = []
            for event in events {
                for action in browser.actions(for: event, in: state) { effects += browser.reduce(&state, action) }
            }
            if effects.contains(.quit) { return }
            if effects.contains(.refreshProgram) { refresh?.start() }
            for case .saveStar(let change) in effects { save(change, into: &state) }
            if effects.contains(.bell) { terminal.bell() }
            if let refresh, let outcome = refresh.collect() { adopt(outcome, from: refresh, into: &state) }
            if state != before { terminal.draw(browser.render(state)) }
        }
    }

    private func loadStars(from store: any StarStore, into state: inout AppState) {
        let loaded = store.load()
        let conference = browser.index.conference.id
        var notice = loaded.notice
        let gone = Agenda(browser.index, starred: loaded.stars.keys(for: conference)).missing
        if gone > 0, notice == nil { notice = "\(gone) starred \(gone == 1 ? "session is" : "sessions are") no longer in the program" }
        _ = browser.reduce(&state, .starsLoaded(loaded.stars.keys(for: conference), writable: loaded.writable, notice: notice))
    }

    /// Saves a star; the store answers with everything saved, other processes' stars included.
    private func save(_ change: StarChange, into state: inout AppState) {
        guard let stars else { return }
        do {
            let saved = try stars.apply(change)
            _ = browser.reduce(&state, .starsLoaded(saved.keys(for: change.conference), writable: true, notice: nil))
        } catch {
            _ = browser.reduce(&state, .starsLoaded(state.stars, writable: false, notice: "stars cannot be saved: \(error.description)"))
        }
    }

    /// Shows what a refresh brought: a changed program replaces the old one in place.
    private mutating func adopt(_ outcome: RemoteSchedule.Outcome, from refresh: BackgroundRefresh, into state: inout AppState) {
        var notice = refresh.notice(for: outcome, now: state.now)
        if outcome == .updated {
            switch refresh.loadKept(maximumSize: maximumFileSize) {
            case .success(let index):
                browser = Browser(index: index, keyMap: browser.keyMap)
                browser.prepareSearchInBackground()
                state = state.carriedOver()
            case .failure:
                notice = ProgramNotice("the new copy does not load; showing the old one", isWarning: true)
            }
        }
        _ = browser.reduce(&state, .programNotice(notice))
    }
}

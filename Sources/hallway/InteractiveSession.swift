import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleRemote
import ScheduleKit
import TerminalCurses

/// The loop: wait for input (or a second to pass, for the clock), reduce, draw what changed.
struct InteractiveSession {
    let browser: Browser
    /// A pretended time from --now; the clock then stands still.
    let fixedNow: Date?
    let clock: ClockMode
    let localZone: Zone
    let kiosk: KioskState?
    /// For a program from a URL: refreshed at start and on `r`, swapped in when it changed.
    var refresh: BackgroundRefresh?
    var refreshAtStart = true
    /// Where stars are kept; nil for the kiosk, which never reads or writes them.
    var stars: (any StarStore)?
    /// --remind: minutes before a starred session to say so and ring once; 0 for never.
    var remindMinutes = 0
    var maximumFileSize = ScheduleLoader.maximumFileSize
    /// Where the last view and zone are kept; nil for the kiosk, which always starts afresh.
    var place: PlaceMemory?
    /// The view the browser was left in last time.
    var startView: ViewKind?
    var theme: TerminalTheme = .dark
    /// The filter kept for this conference (`f`), already fitted to this program.
    var startFilter = ProgramFilter()
    /// What the header says first ("3 changes · 1 starred talk moved" when the file changed).
    var startNotice: ProgramNotice?
    /// Served over SSH (`hallway serve`): no program started for a visitor, Ctrl-Z ignored.
    var served = false
    /// Seconds without a key after which the session ends (served visitors); nil for never.
    var idleLimit: TimeInterval?

    enum Ending: Equatable {
        case quit
        /// `idleLimit` passed without a key.
        case idle
    }

    @discardableResult
    func run() throws(TerminalUnavailable) -> Ending {
        // A kiosk takes the keyboard raw, so Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S are keys, not signals.
        // The booth never links: a visitor has no desktop to follow a link into.
        let terminal = try CursesTerminal(options: .init(raw: kiosk != nil, theme: theme,
                                                         hyperlinks: kiosk == nil && CursesTerminal.Options.supportsHyperlinks(),
                                                         suspendable: !served))
        defer { terminal.stop() }
        var state: AppState
        if let kiosk {
            state = browser.kioskStart(size: terminal.size, now: fixedNow ?? Date(), clock: clock, localZone: localZone, machineZone: .current, kiosk: kiosk)
        } else {
            state = browser.openingState(size: terminal.size, now: fixedNow ?? Date(), clock: clock, localZone: localZone, machineZone: .current,
                                         startView: startView)
        }
        if let refresh {
            state.canRefresh = kiosk == nil
            if refreshAtStart { refresh.start() }
        }
        if kiosk == nil { state.remindMinutes = remindMinutes }
        state.programNotice = startNotice
        state.filter = startFilter
        let effects = TerminalEffects(terminal: terminal, stars: kiosk == nil ? stars.map(StarEffects.init) : nil, refresh: refresh,
                                      maximumFileSize: maximumFileSize, keyMap: browser.keyMap, opensLinks: !served)
        var runner = Runner(browser: browser, state: state, effects: effects)
        runner.apply(.loadStars)
        terminal.draw(runner.browser.render(runner.state))
        browser.prepareInBackground()

        // One tick before any key, so a reminder already due (or a pinned clock's) shows at once.
        var events: [InputEvent] = [.tick(fixedNow ?? Date())]
        // The browser's pinned clock stands still (tests and screenshots rely on it); the booth's
        // runs on from the pinned time, or its slides and idle reset would never move.
        let started = Date()
        var lastInput = ProcessInfo.processInfo.systemUptime
        var ending = Ending.quit
        func clockTick() -> [InputEvent] {
            guard let fixedNow else { return [.tick(Date())] }
            return kiosk == nil ? [] : [.tick(fixedNow.addingTimeInterval(Date().timeIntervalSince(started)))]
        }
        while terminal.pendingQuitSignal == 0 {
            if events.isEmpty {
                let first = try terminal.nextEvent(timeoutMilliseconds: 1000)
                var batch = first.map { [$0] } ?? []
                // What has already arrived comes along, so a burst of keys is searched and drawn once.
                while first != nil, batch.count < 1024, let more = try terminal.nextEvent(timeoutMilliseconds: 0) { batch.append(more) }
                let uptime = ProcessInfo.processInfo.systemUptime
                if !batch.isEmpty { lastInput = uptime }
                if let idleLimit, uptime - lastInput >= idleLimit {
                    ending = .idle
                    break
                }
                // The clock moves with every event, not only when idle, so a kiosk measures idleness from real keys.
                events = clockTick() + batch
            }
            let before = runner.state
            let asked = runner.send(events)
            events = []
            if asked.contains(.quit) { break }
            runner.collect()
            if terminal.resumedFromStop() || runner.state.showsSomethingNew(since: before) {
                terminal.draw(runner.browser.render(runner.state))
            }
        }
        // A place that cannot be kept is no reason to fail on the way out.
        try? place?.save(RememberedPlace(view: runner.state.view.name, zone: ClockOptions.name(of: runner.state.clock),
                                         filter: runner.state.filter),
                         conference: runner.browser.index.conference.id)
        return ending
    }
}

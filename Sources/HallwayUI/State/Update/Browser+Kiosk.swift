import FoundationEssentials
import Glibc
import ScheduleKit

extension Browser {
    /// A fresh browser as the booth shows it to the next visitor: on the attract board, with no
    /// trace of the last one (no selection, search, history or hits).
    public func kioskStart(size: Size, now: Date, clock: ClockMode, localZone: Zone, machineZone: Zone = .current, kiosk: KioskState) -> AppState {
        // A reset returns to the clock the booth started with, not the last visitor's choice.
        var state = AppState(size: size, now: now, clock: kiosk.startClock ?? clock, localZone: localZone, machineZone: machineZone)
        var kiosk = kiosk
        kiosk.startClock = kiosk.startClock ?? clock
        kiosk.showingAttract = true
        kiosk.slide = 0
        kiosk.boardPage = 0
        kiosk.slideStarted = now
        kiosk.lastInput = now
        kiosk.recentKeys = []
        state.kiosk = kiosk
        normalize(&state)
        return state
    }

    /// Handles what only a kiosk does: presence, the unlock sequence, slide rotation and the idle
    /// reset. Returns true when the action was fully handled here.
    func reduceKiosk(_ state: inout AppState, _ action: Action, effects: inout [Effect]) -> Bool {
        guard var kiosk = state.kiosk else { return false }
        switch action {
        case .kioskKey(let key):
            kiosk.lastInput = state.now
            if !kiosk.unlockKeys.isEmpty, let key {
                kiosk.recentKeys = Array((kiosk.recentKeys + [key]).suffix(kiosk.unlockKeys.count))
                if kiosk.recentKeys == kiosk.unlockKeys { effects.append(.quit) }
            }
            kiosk.showingAttract = false
            state.kiosk = kiosk
            return true
        case .tick(let date):
            state.now = date
            if kiosk.showingAttract {
                if date.timeIntervalSince(kiosk.slideStarted) >= kiosk.slideSeconds {
                    // The board's pages of rooms each get a slide's time before the next slide.
                    let slides = attractSlides
                    let onBoard = !slides.isEmpty && slides[kiosk.slide % slides.count] == .nowAndNext
                    if onBoard, kiosk.boardPage + 1 < NowBoard.pages(state, browser: self) {
                        kiosk.boardPage += 1
                    } else {
                        kiosk.slide = (kiosk.slide + 1) % max(1, slides.count)
                        kiosk.boardPage = 0
                    }
                    kiosk.slideStarted = date
                }
                state.kiosk = kiosk
            } else if date.timeIntervalSince(kiosk.lastInput) >= kiosk.idleTimeout {
                state = kioskStart(size: state.size, now: date, clock: state.clock, localZone: state.localZone, machineZone: state.machineZone, kiosk: kiosk)
            }
            return true
        case .quit:
            // A visitor cannot quit the booth display.
            return true
        case .resize:
            return false
        default:
            return kiosk.showingAttract
        }
    }

    /// Now & next when the program has times; then every session; then the tracks and speakers.
    public var attractSlides: [AttractSlide] {
        let timed = index.sessions.contains { $0.start != nil }
        return (timed ? [.nowAndNext] : []) + index.sessions.indices.map(AttractSlide.session) + [.tracks, .speakers]
    }
}

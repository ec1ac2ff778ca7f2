import Foundation
import ScheduleKit

/// The one loop body: an event becomes actions through the key map, each action is reduced, and
/// the effects that need no terminal (saving a star) are carried out here. The interactive
/// session, `hallway render --keys` and the tests all drive the browser through it, so what a test
/// replays is what a person at the keyboard gets.
public struct Runner {
    public private(set) var browser: Browser
    public var state: AppState
    /// Where stars are saved; nil for the kiosk, which never reads or writes them.
    public let stars: (any StarStore)?

    public init(browser: Browser, state: AppState, stars: (any StarStore)? = nil) {
        self.browser = browser
        self.state = state
        self.stars = stars
        self.browser.normalize(&self.state)
    }

    /// Feeds one event. Returns the effects left for the caller: quitting, the bell, a refresh.
    @discardableResult
    public mutating func send(_ event: InputEvent) -> [Effect] {
        send([event])
    }

    /// Feeds everything that arrived at once (a burst of keys, a paste without bracketed paste).
    /// Text typed in a row into the search pane is searched once, not once a key, so a burst
    /// costs one search; anything else is applied in order.
    @discardableResult
    public mutating func send(_ events: [InputEvent]) -> [Effect] {
        var effects: [Effect] = []
        var typed = ""
        for event in events {
            for action in browser.actions(for: event, in: state) {
                if case .type(let text) = action, state.search != nil {
                    typed += text
                    continue
                }
                if !typed.isEmpty {
                    effects += perform(.type(typed))
                    typed = ""
                }
                effects += perform(action)
                if effects.contains(.quit) { return effects }
            }
        }
        if !typed.isEmpty { effects += perform(.type(typed)) }
        return effects
    }

    /// Reduces one action and carries out the effects that belong to the stores.
    @discardableResult
    public mutating func perform(_ action: Action) -> [Effect] {
        var remaining: [Effect] = []
        for effect in browser.reduce(&state, action) {
            switch effect {
            case .saveStar(let change): save(change)
            default: remaining.append(effect)
            }
        }
        return remaining
    }

    /// Types keys as one burst, as if they arrived together, stopping at the first that quits.
    /// Returns every effect left over.
    @discardableResult
    public mutating func press(_ keys: [Key]) -> [Effect] {
        send(keys.map(InputEvent.key))
    }

    /// Replaces the program (a refresh brought a new copy): the view and clock stay, selections restart.
    public mutating func adopt(_ browser: Browser) {
        self.browser = browser
        state = state.carriedOver()
        self.browser.normalize(&state)
    }

    /// Reads the stars of this conference from the store, saying when some have left the program.
    public mutating func loadStars() {
        guard let stars, state.kiosk == nil else { return }
        let loaded = stars.load()
        let conference = browser.index.conference.id
        let keys = loaded.stars.keys(for: conference)
        var notice = loaded.notice
        let gone = Agenda(browser.index, starred: keys).missing
        if gone > 0, notice == nil { notice = "\(gone) starred \(gone == 1 ? "session is" : "sessions are") no longer in the program" }
        perform(.starsLoaded(keys, writable: loaded.writable, notice: notice))
    }

    /// Saves a star; the store answers with everything saved, other processes' stars included.
    private mutating func save(_ change: StarChange) {
        guard let stars else { return }
        do {
            let saved = try stars.apply(change)
            _ = browser.reduce(&state, .starsLoaded(saved.keys(for: change.conference), writable: true, notice: nil))
        } catch {
            _ = browser.reduce(&state, .starsLoaded(state.stars, writable: false, notice: "stars cannot be saved: \(error.description)"))
        }
    }
}

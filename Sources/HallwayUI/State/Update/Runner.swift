import FoundationEssentials
import Glibc
import ScheduleKit

/// The one loop body: an event becomes actions through the key map, each action is reduced, and
/// each effect goes to the `EffectHandler`, whose answers are reduced in turn. The interactive
/// session, `hallway render --keys` and the tests all drive the browser through it, so what a test
/// replays is what a person at the keyboard gets.
public struct Runner {
    public private(set) var browser: Browser
    public var state: AppState
    /// Runs the effects and answers with actions: the terminal's, or a test's.
    public var effects: any EffectHandler

    public init(browser: Browser, state: AppState, effects: any EffectHandler = NoEffects()) {
        self.browser = browser
        self.state = state
        self.effects = effects
        self.browser.normalize(&self.state)
    }

    /// Feeds one event. Returns every effect asked for (each already handed to the handler); the
    /// loop looks for `.quit`.
    @discardableResult
    public mutating func send(_ event: InputEvent) -> [Effect] {
        send([event])
    }

    /// Feeds everything that arrived at once (a burst of keys, a paste without bracketed paste).
    /// Text typed in a row into the search pane is searched once, not once a key, so a burst
    /// costs one search; anything else is applied in order.
    @discardableResult
    public mutating func send(_ events: [InputEvent]) -> [Effect] {
        var asked: [Effect] = []
        var typed = ""
        for event in events {
            for action in browser.actions(for: event, in: state) {
                if case .type(let text) = action, state.search != nil {
                    typed += text
                    continue
                }
                if !typed.isEmpty {
                    asked += apply(.type(typed))
                    typed = ""
                }
                asked += apply(action)
                if asked.contains(.quit) { return asked }
            }
        }
        if !typed.isEmpty { asked += apply(.type(typed)) }
        return asked
    }

    /// Reduces one action, hands its effects to the handler and reduces the handler's answers.
    /// Returns every effect asked for on the way.
    @discardableResult
    public mutating func apply(_ action: Action) -> [Effect] {
        apply(action, depth: 0)
    }

    private mutating func apply(_ action: Action, depth: Int) -> [Effect] {
        if case .programReplaced(let replacement) = action {
            // The view and clock stay; selections restart in the new program.
            browser = replacement.browser
            state = state.carriedOver()
            browser.normalize(&state)
        }
        var asked = browser.reduce(&state, action)
        // An answer that asked again and again would be a bug; a few rounds are all any needs.
        guard depth < 4 else { return asked }
        for effect in asked {
            for answer in effects.run(effect) { asked += apply(answer, depth: depth + 1) }
        }
        return asked
    }

    /// Reduces what background work has finished (a refresh), as the handler answers it.
    public mutating func collect() {
        for answer in effects.collect() { apply(answer) }
    }

    /// Types keys as one burst, as if they arrived together, stopping at the first that quits.
    /// Returns every effect asked for.
    @discardableResult
    public mutating func press(_ keys: [Key]) -> [Effect] {
        send(keys.map(InputEvent.key))
    }
}

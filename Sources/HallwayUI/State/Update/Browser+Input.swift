import FoundationEssentials
import Glibc
import ScheduleKit

/// Input events become actions through the key map, in the contexts the state is in.
extension Browser {
    public func actions(for event: InputEvent, in state: AppState) -> [Action] {
        // In the kiosk every key, click or paste first counts as a visitor's presence (a key may
        // be part of the unlock sequence); on the attract board it only wakes the browser.
        if let kiosk = state.kiosk, let presence = Self.presence(of: event) {
            return kiosk.showingAttract ? [presence] : [presence] + actions(for: event, in: awake(state))
        }
        switch event {
        case .resize(let size): return [.resize(size)]
        case .tick(let date): return [.tick(date)]
        case .paste(let text):
            // A paste is a search: typed into the open pane, or opening it.
            if state.showHelp { return [] }
            return state.search != nil ? [.type(text)] : [.openSearch, .type(text)]
        case .mouse(let mouse):
            switch mouse.kind {
            case .press: return [.click(x: mouse.x, y: mouse.y)]
            case .wheelUp: return [.scroll(x: mouse.x, y: mouse.y, lines: -3)]
            case .wheelDown: return [.scroll(x: mouse.x, y: mouse.y, lines: 3)]
            }
        case .key(let key):
            if state.showHelp {
                // Any key closes the help; the help context names the ones the footer suggests.
                return [keyMap.action(for: key, in: [.help]) ?? .toggleHelp]
            }
            if state.filterPane != nil { return keyMap.action(for: key, in: [.filter]).map { [$0] } ?? [] }
            // Any key puts the code away.
            if state.showShareCode { return [.toggleShareCode] }
            if state.search != nil {
                if let action = keyMap.action(for: key, in: [.search]) { return [action] }
                if case .character(let character) = key { return [.type(String(character))] }
                return []
            }
            return keyMap.action(for: key, in: contexts(for: state)).map { [$0] } ?? []
        }
    }

    /// What a visitor's input says to the kiosk: someone is here (and, for a key, which one).
    private static func presence(of event: InputEvent) -> Action? {
        switch event {
        case .key(let key): .kioskKey(key)
        case .mouse, .paste: .kioskKey(nil)
        case .resize, .tick: nil
        }
    }

    /// The same state with the kiosk taken away, to map a key as the plain browser would.
    private func awake(_ state: AppState) -> AppState {
        var plain = state
        plain.kiosk = nil
        return plain
    }

    public func contexts(for state: AppState) -> [KeyContext] {
        if state.showHelp { return [.help] }
        if state.filterPane != nil { return [.filter] }
        if state.search != nil { return [.search] }
        if state.view == .grid { return [.grid, .lists, .everywhere] }
        return state.focus == .detail ? [.detail, .everywhere] : [.lists, .everywhere]
    }
}

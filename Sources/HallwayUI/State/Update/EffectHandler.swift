import ScheduleKit

/// Carries out what `reduce` asks of the world outside the state (the star store, the terminal,
/// the desktop, the network) and answers with what became of it, as actions that go through
/// `reduce` like any key: the one door by which the world's answers reach the state (Bubble
/// Tea's Cmd → Msg). The terminal has one, `render --keys` and most tests have `NoEffects`, and a
/// test that needs the world to answer has a fake.
public protocol EffectHandler {
    /// Runs `effect`; the actions say what became of it (none, for most).
    mutating func run(_ effect: Effect) -> [Action]
    /// What background work (a refresh) has finished since last asked, as actions.
    mutating func collect() -> [Action]
}

extension EffectHandler {
    public mutating func collect() -> [Action] { [] }
}

/// No world at all: every effect is dropped (`render --keys`, screen tests).
public struct NoEffects: EffectHandler {
    public init() {}
    public mutating func run(_ effect: Effect) -> [Action] { [] }
}

/// Stars kept in a `StarStore`, and nothing else of the world: the booth never has one, and
/// tests use a store in memory.
public struct StarEffects: EffectHandler {
    public let stars: any StarStore

    public init(stars: any StarStore) {
        self.stars = stars
    }

    public mutating func run(_ effect: Effect) -> [Action] {
        switch effect {
        case .saveStar(let change):
            do {
                return [.starsSaved(try stars.apply(change).keys(for: change.conference))]
            } catch {
                return [.starsNotSaved(reason: error.description)]
            }
        case .loadStars(let conference):
            let loaded = stars.load()
            return [.starsLoaded(loaded.stars.keys(for: conference), writable: loaded.writable, notice: loaded.notice)]
        default:
            return []
        }
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// The booth display's own state: whether the attract board is up, which slide it shows, and
/// when a visitor last pressed a key.
public struct KioskState: Sendable, Hashable {
    /// After this long without a key, the browser resets to the attract board.
    public var idleTimeout: TimeInterval
    /// How long each attract slide stays up.
    public var slideSeconds: TimeInterval
    /// Keys that end the kiosk (for the operator); empty means only a signal can.
    public var unlockKeys: [Key]

    public var showingAttract = true
    public var slide = 0
    /// Which page of rooms the now-and-next board shows, when they do not fit one screen.
    public var boardPage = 0
    public var slideStarted: Date
    public var lastInput: Date
    public var recentKeys: [Key] = []
    /// The clock the booth was started with; every reset goes back to it, whatever a visitor chose.
    public var startClock: ClockMode?

    /// The countdown before an idle reset is shown in the last third of the idle time, for at
    /// most this many seconds: a visitor who just woke the screen is not warned at once.
    public static let warningSeconds: TimeInterval = 10

    public var warningSeconds: TimeInterval { min(KioskState.warningSeconds, idleTimeout / 3) }

    public init(idleTimeout: TimeInterval, slideSeconds: TimeInterval = 8, unlockKeys: [Key] = [], now: Date) {
        self.idleTimeout = idleTimeout
        self.slideSeconds = slideSeconds
        self.unlockKeys = unlockKeys
        slideStarted = now
        lastInput = now
    }

    /// Whole seconds left before the reset, while the warning is due; nil otherwise.
    public func secondsBeforeReset(now: Date) -> Int? {
        guard !showingAttract else { return nil }
        let left = idleTimeout - now.timeIntervalSince(lastInput)
        guard left <= warningSeconds else { return nil }
        return max(0, Int(left.rounded(.up)))
    }
}

/// What the attract board rotates through.
public enum AttractSlide: Sendable, Hashable {
    /// Sessions on now and next, per room (only when the program has times).
    case nowAndNext
    case session(Int)
    case tracks
    case speakers
}

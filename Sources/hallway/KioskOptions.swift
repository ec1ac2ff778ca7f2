import ArgumentParser
import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit

/// `--kiosk` and its settings: the booth display (docs/KIOSK.md).
struct KioskOptions: ParsableArguments {
    @Flag(name: .long, help: "Run as a booth display: attract screen when idle, no way to quit from the keyboard.")
    var kiosk = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --kiosk: seconds without a key before resetting to the attract screen.", valueName: "SECONDS"))
    var idleTimeout: Double = 90

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --kiosk: seconds each attract slide stays up.", valueName: "SECONDS"))
    var slideSeconds: Double = 8

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("With --kiosk: a key sequence (vim notation, e.g. \"<C-x><C-q>\") that ends the kiosk; off by default.", valueName: "KEYS"))
    var unlockKey: String?

    func state(now: Date) throws -> KioskState? {
        guard kiosk else {
            if unlockKey != nil { throw BadInput("hallway: --unlock-key goes with --kiosk") }
            return nil
        }
        guard idleTimeout >= 1, idleTimeout <= 86_400 else { throw BadInput("hallway: --idle-timeout: expected 1 to 86400 seconds") }
        guard slideSeconds >= 1, slideSeconds <= 3600 else { throw BadInput("hallway: --slide-seconds: expected 1 to 3600 seconds") }
        var unlock: [Key] = []
        if let unlockKey {
            do { unlock = try KeyNotation.parse(unlockKey) } catch { throw BadInput("hallway: --unlock-key: \(error.description)") }
            guard !unlock.isEmpty else { throw BadInput("hallway: --unlock-key: give at least one key") }
        }
        return KioskState(idleTimeout: idleTimeout, slideSeconds: slideSeconds, unlockKeys: unlock, now: now)
    }
}

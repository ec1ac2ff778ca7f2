import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit

/// `--now`: the browser, `render`, `now` and `search` (for `day:today`).
struct NowOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pretend it is this time (ISO 8601 with an offset, e.g. 2023-09-26T10:00+08:00); HALLWAY_NOW does the same.", valueName: "ISO8601"))
    var now: String?

    /// The pinned time, from --now or else HALLWAY_NOW; nil when the clock runs.
    func pinned(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        let (text, source): (String?, String) = now != nil ? (now, "--now") : (environment["HALLWAY_NOW"].flatMap { $0.isEmpty ? nil : $0 }, "HALLWAY_NOW")
        guard let text else { return nil }
        guard let instant = ISOInstant.parse(text) else {
            throw BadInput("hallway: \(source): expected a time such as 2023-09-26T10:00+08:00, found \"\(TerminalSafe.escaped(text))\"")
        }
        return instant
    }

    func instant() throws -> Date { try pinned() ?? Date() }
}

/// `--now` and `--tz`, shared by the browser, `render` and `now`.
struct ClockOptions: ParsableArguments {
    @OptionGroup var time: NowOption

    @Option(name: .long, help: ArgumentHelp("Show times in venue time (the default), local time, or an IANA zone.", valueName: "venue|local|IANA"))
    var tz: String?

    func pinned() throws -> Date? { try time.pinned() }

    func instant() throws -> Date { try time.instant() }

    /// The zone to show times in: --tz when given, else `remembered` (the last choice in the
    /// browser), else venue time. A remembered zone that no longer exists falls back to venue time.
    func clockMode(remembered: String? = nil) throws -> (mode: ClockMode, local: Zone) {
        if tz == nil, let remembered, let mode = Self.mode(named: remembered) { return mode }
        guard let mode = Self.mode(named: tz ?? "venue") else {
            throw BadInput("hallway: --tz: unknown time zone \"\(TerminalSafe.escaped(tz ?? ""))\"; use venue, local or an IANA name such as Europe/Berlin")
        }
        return mode
    }

    static func mode(named name: String) -> (mode: ClockMode, local: Zone)? {
        switch name {
        case "venue": return (.venue, .current)
        case "local": return (.zone(.current), .current)
        default: return Zone(identifier: name).map { (.zone($0), $0) }
        }
    }

    /// How a clock is remembered: "venue", "local", or the zone's name.
    static func name(of mode: ClockMode) -> String {
        switch mode {
        case .venue: "venue"
        case .zone(let zone): zone.identifier == Zone.current.identifier ? "local" : zone.identifier
        }
    }
}

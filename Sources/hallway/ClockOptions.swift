import ArgumentParser
import Foundation
import ScheduleKit

/// `--now` and `--tz`, shared by the browser, `render` and `now`.
struct ClockOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pretend it is this time (ISO 8601 with an offset, e.g. 2023-09-26T10:00+08:00).", valueName: "ISO8601"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("Show times in venue time, local time, or an IANA zone.", valueName: "venue|local|IANA"))
    var tz: String = "venue"

    func instant() throws -> Date {
        guard let now else { return Date() }
        guard let instant = ISOInstant.parse(now) else {
            throw BadInput("hallway: --now: expected a time such as 2023-09-26T10:00+08:00, found \"\(TerminalSafe.escaped(now))\"")
        }
        return instant
    }

    func clockMode() throws -> (mode: ClockMode, local: TimeZone) {
        switch tz {
        case "venue": return (.venue, .current)
        case "local": return (.zone(.current), .current)
        default:
            guard let zone = TimeZone(identifier: tz) else {
                throw BadInput("hallway: --tz: unknown time zone \"\(TerminalSafe.escaped(tz))\"; use venue, local or an IANA name such as Europe/Berlin")
            }
            return (.zone(zone), zone)
        }
    }
}

import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit
import ScheduleRemote

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a schedule file and report every problem with its location.",
        discussion: """
            Reads Hallway's JSON, frab/pretalx schedule.json (version 1 and the schedule2 draft), frab \
            schedule.xml and iCalendar, telling them apart by their content. Prints the format and \"ok: …\" and exits 0 \
            (warnings, if any, on stderr), or prints one located error per line to stderr and exits 2.
            """
    )

    @Argument(help: ArgumentHelp("The schedule file, or its URL, to check.", valueName: "FILE|URL"))
    var file: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Refuse schedule files larger than this many MiB.", valueName: "MIB"))
    var maxFileSize: Int = ScheduleLoader.maximumFileSize / 1_048_576

    @Option(name: .long, help: ArgumentHelp("The venue's time zone, for files that do not give it.", valueName: "Area/City"))
    var venueTz: String?

    @Flag(name: .long, help: "Also check what must hold of every program read: days, speakers, rooms, the room grid, warm and cold search; exit 2 when any does not.")
    var strict = false

    func run() throws {
        // The same options, checks and URL handling as --data everywhere else; a URL is fetched
        // afresh and what the server sends is checked even when it is not kept.
        let loaded: LoadedSchedule
        do {
            let options = try DataOptions.parse(["--data", file, "--max-file-size", String(maxFileSize)] + (venueTz.map { ["--venue-tz", $0] } ?? []))
            let path = try options.resolvedPath(strict: true)?.path ?? file
            loaded = try ScheduleLoader.read(file: path, maximumSize: try options.maximumBytes(), name: file, venueZone: try options.venueZone())
        } catch let error as ScheduleLoadError {
            throw BadInput(error.description)
        }
        for warning in loaded.warnings { Output.error(warning.description) }
        Output.text("format: \(loaded.format.displayName)\n")
        Output.text(Self.summary(of: loaded.conference) + (loaded.warnings.isEmpty ? "" : "; \(loaded.warnings.count) \(loaded.warnings.count == 1 ? "warning" : "warnings")") + "\n")
        if strict {
            let broken = StrictCheck.run(loaded.conference, file: file, venueZone: try? DataOptions.parse(["--data", file] + (venueTz.map { ["--venue-tz", $0] } ?? [])).venueZone())
            for line in broken { Output.error("\(TerminalSafe.escaped(file)): invariant: \(line)") }
            Output.text(broken.isEmpty ? "invariants: all hold\n" : "invariants: \(broken.count) broken\n")
            if !broken.isEmpty { throw ExitCode(2) }
        }
        finishOneShot()
    }

    static func summary(of conference: Conference) -> String {
        // Counted without gathering: a filtered copy was a fifth of validate's peak at 100,000 sessions.
        let timed = conference.sessions.reduce(0) { $0 + ($1.hasPublishedTime ? 1 : 0) }
        return "ok: \(conference.sessions.count) sessions, \(conference.speakers.count) speakers, "
            + "\(conference.tracks.count) tracks, \(conference.topics.count) topics, \(conference.rooms.count) rooms, "
            + "\(conference.days.count) \(conference.days.count == 1 ? "day" : "days"); \(timed) sessions with a published time"
    }
}

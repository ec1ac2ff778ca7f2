import ArgumentParser
import Foundation
import ScheduleKit
import ScheduleRemote

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a schedule file and report every problem with its location.",
        discussion: """
            Reads Hallway's JSON, frab/pretalx schedule.json (version 1 and the schedule2 draft) and frab \
            schedule.xml, telling them apart by their content. Prints the format and \"ok: …\" and exits 0 \
            (warnings, if any, on stderr), or prints one located error per line to stderr and exits 2.
            """
    )

    @Argument(help: ArgumentHelp("The schedule file, or its URL, to check.", valueName: "FILE|URL"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Refuse schedule files larger than this many MiB.", valueName: "MIB"))
    var maxFileSize: Int = ScheduleLoader.maximumFileSize / 1_048_576

    @Option(name: .long, help: ArgumentHelp("The venue's time zone, for files that do not give it.", valueName: "Area/City"))
    var venueTz: String?

    func run() throws {
        guard maxFileSize > 0, maxFileSize <= 4096 else { Self.fail(BadInput("hallway: --max-file-size: expected 1 to 4096 MiB, found \(maxFileSize)")) }
        var path = file
        if RemoteSchedule.isRemote(file) {
            // A URL is fetched afresh; what the server sends is checked even when it is not kept.
            let options = try DataOptions.parse(["--data", file, "--max-file-size", String(maxFileSize)] + (venueTz.map { ["--venue-tz", $0] } ?? []))
            do {
                path = try options.resolvedPath(strict: true)?.path ?? file
            } catch let error as BadInput {
                Self.fail(error)
            } catch let error as RuntimeFailure {
                Self.fail(error)
            }
        }
        let zone: TimeZone?
        do {
            zone = try DataOptions.parse(venueTz.map { ["--venue-tz", $0] } ?? []).venueZone()
        } catch let error as BadInput {
            Self.fail(error)
        }
        do {
            let loaded = try ScheduleLoader.read(file: path, maximumSize: maxFileSize * 1_048_576, name: file, venueZone: zone)
            for warning in loaded.warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
            print("format: \(loaded.format.displayName)")
            print(Self.summary(of: loaded.conference) + (loaded.warnings.isEmpty ? "" : "; \(loaded.warnings.count) \(loaded.warnings.count == 1 ? "warning" : "warnings")"))
        } catch {
            Self.fail(BadInput(error.description))
        }
    }

    static func summary(of conference: Conference) -> String {
        let timed = conference.sessions.filter(\.hasPublishedTime).count
        return "ok: \(conference.sessions.count) sessions, \(conference.speakers.count) speakers, "
            + "\(conference.tracks.count) tracks, \(conference.topics.count) topics, \(conference.rooms.count) rooms, "
            + "\(conference.days.count) \(conference.days.count == 1 ? "day" : "days"); \(timed) sessions with a published time"
    }
}

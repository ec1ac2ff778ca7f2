import ArgumentParser
import Foundation
import HallwayUI
import ScheduleKit

@main
struct Hallway: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "hallway",
        abstract: "Browse a conference program in the terminal.",
        usage: """
            hallway [--data <FILE>] [--now <ISO8601>] [--tz <venue|local|IANA>]
            hallway --kiosk [--idle-timeout <SECONDS>] [--slide-seconds <SECONDS>] [--unlock-key <KEYS>]
            hallway <subcommand>
            """,
        discussion: """
            With no subcommand, opens the bundled IstioCon China 2023 program, or the schedule given with \
            --data, in the terminal; press ? there for the keys. When standard output is not a terminal it \
            prints the program as plain text instead.

              --data <FILE>   a schedule file in Hallway's format (see validate)
              --now <ISO8601> pretend it is this time, e.g. 2023-09-26T10:00+08:00
              --tz <ZONE>     times in venue (default), local, or an IANA zone
              --kiosk         the booth display (docs/KIOSK.md)
            """,
        version: "hallway \(version)",
        subcommands: [Browse.self, Search.self, Validate.self, Render.self],
        defaultSubcommand: Browse.self
    )
}

/// Options every command that reads a program shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A schedule file in Hallway's format; the bundled program when omitted.", valueName: "FILE"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Refuse schedule files larger than this many MiB.", valueName: "MIB"))
    var maxFileSize: Int = ScheduleLoader.maximumFileSize / 1_048_576

    /// The search engine, for one-shot searches: from the program's snapshot in `snapshots` when one
    /// is current (see ProgramSnapshot), else built from the file and saved there.
    func loadEngine(snapshots: URL?) throws -> SearchEngine {
        guard let data else { return SearchEngine(ScheduleIndex(ScheduleLoader.bundled())) }
        guard maxFileSize > 0, maxFileSize <= 4096 else { throw BadInput("hallway: --max-file-size: expected 1 to 4096 MiB, found \(maxFileSize)") }
        do {
            return try ProgramSnapshot.engine(for: data, maximumSize: maxFileSize * 1_048_576, directory: snapshots)
        } catch {
            throw BadInput(error.description)
        }
    }

    func loadIndex() throws -> ScheduleIndex {
        guard let data else { return ScheduleIndex(ScheduleLoader.bundled()) }
        guard maxFileSize > 0, maxFileSize <= 4096 else { throw BadInput("hallway: --max-file-size: expected 1 to 4096 MiB, found \(maxFileSize)") }
        do {
            return ScheduleIndex(try ScheduleLoader.load(file: data, maximumSize: maxFileSize * 1_048_576))
        } catch {
            throw BadInput(error.description)
        }
    }
}

/// Bad usage or bad input: the message goes to stderr and the exit status is 2.
struct BadInput: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ParsableCommand {
    /// Prints `error` (already escaped) and exits with the design's status for it.
    static func fail(_ error: BadInput) -> Never {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        Foundation.exit(2)
    }
}

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
        discussion: "With no subcommand, opens the bundled IstioCon China 2023 program (or --data FILE).",
        version: "hallway \(version)",
        subcommands: [Browse.self, Validate.self, Render.self],
        defaultSubcommand: Browse.self
    )
}

/// Options every command that reads a program shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A schedule file in Hallway's format; the bundled program when omitted.", valueName: "FILE"))
    var data: String?

    func loadIndex() throws -> ScheduleIndex {
        guard let data else { return ScheduleIndex(ScheduleLoader.bundled()) }
        do {
            return ScheduleIndex(try ScheduleLoader.load(file: data))
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

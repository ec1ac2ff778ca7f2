import ArgumentParser
import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote

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
              --remind <MIN>  minutes before a starred session to ring once (default 5, 0 off)
              --theme <T>     colours for a dark or light terminal (auto asks the terminal, then COLORFGBG)
              --kiosk         the booth display (docs/KIOSK.md)
            """,
        version: "hallway \(version)",
        subcommands: [Browse.self, Search.self, Now.self, Changes.self, Validate.self, Export.self, Render.self, Serve.self],
        defaultSubcommand: Browse.self
    )

    /// As swift-argument-parser's, except that a command line it cannot read exits 2 like any
    /// other bad input (not 64), and the browser is named as people type it: `hallway`, not the
    /// internal `hallway browse`.
    static func main() {
        // Text is measured (the plain listing, `render`) with the table ncurses places cells with.
        TextWidth.prepareLocale()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as BadInput {
            // Every command's bad input and runtime failure end here, said the same way.
            fail(error)
        } catch let error as RuntimeFailure {
            fail(error)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = fullMessage(for: error).replacingEvery("hallway browse", with: "hallway")
            Output.error(message)
            Glibc.exit(2)
        }
    }
}

/// Ends a one-shot command that has printed all it had to say, without first freeing the program
/// it loaded: at 100,000 sessions freeing it took longer than drawing it (docs/PERFORMANCE.md).
/// Only for commands that hold no terminal and no file open for writing.
func finishOneShot(status: Int32 = EXIT_SUCCESS) -> Never {
    exit(status)
}

/// Options every command that reads a program shares.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A schedule file or its URL (Hallway JSON, frab/pretalx JSON or XML, schedule2, iCalendar); the bundled program when omitted.", valueName: "FILE|URL"))
    var data: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Refuse schedule files larger than this many MiB.", valueName: "MIB"))
    var maxFileSize: Int = ScheduleLoader.maximumFileSize / 1_048_576

    @Option(name: .long, help: ArgumentHelp("The venue's time zone, for files that do not give it (iCalendar feeds in UTC).", valueName: "Area/City"))
    var venueTz: String?

    func venueZone() throws -> Zone? {
        guard let venueTz else { return nil }
        guard venueTz.contains("/") || venueTz == "UTC", let zone = Zone(identifier: venueTz) else {
            throw BadInput("hallway: --venue-tz: unknown time zone \"\(TerminalSafe.escaped(venueTz))\"; give an IANA name such as Europe/London")
        }
        return zone
    }

    func maximumBytes() throws -> Int {
        guard maxFileSize > 0, maxFileSize <= 4096 else { throw BadInput("hallway: --max-file-size: expected 1 to 4096 MiB, found \(maxFileSize)") }
        return maxFileSize * 1_048_576
    }

    /// The URL's kept copy, when --data is a URL.
    func remote() throws -> RemoteSchedule? {
        guard let data, RemoteSchedule.isRemote(data) else { return nil }
        guard let directory = ProgramSnapshot.defaultDirectory() else {
            throw RuntimeFailure("hallway: --data \(TerminalSafe.escaped(RemoteSchedule.redacted(data))): no cache folder to keep a copy in (set HOME or XDG_CACHE_HOME)")
        }
        guard let remote = RemoteSchedule(data, cacheDirectory: directory, limits: .init(maximumBytes: try maximumBytes())) else {
            throw BadInput("hallway: --data: \"\(TerminalSafe.escaped(RemoteSchedule.redacted(data)))\" is not a URL Hallway can fetch")
        }
        return remote
    }

    /// The file to read: --data itself, or for a URL its kept copy, fetched or refreshed first
    /// unless `waitForNetwork` is false and a copy is kept (the browser refreshes it afterwards).
    /// A failed refresh falls back to the kept copy, saying so on stderr; with `strict`, a body that
    /// does not load is bad input, reported in full, whatever is kept.
    func resolvedPath(waitForNetwork: Bool = true, strict: Bool = false) throws -> (path: String, name: String)? {
        guard let data else { return nil }
        guard let remote = try remote() else { return (data, data) }
        let name = remote.displayURL
        switch remote.keptCopy() {
        case .damaged(let reason):
            Output.error("hallway: the kept copy of \(TerminalSafe.escaped(name)) is not used: \(reason); fetching it whole")
        case .good where !waitForNetwork:
            return (remote.bodyPath, name)
        case .good, .none:
            break
        }
        let outcome = remote.refresh()
        // What came back is not a schedule (a web page, say): bad input, reported in full, unless a good copy is kept.
        if case .refused(let error) = outcome, strict || remote.kept() == nil { throw BadInput(error.description) }
        if let problem = outcome.problem {
            guard let kept = remote.kept() else {
                throw RuntimeFailure("hallway: cannot fetch \(TerminalSafe.escaped(name)): \(TerminalSafe.escaped(problem))")
            }
            Output.error("hallway: offline (\(TerminalSafe.escaped(problem))); using the copy from \(SessionTimeText.dayAndTime(kept.fetched, in: .current))")
        }
        return (remote.bodyPath, name)
    }

    /// One search's answer, for one-shot searches: from the program's snapshot in `snapshots` when
    /// one is current (see ProgramSnapshot), else from the file, saving a snapshot for next time.
    func answer(_ query: SearchQuery, limit: Int?, snapshots: URL?) throws -> (index: ScheduleIndex, results: SearchResults) {
        guard let (path, name) = try resolvedPath() else {
            let engine = SearchEngine(ScheduleIndex(ScheduleLoader.bundled()))
            return (engine.index, engine.search(query, limit: limit))
        }
        do {
            return try ProgramSnapshot.answer(query, limit: limit, for: path, maximumSize: try maximumBytes(), name: name,
                                              venueZone: try venueZone(), directory: snapshots) { refusal in
                Output.error("hallway: not using the cache: \(refusal.description)")
            }
        } catch let error as ScheduleLoadError {
            throw BadInput(error.description)
        }
    }

    /// The program read from its file, no snapshot looked at or saved.
    func loadIndex(waitForNetwork: Bool = true) throws -> ScheduleIndex {
        try loadProgram(waitForNetwork: waitForNetwork, snapshots: nil).index
    }

    /// The program for the browser: from its snapshot when it was opened before and has not
    /// changed, else read (and, unless `readOnly`, a snapshot saved on a thread: `saving`, to wait
    /// for before exit).
    func loadProgram(waitForNetwork: Bool, snapshots: URL?, readOnly: Bool = false) throws -> ProgramSnapshot.Opened {
        guard let (path, name) = try resolvedPath(waitForNetwork: waitForNetwork) else { return ProgramSnapshot.Opened(ScheduleIndex(ScheduleLoader.bundled())) }
        do {
            return try ProgramSnapshot.program(for: path, maximumSize: try maximumBytes(), name: name, venueZone: try venueZone(), directory: snapshots,
                                                   savesWhenStale: !readOnly)
        } catch let error as ScheduleLoadError {
            throw BadInput(error.description)
        }
    }
}


/// Something outside the input went wrong (the network, the disk): the message goes to stderr and the exit status is 1.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Bad usage or bad input: the message goes to stderr and the exit status is 2.
struct BadInput: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ParsableCommand {
    /// Prints `error` (already escaped) and exits with the design's status for it.
    static func fail(_ error: BadInput) -> Never {
        Output.error(error.description)
        Glibc.exit(2)
    }

    static func fail(_ error: RuntimeFailure) -> Never {
        Output.error(error.description)
        Glibc.exit(1)
    }
}

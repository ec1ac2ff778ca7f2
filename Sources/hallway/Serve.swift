import ArgumentParser
import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import Serving

/// `hallway serve`: what sshd's ForceCommand runs for each visitor (docs/SERVING.md). The
/// operator gives the program; the visitor gets the browser, or `export` / `now` / `help`, and
/// nothing else. A visitor's stars live in a folder named after the SSH key they logged in with.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the program to SSH visitors (sshd's ForceCommand; docs/SERVING.md).",
        discussion: """
            Run by sshd for each connection, with ExposeAuthInfo yes so the visitor's key is known. \
            The visitor's words after the host (SSH_ORIGINAL_COMMAND) choose: nothing for the browser, \
            `export` for their starred sessions as iCalendar, `now`, or `help`; anything else is refused. \
            Nothing is fetched and no file is written but the visitor's own state: run \
            `hallway serve --prepare --data FILE|URL` as the same user whenever the program changes, \
            to fetch a URL and save the snapshot and the release every visitor then reads.
            """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: ArgumentHelp("Where visitors' folders are kept (default $XDG_STATE_HOME/hallway/visitors).", valueName: "DIR"))
    var visitors: String?

    @Option(name: .customLong("idle-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds without a key before a visitor's browser closes.", valueName: "SECONDS"))
    var idleTimeout: Double = 900

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Minutes before a starred session to say so; 0 for never.", valueName: "MINUTES"))
    var remind = 5

    // Asking the visitor's terminal (OSC 11) is not the default here: across a network its answer
    // can come after the wait, and would then arrive as keys.
    @Option(name: .long, help: ArgumentHelp("Colours for visitors' terminals: dark, light, or auto to ask each terminal (waits up to 150 ms).", valueName: "dark|light|auto"))
    var theme = "dark"

    @Flag(name: .long, help: "For the operator: fetch the program (a URL), save its snapshot and keep its release, then exit.")
    var prepare = false

    func run() throws {
        guard idleTimeout >= 10, idleTimeout <= 86_400 else { throw BadInput("hallway: serve: --idle-timeout: expected 10 to 86400 seconds") }
        guard (0...1440).contains(remind) else { throw BadInput("hallway: serve: --remind: expected 0 to 1440 minutes, found \(remind)") }
        if prepare { return try prepareProgram() }

        let environment = ProcessInfo.processInfo.environment
        let request = ServedRequest(originalCommand: environment["SSH_ORIGINAL_COMMAND"])
        let usage = ServedRequest.usage(host: Self.address(environment))
        if case .refused(let typed) = request {
            throw BadInput("hallway: \"\(TerminalSafe.escaped(typed))\" is not offered here.\n" + usage)
        }
        if request == .help { return Output.text(usage) }

        let arguments = try programArguments()
        // The program's releases are the operator's (kept by --prepare), read by every visitor:
        // kept per visitor they cost 180 KB a key for 38C3, and anyone can make keys.
        let releases = VersionStore.standard()
        let key = try VisitorFolders.enter(visitors: visitors.map { URL(fileURLWithPath: $0) })
        switch request {
        case .exportStarred:
            guard key != nil else {
                throw RuntimeFailure("hallway: no stars are kept for a visitor without an SSH key: connect with one (ssh -i KEY) to keep them")
            }
            try ExportICS.parse(arguments + ["--starred"]).write(releases: releases)
        case .now:
            let now = try Now.parse(arguments)
            try now.run()
        default:
            let greeting = key == nil ? ProgramNotice("no SSH key: stars for this visit", isWarning: true) : nil
            try Browse.parse(arguments + ["--remind", String(remind), "--theme", theme])
                .open(served: ServedVisit(keepsStars: key != nil, idleLimit: idleTimeout, greeting: greeting, releases: releases))
        }
    }

    /// --data as every visitor reads it: a file, or a URL's copy as the operator last fetched it;
    /// none for the bundled program.
    private func programArguments() throws -> [String] {
        guard var path = dataOptions.data else { return [] }
        if let remote = try dataOptions.remote() {
            guard case .good = remote.keptCopy() else {
                throw RuntimeFailure("hallway: serve: \(TerminalSafe.escaped(remote.displayURL)) has not been fetched here yet: the operator runs hallway serve --prepare --data URL")
            }
            path = remote.bodyPath
        }
        return ["--data", path, "--max-file-size", String(dataOptions.maxFileSize)] + (dataOptions.venueTz.map { ["--venue-tz", $0] } ?? [])
    }

    private func prepareProgram() throws {
        let directory = ProgramSnapshot.defaultDirectory()
        let opened = try dataOptions.loadProgram(waitForNetwork: true, snapshots: directory)
        let (index, saving) = (opened.index, opened.saving)
        // Kept here, once for all visitors, so each sees what changed since the release before.
        _ = ReleaseHistory.record(index.conference)
        while let saving, !saving.isFinished { usleep(5_000) }
        let kept = dataOptions.data == nil ? "; the bundled program, nothing to fetch" : directory.map { "; snapshot in \($0.path)" } ?? ""
        Output.text("ready: \(index.sessions.count) sessions of \(index.conference.name)\(kept)\n")
    }

    /// How the visitor reached this server, for the usage text: the login name and the address
    /// sshd answered on (from SSH_CONNECTION), with the port when it is not 22.
    static func address(_ environment: [String: String]) -> String {
        let parts = (environment["SSH_CONNECTION"] ?? "").split(separator: " ")
        guard parts.count == 4 else { return "this-server" }
        let user = environment["USER"].map { TerminalSafe.escaped($0) + "@" } ?? ""
        return (parts[3] == "22" ? "" : "-p \(parts[3]) ") + user + parts[2]
    }
}

/// Where a visitor's state lives. Hallway's stores (stars, the place left) find their folders
/// through XDG_DATA_HOME and XDG_STATE_HOME; pointing those at the visitor's folder before
/// anything reads a store makes each of them the visitor's. The program's cache (XDG_CACHE_HOME)
/// and its releases (read before this, passed on as `ServedVisit.releases`) stay the operator's,
/// read and never written by a visit.
enum VisitorFolders {
    /// The visitor's key, with the environment pointed at their folder; nil for a visitor with no
    /// key, for whom every store is switched off (stars are kept in memory for the visit).
    static func enter(visitors: URL?) throws -> VisitorKey? {
        let environment = ProcessInfo.processInfo.environment
        let cache = ProgramSnapshot.defaultDirectory(environment: environment)?.deletingLastPathComponent()
        let root = visitors ?? PlaceMemory.standard(environment: environment)?.folder.appendingPathComponent("visitors")
        let key = try? VisitorKey.fromSession(environment: environment).get()
        for name in ["XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "HOME"] { unsetenv(name) }
        if let cache { setenv("XDG_CACHE_HOME", cache.path, 1) } else { unsetenv("XDG_CACHE_HOME") }
        guard let key, let root else { return nil }
        guard let name = key.folderName else {
            throw RuntimeFailure("hallway: serve: cannot name the visitor's folder: libnettle (Debian's libnettle8) is not installed")
        }
        let folder = root.appendingPathComponent(name)
        do {
            try PrivateCache.prepare(root)
            try PrivateCache.prepare(folder)
        } catch {
            throw RuntimeFailure("hallway: serve: the visitor's folder \(error.description)")
        }
        setenv("XDG_DATA_HOME", folder.appendingPathComponent("data").path, 1)
        setenv("XDG_STATE_HOME", folder.appendingPathComponent("state").path, 1)
        return key
    }
}

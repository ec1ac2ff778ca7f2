import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `hallway` executable built beside the test bundle (or $HALLWAY_BINARY).
let hallwayBinary: String = {
    if let path = ProcessInfo.processInfo.environment["HALLWAY_BINARY"] { return path }
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
        let path = candidate.appendingPathComponent("hallway").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/hallway").path
}()

struct ProcessResult {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs a command to completion with its output captured (stdin is /dev/null, so not a terminal).
/// Spawned and reaped directly: Foundation's Process on Linux can miss the exit of a tmux client
/// whose server daemonises, and then waits forever.
func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    var env = ProcessInfo.processInfo.environment
    env["LANG"] = "C.UTF-8"
    for (key, value) in environment { env[key] = value }
    let scratch = Scratch.path("run").path
    defer {
        try? FileManager.default.removeItem(atPath: scratch + ".out")
        try? FileManager.default.removeItem(atPath: scratch + ".err")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, scratch + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, scratch + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    let pid = try spawnWithDefaultSignals(executable, &actions, argv, envp)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let outData = (try? Data(contentsOf: URL(fileURLWithPath: scratch + ".out"))) ?? Data()
    let errData = (try? Data(contentsOf: URL(fileURLWithPath: scratch + ".err"))) ?? Data()
    return ProcessResult(status: exitStatus, stdout: outData, stderr: errData)
}

/// Starts a child with default signal handling and nothing blocked, whatever this runner
/// inherited: an ignored SIGHUP or SIGTERM would otherwise outlive every tmux pane we close and
/// every server we stop.
func spawnWithDefaultSignals(_ executable: String, _ actions: inout posix_spawn_file_actions_t,
                             _ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?]) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var all = sigset_t(), none = sigset_t()
    sigfillset(&all)
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
    return pid
}

func hallway(_ arguments: String..., environment: [String: String] = [:]) throws -> ProcessResult {
    try run(hallwayBinary, arguments, environment: isolated.merging(environment) { _, given in given })
}

/// Stars, the remembered place and caches of the tests' own, never the person's running them
/// (a test may give its own folders on top).
let isolated: [String: String] = {
    let home = Scratch.path("e2e-home")
    return ["XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "XDG_CACHE_HOME": home.appendingPathComponent("cache").path]
}()

/// A private tmux server with one pane running a command, for driving the real binary the way a
/// person does. Screens are polled until they match instead of slept for.
final class TmuxPane {
    let socket = "hallway-e2e-\(UUID().uuidString.prefix(8))"
    let directory: URL

    init(_ command: String, columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // tmux-256color is what tmux itself speaks, so keys such as Home and End arrive as ncurses expects.
        var env = ["LANG": "C.UTF-8", "TERM": "tmux-256color", "ESCDELAY": "25"]
        // Each pane has a home of its own, so one test's stars or last view never reach another.
        for folder in ["data", "state", "cache"] { env["XDG_\(folder.uppercased())_HOME"] = directory.appendingPathComponent(folder).path }
        for (key, value) in environment { env[key] = value }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        // The shell stays after the command so the restored terminal can be inspected.
        // swift test sets NO_COLOR for its own output; a pane gets it only when a test asks.
        let unset = environment["NO_COLOR"] == nil ? "-u NO_COLOR " : ""
        let script = "cd '\(directory.path)' && env \(unset)\(exports) \(command); status=$?; stty -a > stty.txt; echo HALLWAY-EXITED $status; sleep 600"
        // Every bell the program rings is counted in bells.txt (the hook is set before the program starts).
        let bells = directory.appendingPathComponent("bells.txt").path
        _ = try tmux("start-server", ";", "set-hook", "-g", "alert-bell", "run-shell 'echo bell >> \(bells)'", ";",
                     "new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-s", "main", "sh", "-c", script)
    }

    deinit {
        let server = (try? display("#{pid}")).flatMap { Int32($0) }
        let socketPath = try? display("#{socket_path}")
        _ = try? tmux("kill-server")
        if let server {
            // Give the server a moment to shut down on its own; then make sure.
            for _ in 0..<40 where kill(server, 0) == 0 { Thread.sleep(forTimeInterval: 0.025) }
            if kill(server, 0) == 0 {
                kill(server, SIGKILL)
                if let socketPath { try? FileManager.default.removeItem(atPath: socketPath) }
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func tmux(_ arguments: String...) throws -> ProcessResult {
        try run("/usr/bin/env", ["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    func send(_ keys: String...) throws {
        for key in keys { _ = try tmux("send-keys", "-t", "main", key) }
    }

    func sendHex(_ bytes: [UInt8]) throws {
        _ = try tmux(["send-keys", "-t", "main", "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    private func tmux(_ arguments: [String]) throws -> ProcessResult {
        try run("/usr/bin/env", ["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    func capture() throws -> String {
        try tmux("capture-pane", "-p", "-t", "main").out
    }

    /// The screen with its attributes as escape sequences (`capture-pane -e`).
    func captureStyled() throws -> String {
        try tmux("capture-pane", "-p", "-e", "-t", "main").out
    }

    /// The screen and everything that scrolled off it.
    func captureHistory() throws -> String {
        try tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "main").out
    }

    /// How many times the terminal's bell has rung.
    func bells() -> Int {
        let text = (try? String(contentsOf: directory.appendingPathComponent("bells.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux("resize-window", "-t", "main", "-x", "\(columns)", "-y", "\(rows)")
    }

    func display(_ format: String) throws -> String {
        try tmux("display-message", "-p", "-t", "main", format).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits up to `seconds` for the screen to satisfy `condition`; returns the last screen.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 8, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(screen)")
        return screen
    }

    @discardableResult
    func waitFor(text: String, seconds: Double = 8) throws -> String {
        try waitFor("\"\(text)\"", seconds: seconds) { $0.contains(text) }
    }

    /// Waits for `text`, then for the screen to stay the same over three looks 50 ms apart: a
    /// screen compared whole with another must not be caught while a frame is still arriving.
    func waitForSteady(text: String, seconds: Double = 8) throws -> String {
        var screen = try waitFor(text: text, seconds: seconds)
        var unchanged = 0
        let deadline = Date().addingTimeInterval(seconds)
        while unchanged < 2, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let again = try capture()
            unchanged = again == screen ? unchanged + 1 : 0
            screen = again
        }
        return screen
    }

    /// The pid of hallway inside the pane's shell.
    func hallwayPID() throws -> Int32? {
        let shell = try display("#{pane_pid}")
        let children = try run("/usr/bin/env", ["pgrep", "-P", shell, "hallway"]).out
        return children.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// The terminal's modes as tmux sees them: "alternate-screen cursor-visible mouse", e.g. "0 1 0".
    func modes() throws -> String {
        try display("#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
    }

    func sttyAfterExit() throws -> String {
        try waitFor(text: "HALLWAY-EXITED")
        return (try? String(contentsOf: directory.appendingPathComponent("stty.txt"), encoding: .utf8)) ?? ""
    }
}

/// The terminal modes a shell needs back: canonical input, echo, signals, flow control.
func isRestored(_ stty: String) -> Bool {
    let words = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    return ["icanon", "echo", "isig", "ixon"].allSatisfy { words.contains($0) && !words.contains("-" + $0) }
}

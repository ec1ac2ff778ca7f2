import Foundation
import Testing

/// Signals, stops and pastes against the real binary in tmux: whatever arrives, the terminal the
/// person gets back is the one they had (canonical input, echo, main screen, cursor, no mouse).
@Suite("Signals, stops and pastes in a real terminal", .serialized)
struct HardeningEndToEndTests {
    /// Signals whose default would end the process: the program ends cleanly instead. 34 to 64
    /// are glibc's real-time signals (procps' kill misreads the name RTMAX).
    @Test(arguments: ["USR1", "USR2", "ALRM", "VTALRM", "PROF", "PWR", "34", "39", "64"])
    func aSignalThatWouldEndItRestoresTheTerminal(_ signal: String) throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        #expect(try pane.modes() == "1 0 1", "the program took the screen, hid the cursor and tracks the mouse")
        let pid = try #require(try pane.hallwayPID())
        _ = try run("/bin/kill", ["-s", signal, "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
        #expect(try pane.modes() == "0 1 0", "main screen, cursor shown, mouse off")
    }

    /// What systemd sends when a unit breaks its limits: restored, and the process still dies of it.
    @Test(arguments: [("SYS", 31), ("XCPU", 24), ("XFSZ", 25)])
    func aResourceLimitRestoresTheTerminalAndStillEndsIt(_ signal: String, _ number: Int) throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        let pid = try #require(try pane.hallwayPID())
        _ = try run("/bin/kill", ["-s", signal, "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        let screen = try pane.captureHistory()
        #expect(screen.contains("HALLWAY-EXITED \(128 + number)"), "a supervisor sees the signal")
        #expect(screen.contains("the terminal was restored"))
        #expect(try pane.modes() == "0 1 0")
    }

    @Test func sigpipeChangesNothing() throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        let pid = try #require(try pane.hallwayPID())
        _ = try run("/bin/kill", ["-s", "PIPE", "\(pid)"])
        try pane.send("2")
        try pane.waitFor(text: "Speakers (18)")
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }

    /// A background job's read or write of the terminal stops it: the terminal is given back while
    /// it is stopped, and on SIGCONT the screen is whole again.
    @Test(arguments: ["TTOU", "TTIN"])
    func aStopGivesTheTerminalBackAndContinuingRedraws(_ signal: String) throws {
        let jobControl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/job-control.py").path
        let pane = try TmuxPane("python3 \(jobControl) \(hallwayBinary)")
        try pane.waitFor(text: "Tracks (5)")
        // The wrapper says which process it started: looking for it by name and parent (pgrep)
        // found nothing now and then in loaded runs, the wrapper running.
        var found: Int32?
        _ = try pane.waitFor("the program's pid") { _ in
            found = (try? String(contentsOf: pane.directory.appendingPathComponent("child.pid"), encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return found != nil
        }
        let pid = try #require(found)
        _ = try run("/bin/kill", ["-s", signal, "\(pid)"])
        _ = try pane.waitFor("the program to stop") { _ in processState(pid) == "T" }
        #expect(try pane.modes() == "0 1 0", "while stopped, the main screen and cursor are back")
        let modes = try run("/bin/sh", ["-c", "stty -a < $(tmux -L \(pane.socket) display -p -t main '#{pane_tty}')"]).out
        #expect(isRestored(modes), "and the line discipline too: \(modes)")
        _ = try run("/bin/kill", ["-s", "CONT", "\(pid)"])
        let again = try pane.waitFor(text: "Tracks (5)")
        let modesAgain = try pane.modes()
        #expect(again.contains("Keynotes") && modesAgain == "1 0 1")
        try pane.send("2")
        try pane.waitFor(text: "Speakers (18)")
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }

    /// A 100 KB paste arrives as one input: the query is cut with a note, Esc answers at once, and
    /// nothing of the paste spills into the shell afterwards.
    @Test func aHugePasteIsOneBoundedInputAndEscStillAnswers() throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        let text = String(repeating: "istio mesh ebpf wasm ", count: 5000)
        let file = pane.directory.appendingPathComponent("paste.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try pane.tmux("load-buffer", file.path)
        try pane.tmux("paste-buffer", "-p", "-t", "main")
        try pane.waitFor(text: "The query stops at 200 characters", seconds: 10)
        try pane.send("Escape")
        try pane.waitFor(text: "Tracks (5)", seconds: 2)
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
        let after = try pane.capture().components(separatedBy: "HALLWAY-EXITED").last ?? ""
        #expect(!after.contains("ebpf"), "the paste did not land in the shell")
    }
}

@Suite("Links in a real terminal", .serialized)
struct HyperlinkEndToEndTests {
    /// The bytes the program writes, as tmux receives them, from the moment this is called.
    func rawOutput(of pane: TmuxPane) throws -> URL {
        let file = pane.directory.appendingPathComponent("raw-output.bin")
        try pane.tmux("pipe-pane", "-o", "-t", "main", "cat >> '\(file.path)'")
        return file
    }

    @Test(arguments: [("1", true), ("0", false)])
    func addressesAreMarkedClickableWhereTheTerminalLinksText(_ setting: String, _ linked: Bool) throws {
        let pane = try TmuxPane("\(hallwayBinary)", columns: 200, rows: 40, environment: ["HALLWAY_HYPERLINKS": setting])
        try pane.waitFor(text: "Tracks (5)")
        let file = try rawOutput(of: pane)
        try pane.send("2", "End", "Enter", "]")
        try pane.waitFor(text: "› Zufar Dhiyaulhaq")
        _ = try pane.waitFor("the output to reach the pipe") { _ in ((try? Data(contentsOf: file).count) ?? 0) > 0 }
        let bytes = String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
        let sequence = "\u{1B}]8;;https://www.youtube.com/watch?v=47MxrFX1rRg\u{1B}\\"
        #expect(bytes.contains(sequence) == linked, "OSC 8 \(linked ? "around" : "never around") the address")
        if linked { #expect(bytes.contains(sequence + "https://www.youtube.com/watch?v=47MxrFX1rRg\u{1B}]8;;\u{1B}\\")) }
        let screen = try pane.capture()
        #expect(screen.contains("https://www.youtube.com/watch?v=47MxrFX1rRg"), "the address still reads as text")
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }
}

/// The one-letter state of a process from /proc ("S" sleeping, "T" stopped).
func processState(_ pid: Int32) -> String? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
}

/// A window that claims a huge size, at the start or later: ncurses keeps sizes in 16 bits and
/// crashed at 32,768 rows; Hallway draws at most `Size.drawable` and stays usable.
@Suite("Huge windows", .serialized)
struct HugeWindowTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/window-size.py").path

    @Test(arguments: [(24, 80, 32768, 80), (24, 80, 10, 40000), (24, 80, 65535, 65535), (65535, 65535, 24, 80)])
    func survivesAndQuitsOnQ(_ rows1: Int, _ columns1: Int, _ rows2: Int, _ columns2: Int) throws {
        let result = try run("/usr/bin/env", ["python3", Self.script, "\(rows1)", "\(columns1)", "\(rows2)", "\(columns2)", hallwayBinary],
                             environment: isolated)
        #expect(result.out.hasPrefix("exit 0\n"), "\(result.out.suffix(400))")
        #expect(!result.out.contains("crashed"))
        if rows2 > 500 || columns2 > 1000 {
            #expect(result.out.contains("Hallway draws its top-left"), "the screen says it is drawn in part")
        }
    }
}

import Foundation
import ScheduleKit
import TestSupport
import Testing

@Suite("The booth display in a real terminal", .serialized)
struct KioskEndToEndTests {
    @Test func controlKeysAndRandomBytesNeitherStopNorEscapeIt() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --idle-timeout 3", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        let pid = try #require(try pane.hallwayPID())
        let tty = try pane.display("#{pane_tty}")
        let modes = try run("/bin/stty", ["-F", tty, "-a"]).out
        for mode in ["-isig", "-ixon", "-icanon"] { #expect(modes.contains(mode), "the kiosk tty must be raw: \(mode)") }

        // Ctrl-C, Ctrl-Z, Ctrl-\, Ctrl-S, Ctrl-Q, Ctrl-D, a bare Esc and an unfinished sequence, then q.
        try pane.sendHex([0x78, 0x03, 0x1A, 0x1C, 0x13, 0x11, 0x04, 0x1B])
        try pane.sendHex([0x1B, 0x5B])
        for key in (1...12).map({ "F\($0)" }) + ["q", "C-c", "C-z"] { try pane.send(key) }
        var generator = SplitMix64(seed: 0xB00_7)
        for _ in 0..<20 {
            try pane.sendHex((0..<500).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        // Whatever the storm left open, the idle reset brings the board back, and it still navigates.
        try pane.waitFor(text: "Press any key to explore", seconds: 15)
        #expect(try pane.hallwayPID() == pid, "still the same process")
        #expect(try run("/usr/bin/pgrep", ["-P", "\(pid)"]).out.isEmpty, "no child process was started")
        try pane.send("x")
        try pane.waitFor(text: "Tracks (5)")
        try pane.send("2")
        try pane.waitFor(text: "Speakers (18)")
        _ = try run("/bin/kill", ["-TERM", "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }

    /// Waits for states, never for a time: q is followed by a key that must still be answered
    /// (had q quit, the pane would say HALLWAY-EXITED instead), and the reset is awaited as a
    /// screen, with the idle time long enough that a loaded machine cannot reset mid-visit.
    @Test func qDoesNotQuitAndIdlenessReturnsToTheBoard() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --idle-timeout 4", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("x", "3", "q", "2")
        let browsing = try pane.waitFor(text: "Speakers (18)")
        #expect(!browsing.contains("quit") && !browsing.contains("HALLWAY-EXITED"), "q was not a way out, and the next key was answered")
        try pane.waitFor(text: "Press any key to explore", seconds: 20)
        try pane.send("x")
        let fresh = try pane.waitFor(text: "Tracks (5)")
        #expect(!fresh.contains("Speakers (18)"), "the reset cleared the last visitor's place")
    }

    /// The board changes by itself: whatever slide is up first, a different one follows, with
    /// no key pressed. No window to catch: any first slide will do.
    @Test func theBoardRotates() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --slide-seconds 1", columns: 80, rows: 24)
        let first = try pane.waitFor(text: "Press any key to explore")
        let body = { (screen: String) in screen.split(separator: "\n").dropFirst(3).joined(separator: "\n") }
        let next = try pane.waitFor("another slide", seconds: 15) { body($0) != body(first) && $0.contains("Press any key to explore") }
        #expect(body(next) != body(first))
    }

    /// Issue 24: with --now the booth's clock runs on from the pinned time, so the slides move.
    @Test func theBoardRotatesWithAPinnedClockToo() throws {
        let program = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Versions/congress-v1.xml").path
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --slide-seconds 1 --data \(program) --now 2024-12-27T13:00+01:00", columns: 80, rows: 24)
        let board = try pane.waitFor(text: "Now and next")
        #expect(board.contains("now Die Geschlechter"), "the room's title beside it, not its name alone")
        #expect(!board.contains("BioTerrorism"), "a talk six hours away is not on the board")
        let next = try pane.waitFor("the next slide", seconds: 15) { !$0.contains("Now and next") && $0.contains("Press any key to explore") }
        #expect(!next.contains("Now and next"))
    }

    @Test(arguments: [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60)])
    func theTalksQRCodeOnTheRealScreenDecodesToItsLink(_ columns: Int, _ rows: Int) throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk", columns: columns, rows: rows)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("x", "2", "End", "Enter", "Enter")
        let screen = try pane.waitFor(text: "Scan: video")
        // The code is the box spanned by its block characters (its quiet zone is blank).
        // Lines as terminal columns (a Chinese name beside the code takes two), so rows line up.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(terminalColumns)
        let isBlock: (Character) -> Bool = { $0 == "█" || $0 == "▀" || $0 == "▄" }
        let rows = lines.indices.filter { lines[$0].contains(where: isBlock) }
        let left = rows.compactMap { lines[$0].firstIndex(where: isBlock) }.min() ?? 0
        let right = rows.compactMap { lines[$0].lastIndex(where: isBlock) }.max() ?? 0
        let grid = rows.map { row in (left...right).map { lines[row].indices.contains($0) ? lines[row][$0] : " " } }
        #expect(try QRDecoding.decode(QRDecoding.modules(fromRows: grid)) == "https://www.youtube.com/watch?v=47MxrFX1rRg")
    }

    /// Woken, the browser shows no warning until the last third of the idle time (9 s: the last 3),
    /// then the board returns and the next visitor finds no trace of the last one's choices.
    @Test func theWarningComesLateAndTheResetLeavesNoTrace() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --idle-timeout 9", columns: 100, rows: 30)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("x", "t", "3")
        try pane.waitFor(text: "Topics (39)")
        let woken = Date()
        try pane.waitFor(text: "Still there?", seconds: 20)
        let warnedAfter = Date().timeIntervalSince(woken)
        #expect(warnedAfter >= 5, "warned \(warnedAfter) s into a 9 s idle time")
        try pane.waitFor(text: "Press any key to explore", seconds: 10)
        try pane.send("x")
        let fresh = try pane.waitFor(text: "Tracks (5)")
        #expect(fresh.split(separator: "\n").first?.contains("venue") == true, "the clock is the booth's again, not the visitor's")
        #expect(!fresh.contains("Topics (39)"))
    }

    @Test(arguments: [(["COLORFGBG": "15;0"], "", false), (["COLORFGBG": "0;15"], "", true), ([:], " --theme light", true), ([:], " --theme dark", false)])
    func coloursFollowTheBackground(_ environment: [String: String], _ option: String, _ light: Bool) throws {
        let pane = try TmuxPane("\(hallwayBinary)\(option)", columns: 100, rows: 30, environment: environment.merging(["TERM": "xterm-256color"]) { a, _ in a })
        try pane.waitFor(text: "Tracks (5)")
        let styled = try pane.captureStyled()
        // Pane titles: dark grey ground on a dark terminal, pale grey on a light one.
        #expect(styled.contains("48;5;252") == light && styled.contains("48;5;236") == !light, "\(styled.debugDescription.prefix(300))")
        #expect(!styled.contains("38;5;231m Keynotes"), "body text keeps the terminal's own foreground")
        try pane.send("q")
        _ = try pane.sttyAfterExit()
    }

    @Test func theUnlockSequenceEndsIt() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --unlock-key '<C-x><C-q>'", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("C-x", "C-q")
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }
}

/// A captured line as one Character a terminal column: a wide (East Asian) character is followed
/// by a blank standing for its second column. The ranges cover the CJK text the program holds.
func terminalColumns(_ line: Substring) -> [Character] {
    let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                                       0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6]
    var cells: [Character] = []
    for character in line {
        cells.append(character)
        if let scalar = character.unicodeScalars.first, wide.contains(where: { $0.contains(scalar.value) }) { cells.append(" ") }
    }
    return cells
}

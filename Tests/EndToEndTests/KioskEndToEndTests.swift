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
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try pane.hallwayPID() == pid, "still the same process")
        #expect(try run("/usr/bin/pgrep", ["-P", "\(pid)"]).out.isEmpty, "no child process was started")

        // Whatever the storm left open, the idle reset brings the board back, and it still navigates.
        try pane.waitFor(text: "Press any key to explore", seconds: 10)
        try pane.send("x")
        try pane.waitFor(text: "Tracks (5)")
        try pane.send("2")
        try pane.waitFor(text: "Speakers (18)")
        _ = try run("/bin/kill", ["-TERM", "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }

    @Test func qDoesNotQuitAndIdlenessReturnsToTheBoard() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --idle-timeout 2", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("x", "3", "q")
        let browsing = try pane.waitFor(text: "Topics (39)")
        #expect(!browsing.contains("quit"))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try pane.hallwayPID() != nil, "q did not quit")
        try pane.waitFor(text: "Press any key to explore", seconds: 6)
        try pane.send("x")
        let fresh = try pane.waitFor(text: "Tracks (5)")
        #expect(!fresh.contains("Topics (39)"), "the reset cleared the last visitor's place")
    }

    @Test func theBoardRotates() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --slide-seconds 1", columns: 80, rows: 24)
        let first = try pane.waitFor(text: "opening keynote by the program committee")
        try pane.waitFor("the next slide", seconds: 5) { $0.contains("Istio Ambient Mesh as a Managed Infrastructure") }
        #expect(first.contains("Jimmy Song 宋净超 · Tetrate"))
    }

    @Test func theTalksQRCodeOnTheRealScreenDecodesToItsLink() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("x", "2", "End", "Enter", "Enter")
        let screen = try pane.waitFor(text: "Scan: video")
        // The code is the box spanned by its block characters (its quiet zone is blank).
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let isBlock: (Character) -> Bool = { $0 == "█" || $0 == "▀" || $0 == "▄" }
        let rows = lines.indices.filter { lines[$0].contains(where: isBlock) }
        let left = rows.compactMap { lines[$0].firstIndex(where: isBlock) }.min() ?? 0
        let right = rows.compactMap { lines[$0].lastIndex(where: isBlock) }.max() ?? 0
        let grid = rows.map { row in (left...right).map { lines[row].indices.contains($0) ? lines[row][$0] : " " } }
        #expect(try QRDecoding.decode(QRDecoding.modules(fromRows: grid)) == "https://www.youtube.com/watch?v=47MxrFX1rRg")
    }

    @Test func theUnlockSequenceEndsIt() throws {
        let pane = try TmuxPane("\(hallwayBinary) --kiosk --unlock-key '<C-x><C-q>'", columns: 80, rows: 24)
        try pane.waitFor(text: "Press any key to explore")
        try pane.send("C-x", "C-q")
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }
}

import Foundation
import Testing

/// A handful of runs of the real binary in tmux: start, move around, resize, quit, signals.
@Suite("The browser in a real terminal", .serialized)
struct InteractiveTests {
    @Test func startsSwitchesViewsOpensADetailAndQuitsRestoringTheTerminal() throws {
        let pane = try TmuxPane(hallwayBinary)
        let start = try pane.waitFor(text: "Tracks (5)")
        #expect(start.contains("IstioCon China 2023"))
        #expect(start.contains("Keynotes"))
        try pane.send("2")
        try pane.waitFor(text: "Speakers (18)")
        try pane.send("j", "Enter")
        try pane.waitFor(text: "Speakers (18) › Chun Li 李纯 (1)")
        try pane.send("Enter")
        let detail = try pane.waitFor(text: "Iris Ding 丁少君 · Intel")
        #expect(detail.contains("Harnessing eBPF for Traffic Redirection in Istio Ambient Mode"))
        #expect(detail.contains("Tue 26 Sep 2023, time not published"))
        try pane.send("Escape")
        let back = try pane.waitFor("the detail to close") { !$0.contains("Iris Ding") }
        #expect(back.contains("Speakers (18) › Chun Li 李纯 (1)"))
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }

    @Test func typingAQueryFindsAndOpensASession() throws {
        let pane = try TmuxPane(hallwayBinary, columns: 100, rows: 30)
        try pane.waitFor(text: "Tracks (5)")
        try pane.send("2", "/")
        try pane.waitFor(text: "filters: speaker:")
        try pane.send("-l", "corazza")
        let results = try pane.waitFor(text: "~ marks a near match")
        #expect(results.contains("~Istio Web Application Firewall"))
        try pane.send("Enter")
        let opened = try pane.waitFor(text: "Speakers (18)")
        #expect(opened.contains("Zufar Dhiyaulhaq · GoTo Financial"))
        #expect(!opened.contains("/ corazza"))
        try pane.send("/")
        try pane.waitFor(text: "filters: speaker:")
        try pane.send("-l", "宋净超")
        let chinese = try pane.waitFor(text: "speaker Jimmy Song 宋净超 · Tetrate")
        #expect(chinese.contains("2 sessions"))
        try pane.send("Escape")
        let back = try pane.waitFor("the search to close") { !$0.contains("/ 宋净超") }
        #expect(back.contains("Speakers (18)") && back.contains("Zufar Dhiyaulhaq · GoTo Financial"))
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }

    @Test func redrawsOnEveryResizeAndSaysWhenTooSmall() throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        try pane.resize(columns: 200, rows: 60)
        let wide = try pane.waitFor(text: "│ Details")
        #expect(wide.contains("Istio Ambient Mesh as a Managed Infrastructure") || wide.contains("opening keynote"))
        try pane.resize(columns: 30, rows: 8)
        try pane.waitFor(text: "Terminal too small")
        try pane.resize(columns: 80, rows: 24)
        let back = try pane.waitFor(text: "Tracks (5)")
        #expect(!back.contains("Terminal too small"))
        #expect(back.split(separator: "\n").first?.contains("1 Tracks") == true)
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }

    @Test(arguments: ["TERM", "HUP", "INT"])
    func aSignalEndsItCleanlyWithTheTerminalRestored(_ signal: String) throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        let pid = try #require(try pane.hallwayPID())
        _ = try run("/bin/kill", ["-\(signal)", "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        #expect(try pane.capture().contains("HALLWAY-EXITED 0"))
    }

    /// A Swift trap arrives as SIGILL on x86-64 (SIGTRAP on arm64); the others stand for any crash.
    @Test(arguments: [("ILL", 4), ("SEGV", 11), ("ABRT", 6)])
    func aCrashRestoresTheTerminalAndStillDiesOfTheSignal(_ signal: String, _ number: Int) throws {
        let pane = try TmuxPane(hallwayBinary)
        try pane.waitFor(text: "Tracks (5)")
        let pid = try #require(try pane.hallwayPID())
        _ = try run("/bin/kill", ["-\(signal)", "\(pid)"])
        #expect(isRestored(try pane.sttyAfterExit()))
        let screen = try pane.captureHistory()
        #expect(screen.contains("hallway: crashed; the terminal was restored"))
        #expect(screen.contains("HALLWAY-EXITED \(128 + number)"), "a supervisor must see the crash")
    }

    @Test(arguments: [
        (["TERM": "xterm-256color"], "256 colours"),
        (["TERM": "xterm"], "8 colours"),
        (["TERM": "xterm-256color", "NO_COLOR": "1"], "monochrome"),
    ])
    func colourFollowsTheTerminalAndNoColor(_ environment: [String: String], _ mode: String) throws {
        let pane = try TmuxPane(hallwayBinary, environment: environment)
        try pane.waitFor(text: "Tracks (5)")
        let styled = try pane.captureStyled()
        let has256 = styled.contains("38;5;") || styled.contains("48;5;")
        let hasBasicColour = styled.range(of: #"\e\[([0-9;]*;)?(3[0-7]|4[0-7])(;[0-9;]*)?m"#, options: .regularExpression) != nil
        switch mode {
        case "256 colours":
            #expect(has256)
        case "8 colours":
            #expect(!has256 && hasBasicColour, "\(styled.debugDescription.prefix(400))")
        default:
            #expect(!has256 && !hasBasicColour, "\(styled.debugDescription.prefix(400))")
            #expect(styled.contains("\u{1B}[7m"), "the selection needs reverse video without colour")
        }
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }

    @Test func escapeSequencesInTheDataAreShownNotObeyed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).json")
        try hostileProgram.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let pane = try TmuxPane("\(hallwayBinary) --data '\(file.path)'", columns: 120, rows: 30)
        let titleBefore = try pane.display("#{pane_title}")
        try pane.waitFor(text: "Hostile Con")
        try pane.send("Enter")
        let screen = try pane.waitFor(text: "␛[2J␛]0;pwned␇clear")
        #expect(screen.contains("hello EVIL"))
        #expect(screen.contains("Hostile Con"), "the screen was cleared")
        #expect(try pane.display("#{pane_title}") == titleBefore)
        try pane.send("q")
        #expect(isRestored(try pane.sttyAfterExit()))
    }
}

let hostileProgram = #"""
{
  "format": "hallway-schedule", "version": 1,
  "conference": {"id": "hostile", "name": "Hostile Con", "days": ["2024-01-01"], "timeZone": "UTC"},
  "sources": [{"id": "S1", "title": "x", "url": null}],
  "tracks": [{"id": "t", "name": "Main"}], "topics": [], "rooms": [],
  "speakers": [{"id": "m", "name": "Mallory\u001b[31m", "sources": ["S1"]}],
  "sessions": [
    {"id": "a", "kind": "talk", "titles": [{"lang": "en", "text": "\u001b[2J\u001b]0;pwned\u0007clear", "certainty": "confirmed", "sources": ["S1"]}],
     "day": "2024-01-01", "start": null, "end": null, "room": null, "track": "t", "topics": [], "speakers": ["m"], "sources": ["S1"]},
    {"id": "b", "kind": "talk", "titles": [{"lang": "en", "text": "hello\rEVIL", "certainty": "confirmed", "sources": ["S1"]}],
     "day": "2024-01-01", "start": null, "end": null, "room": null, "track": "t", "topics": [], "speakers": [], "sources": ["S1"]}
  ]
}
"""#

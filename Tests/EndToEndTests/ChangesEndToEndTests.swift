import Foundation
import Testing
import TestSupport

/// Issue 23 with the real binary: `hallway changes` on kept releases and on two files, and a
/// browser whose URL's program changes under it.
@Suite("What changed, end to end", .serialized)
struct ChangesEndToEndTests {
    static let versions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Versions")
    static func release(_ name: String) throws -> String { try String(contentsOf: versions.appendingPathComponent(name), encoding: .utf8) }

    /// A home of its own, so no other test's releases are compared with these.
    let home = Scratch.path("changes-home")
    var environment: [String: String] {
        ["XDG_STATE_HOME": home.appendingPathComponent("state").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
         "XDG_CACHE_HOME": home.appendingPathComponent("cache").path]
    }

    @Test func changesComparesKeptReleasesAndExitsAsScriptsExpect() throws {
        let file = home.appendingPathComponent("38c3.xml")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Self.release("congress-v1.xml").write(to: file, atomically: true, encoding: .utf8)
        let first = try hallway("changes", "--data", file.path, environment: environment)
        #expect(first.status == 1 && first.out.isEmpty)
        #expect(first.err.contains("no earlier release has been seen; this one is kept"))
        // Re-indented and reordered: not a change.
        try Self.release("congress-v1-reordered.xml").write(to: file, atomically: true, encoding: .utf8)
        #expect(try hallway("changes", "--data", file.path, environment: environment).status == 1)
        try Self.release("congress-v2.xml").write(to: file, atomically: true, encoding: .utf8)
        let second = try hallway("changes", "--data", file.path, environment: environment)
        #expect(second.status == 0)
        let lines = second.out.split(separator: "\n")
        #expect(lines.count == 10)
        #expect(lines.first == "cancelled: Clay PCB — was Fri 13:50 Saal ZIGZAG; no longer in the program")
        #expect(lines.contains("moved: ACE up the sleeve: Hacking into Apple's new USB-C Controller — Fri 12:00 Saal GLITCH → Fri 12:00 Saal 1"))
        #expect(second.err.hasPrefix("hallway: 38C3: changes since version 2025-03-04 21:21, seen "))
        // The same file again: the changes are still those since the release before.
        #expect(try hallway("changes", "--data", file.path, environment: environment).out == second.out)
        // By version string, and JSON for programs.
        let json = try hallway("changes", "--data", file.path, "--since", "2025-03-04 21:21", "--json", environment: environment)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 9)
        let moved = try #require(changes.first { ($0["title"] as? String) == "Breaking NATO Radio Encryption" })
        #expect((moved["old"] as? [String: Any])?["start"] as? String == "2024-12-27T14:45:00+01:00")
        #expect((moved["new"] as? [String: Any])?["start"] as? String == "2024-12-27T16:00:00+01:00")
        #expect((object["from"] as? [String: Any])?["version"] as? String == "2025-03-04 21:21")
        // A release not kept is bad input, naming those that are.
        let unknown = try hallway("changes", "--data", file.path, "--since", "v0", environment: environment)
        #expect(unknown.status == 2 && unknown.err.contains("kept: version 2025-03-04 21:21"))
        // Only the starred: none starred, none to tell.
        let starred = try hallway("changes", "--data", file.path, "--starred", environment: environment)
        #expect(starred.status == 1 && starred.out.isEmpty)
        // The kept releases are the owner's alone.
        let kept = home.appendingPathComponent("state/hallway/versions/38c3")
        let names = try FileManager.default.contentsOfDirectory(atPath: kept.path).sorted()
        #expect(names == ["00000001.version", "00000002.version"])
        let mode = try #require(FileManager.default.attributesOfItem(atPath: kept.path)[.posixPermissions] as? Int)
        #expect(mode == 0o700)
    }

    @Test func twoFilesAreComparedDirectly() throws {
        let v1 = Self.versions.appendingPathComponent("congress-v1.xml").path
        let same = try hallway("changes", v1, Self.versions.appendingPathComponent("congress-v1-reordered.xml").path, environment: environment)
        #expect(same.status == 1 && same.out.isEmpty)
        let changed = try hallway("changes", v1, Self.versions.appendingPathComponent("congress-v2.xml").path, environment: environment)
        #expect(changed.status == 0 && changed.out.split(separator: "\n").count == 10)
        #expect(changed.err.contains("from congress-v1.xml (version 2025-03-04 21:21) to congress-v2.xml (version 2025-03-05 09:12)"))
        let bad = try hallway("changes", v1, "/nonexistent/schedule.xml", environment: environment)
        #expect(bad.status == 2 && bad.out.isEmpty)
        #expect(try hallway("changes", v1, environment: environment).status == 2)
        // Nothing is kept by a direct comparison.
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("state/hallway/versions").path))
    }

    @Test func aCalendarExportedAfterAChangeUpdatesInsteadOfDuplicating() throws {
        let file = home.appendingPathComponent("program.xml")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Self.release("congress-v1.xml").write(to: file, atomically: true, encoding: .utf8)
        _ = try hallway("changes", "--data", file.path, environment: environment)
        let before = try hallway("export", "ics", "--data", file.path, environment: environment).out
        try Self.release("congress-v2.xml").write(to: file, atomically: true, encoding: .utf8)
        _ = try hallway("changes", "--data", file.path, environment: environment)
        let after = try hallway("export", "ics", "--data", file.path, environment: environment).out
        let uids = { (text: String) in Set(text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }) }
        #expect(uids(before).isSubset(of: uids(after)), "every event exported before is updated, none dropped")
        #expect(!before.contains("SEQUENCE:") && !before.contains("STATUS:CANCELLED"))
        #expect(after.components(separatedBy: "STATUS:CANCELLED").count - 1 == 2)
        #expect(after.components(separatedBy: "SEQUENCE:1").count - 1 == 9)
    }

    /// The first release of a program is kept on a thread while the first frame is drawn; it
    /// must still be kept, whole, by the time the browser has quit, for the next open to compare.
    @Test func theBrowsersFirstOpenKeepsTheReleaseTheNextOpenComparesWith() throws {
        let folder = Scratch.path("first-open-release")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("38c3.xml")
        try Self.release("congress-v1.xml").write(to: file, atomically: true, encoding: .utf8)
        let state = folder.appendingPathComponent("state").path
        let command = "\(hallwayBinary) --data \(file.path) --now 2024-12-27T13:00+01:00"
        let home = ["XDG_STATE_HOME": state, "XDG_CACHE_HOME": folder.appendingPathComponent("cache").path]
        let first = try TmuxPane(command, columns: 120, rows: 30, environment: home)
        _ = try first.waitFor(text: "Fri 27 Dec 2024 (15)")
        try first.send("q")
        _ = try first.waitFor(text: "HALLWAY-EXITED 0")
        let kept = URL(fileURLWithPath: state).appendingPathComponent("hallway/versions/38c3")
        func releases() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: kept.path).filter { $0.hasSuffix(".version") }.sorted() }
        #expect(try releases() == ["00000001.version"])

        try Self.release("congress-v2.xml").write(to: file, atomically: true, encoding: .utf8)
        let second = try TmuxPane(command, columns: 120, rows: 30, environment: home)
        let told = try second.waitFor(text: "9 changes")
        #expect(told.contains("Fri 27 Dec 2024"))
        try second.send("7")
        // Below the header, which tells the new release's changes once.
        let changesView = try second.waitForSteady(text: "Changes (9)").split(separator: "\n").dropFirst()
        try second.send("q")
        _ = try second.waitFor(text: "HALLWAY-EXITED 0")
        #expect(try releases() == ["00000001.version", "00000002.version"])

        // Opened again, unchanged: what changed is learnt from what the last open remembered
        // (one small file) instead of the two kept releases, and it is the same, screen for screen.
        let remembered = try Data(contentsOf: kept.appendingPathComponent("known-release"))
        let third = try TmuxPane(command, columns: 120, rows: 30, environment: home)
        _ = try third.waitFor(text: "Fri 27 Dec 2024")
        try third.send("7")
        let again = try third.waitForSteady(text: "Changes (9)").split(separator: "\n").dropFirst()
        #expect(again == changesView, "opened again:\n\(again.joined(separator: "\n"))\nafter the change:\n\(changesView.joined(separator: "\n"))")
        try third.send("q")
        _ = try third.waitFor(text: "HALLWAY-EXITED 0")
        #expect(try Data(contentsOf: kept.appendingPathComponent("known-release")) == remembered)
        #expect(try releases() == ["00000001.version", "00000002.version"])
    }

    @Test func aBrowserToldOnceWhatARefreshChanged() throws {
        let server = try ScheduleServer()
        try server.serve("schedule.xml", text: try Self.release("congress-v1.xml"))
        let pane = try TmuxPane("\(hallwayBinary) --data \(server.url("/files/schedule.xml")) --now 2024-12-27T13:00+01:00",
                                columns: 120, rows: 30)
        _ = try pane.waitFor(text: "Fri 27 Dec 2024 (15)")
        // A starred talk, then the program changes under the running browser.
        try pane.send("/")
        try pane.send("-l", "Breaking NATO")
        try pane.send("Enter")
        try pane.send("s")
        _ = try pane.waitFor(text: "★ Breaking NATO")
        try server.serve("schedule.xml", text: try Self.release("congress-v2.xml"))
        try pane.send("r")
        let changed = try pane.waitFor(text: "9 changes · 1 starred talk moved", seconds: 15)
        #expect(changed.contains("Δ ACE up the sleeve") || changed.contains("Δ Correctiv"))
        #expect(changed.components(separatedBy: "9 changes").count == 2, "said once")
        try pane.send("c")
        let view = try pane.waitFor(text: "Changes (9)")
        #expect(view.contains("✗ Clay PCB"))
        // The next refresh finds nothing new and says nothing of it again.
        try pane.send("r")
        let quiet = try pane.waitFor("the changes line to go") { !$0.contains("changes ·") && !$0.contains("refreshing") }
        #expect(quiet.contains("Changes (9)"), "the Changes view still shows them")
        try pane.send("5")
        let agenda = try pane.waitFor(text: "My agenda (1)")
        #expect(agenda.contains("★ Δ Breaking NATO") || agenda.contains("16:00"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
    }
}

/// Issue 24: a filter set in the browser is there the next time the conference is opened.
@Suite("Filters, end to end", .serialized)
struct FilterEndToEndTests {
    @Test func aFilterSurvivesARestart() throws {
        let program = ChangesEndToEndTests.versions.appendingPathComponent("congress-v1.xml").path
        let state = Scratch.path("filter-state")
        let environment = ["XDG_STATE_HOME": state.path]
        var pane = try TmuxPane("\(hallwayBinary) --data \(program) --now 2024-12-27T13:00+01:00", columns: 120, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "Fri 27 Dec 2024 (15)")
        try pane.send("f")
        _ = try pane.waitFor(text: "[x] Saal 1")
        try pane.send("j", "Space")
        // Both in one capture: tmux can be read between the box's lines being drawn.
        let hidden = try pane.waitFor("Saal 1 hidden and the count") { $0.contains("[ ] Saal 1") && $0.contains("20 of 30 sessions shown") }
        #expect(hidden.contains("20 of 30 sessions shown"))
        try pane.send("Escape")
        let filtered = try pane.waitFor(text: "filtered 20/30")
        #expect(filtered.contains("Fri 27 Dec 2024 (10)"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        pane = try TmuxPane("\(hallwayBinary) --data \(program) --now 2024-12-27T13:00+01:00", columns: 120, rows: 30, environment: environment)
        let again = try pane.waitFor(text: "filtered 20/30")
        #expect(again.contains("Fri 27 Dec 2024 (10)") && !again.contains("Saal 1 "))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")

        // `hallway now` keeps to the same filter, says so on stderr, and --unfiltered shows all.
        let isolatedState = isolated.merging(environment) { _, given in given }
        let nowFiltered = try run(hallwayBinary, ["now", "--all", "--data", program, "--now", "2024-12-27T13:00+01:00"], environment: isolatedState)
        #expect(nowFiltered.status == 0 && !nowFiltered.out.contains("Saal 1\n") && nowFiltered.out.contains("Saal GLITCH"), "\(nowFiltered.out)")
        #expect(nowFiltered.err == "hallway: filtered as in the browser: 20 of 30 sessions; --unfiltered shows every room\n")
        let everything = try run(hallwayBinary, ["now", "--all", "--unfiltered", "--data", program, "--now", "2024-12-27T13:00+01:00"], environment: isolatedState)
        #expect(everything.out.contains("Saal 1\n") && everything.err.isEmpty)
    }
}

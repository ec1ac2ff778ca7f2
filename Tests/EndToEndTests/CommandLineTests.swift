import Foundation
import Testing
import TestSupport

@Suite("The command line")
struct CommandLineTests {
    /// libxml2 is opened when an XML file is read, not linked: a start that reads no XML loads
    /// none of it (nor the ICU, zlib and liblzma it brings), a megabyte of the booth's memory.
    @Test func xmlIsReadWithoutLinkingLibxml2() throws {
        let libraries = try run("/usr/bin/env", ["readelf", "-d", hallwayBinary])
        #expect(libraries.status == 0)
        #expect(libraries.out.contains("libncursesw"), "readelf listed the libraries")
        #expect(!libraries.out.contains("libxml2"))
        let congress = try hallway("search", "--no-cache", "--data", SharedFixtures.path("frab-38c3.xml"), "--tsv", "hardware")
        #expect(congress.status == 0, "\(congress.err)")
        #expect(congress.out.split(separator: "\n").count > 5)
    }

    @Test func whenStdoutIsNotATerminalItPrintsThePlainListWithNoEscapeBytes() throws {
        let result = try hallway()
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("IstioCon China 2023 · IstioCon 2023 中国站\n"))
        #expect(result.out.contains("Keynotes (2)"))
        #expect(result.out.contains("Istio Ambient Mesh as a Managed Infrastructure"))
        #expect(!result.stdout.contains(0x1B))
    }

    @Test func anUndrawableTerminalGetsThePlainList() throws {
        let pane = try TmuxPane(hallwayBinary, environment: ["TERM": "dumb"])
        try pane.waitFor(text: "HALLWAY-EXITED")
        let everything = try pane.captureHistory()
        #expect(everything.contains("hallway: the terminal type \"dumb\" cannot move the cursor; printing the program as text instead"))
        #expect(everything.contains("Keynotes (2)"))
        #expect(everything.contains("HALLWAY-EXITED 0"))
    }

    @Test func aLoneCopyOfTheBinaryStillOpensTheBundledProgram() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("hallway").path
        // Copied by cp, not in this process: a write descriptor held here could leak into a child
        // spawned by a parallel test, and exec would then fail with "text file busy".
        #expect(try run("/bin/cp", [hallwayBinary, copy]).status == 0)
        // Run from inside the empty folder, so nothing can be found relative to the source tree.
        let result = try run("/bin/sh", ["-c", "cd '\(folder.path)' && ./hallway"])
        #expect(result.status == 0)
        #expect(result.out.contains("IstioCon China 2023"))
        #expect(result.out.contains("Multi-Tenant Management in HP OneCloud Platform"))
    }

    @Test func validateSaysOkWithCounts() throws {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/istiocon-china-2023.json").path
        let result = try hallway("validate", data)
        #expect(result.status == 0)
        #expect(result.out == "format: Hallway schedule JSON\nok: 14 sessions, 18 speakers, 5 tracks, 39 topics, 0 rooms, 1 day; 0 sessions with a published time\n")
    }

    @Test func validateReportsEveryErrorWithItsLocationAndExits2() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        let broken = hostileProgram
            .replacingOccurrences(of: #""speakers": ["m"]"#, with: #""speakers": ["nobody\u001b[2J"]"#)
            .replacingOccurrences(of: #""id": "b""#, with: #""id": "a""#)
        try broken.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try hallway("validate", file.path)
        #expect(result.status == 2)
        #expect(result.out.isEmpty)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(Set(lines) == [
            #"\#(file.path): sessions[0].speakers[0]: unknown speaker "nobody\u001b[2J""#,
            #"\#(file.path): sessions[1].id: duplicate session id "a" (first at sessions[0])"#,
        ])
        #expect(!result.stderr.contains(0x1B))
    }

    @Test func validateLocatesSyntaxErrors() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("syntax-\(UUID().uuidString).json")
        try "{\n  \"format\": \"hallway-schedule\",\n  \"version\": 1,,\n}\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try hallway("validate", file.path)
        #expect(result.status == 2)
        #expect(result.err == "\(file.path):3:16: not valid JSON: unexpected ',' where a key in quotes should be\n")
    }

    @Test func aBadDataFileStopsTheBrowserWithExit2() throws {
        let result = try hallway("--data", "/nonexistent.json")
        #expect(result.status == 2)
        #expect(result.err == "/nonexistent.json: no such file or directory\n")
        #expect(result.out.isEmpty)
    }

    @Test func renderPrintsTheScreenAfterTheKeys() throws {
        let result = try hallway("render", "--size", "100x30", "--keys", "2jj<Enter><Enter>", "--now", "2023-09-26T10:00+08:00")
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 31)
        #expect(lines[0].hasSuffix(" 10:00 venue"), "the clock, in venue time; the date joins it from 120 columns")
        #expect(result.out.contains("Huabing Zhao 赵化冰 · Tetrate"))
        #expect(result.out.contains("│ Untitled — Dubbo traffic at BOSS"))
    }

    @Test(arguments: [["render", "--size", "80by24"], ["render", "--keys", "<Nope>"], ["render", "--tz", "Mars/Olympus"], ["render", "--now", "yesterday"]])
    func badRenderArgumentsExit2(_ arguments: [String]) throws {
        let result = try run(hallwayBinary, arguments)
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("hallway: --"))
    }

    /// A value that starts with "-" is still the option's value, and a wrong one is named.
    @Test(arguments: [
        (["search", "--limit", "-1", "istio"], "hallway: --limit: expected a positive number, found -1"),
        (["validate", "--max-file-size", "-3", "data/istiocon-china-2023.json"], "hallway: --max-file-size: expected 1 to 4096 MiB, found -3"),
        (["--remind", "-5"], "hallway: --remind: expected 0 to 1440 minutes, found -5"),
        (["now", "--now", "2023-09-26T10:00+99:00"], "hallway: --now: expected a time such as 2023-09-26T10:00+08:00, found \"2023-09-26T10:00+99:00\""),
    ])
    func negativeAndOutOfRangeValuesAreNamedAndExit2(_ arguments: [String], _ message: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try run(hallwayBinary, arguments.map { $0.hasPrefix("data/") ? root.appendingPathComponent($0).path : $0 }, environment: isolated)
        #expect(result.status == 2 && result.err == message + "\n", "\(result.err)")
    }

    /// A command line that cannot be read is bad input like any other (exit 2), and the browser is
    /// named as people type it.
    @Test func anUnreadableCommandLineExits2AndNamesHallwayNotBrowse() throws {
        let bogus = try hallway("--bogus")
        #expect(bogus.status == 2 && bogus.err.contains("Unknown option '--bogus'"))
        #expect(!bogus.err.contains("browse"), "\(bogus.err)")
        let missing = try hallway("search")
        #expect(missing.status == 2 && missing.err.contains("Missing expected argument"))
        #expect(try hallway("--help").status == 0 && (try hallway("--version")).status == 0)
    }

    @Test func keysThatStartWithADashAreKeys() throws {
        let screen = try hallway("render", "--keys", "-2", "--size", "80x24")
        #expect(screen.status == 0 && screen.out.contains("Speakers (18)"))
    }

    @Test func searchPrintsRankedPlainLines() throws {
        let result = try hallway("search", "who", "from", "Intel")
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 2, "Intel's two talks: \(lines)")
        #expect(lines.allSatisfy { $0.hasSuffix("Tue 26 Sep 2023, time not published") })
        #expect(try hallway("search", "istio", "--limit", "3").out.split(separator: "\n").count == 3)
        #expect(try hallway("search", "ebpf").out.hasPrefix("Harnessing eBPF for Traffic Redirection in Istio Ambient Mode — Chun Li 李纯, Iris Ding 丁少君 — Tue 26 Sep 2023, time not published\n"))
    }

    @Test func searchJSONParsesWithOneObjectPerHit() throws {
        let result = try hallway("search", "topic:ebpf", "--json")
        #expect(result.status == 0)
        let hits = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(hits.count == 3)
        let first = hits[0]
        #expect(first["id"] as? String == "kmesh-data-plane")
        #expect(first["title"] as? String == "Istio数据平面的新选择：架构创新带来的全新性能体验")
        #expect(first["speakers"] as? [String] == ["Xie SongYang 谢颂杨", "Zhonghu Xu 徐中虎"])
        #expect(first["score"] is NSNumber)
        #expect(first["matched"] is [String])
        #expect(first["start"] is NSNull && first["room"] is NSNull, "unknown time and room are null, not missing")
        let typo = try #require(try JSONSerialization.jsonObject(with: try hallway("search", "corazza", "--json").stdout) as? [[String: Any]])
        #expect(typo.first?["typoTolerant"] as? Bool == true)
        #expect(typo.first?["matched"] as? [String] == ["title", "topic", "summary"])
    }

    @Test func searchMarksNearMatchesAndGivesTabSeparatedValuesWithVenueTimes() throws {
        let plain = try hallway("search", "kubernates")
        #expect(plain.out.hasPrefix("~ "), "a match through a typo says so")
        let camp = SharedFixtures.path("frab-camp2019.json")
        let tsv = try hallway("search", "--no-cache", "--tsv", "--data", camp, "kubernetes")
        let lines = tsv.out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["id", "title", "speakers", "start", "end", "room", "track", "score", "near"])
        #expect(lines.count == 2 && lines[1][1] == "Hacking Containers and Kubernetes" && lines[1][3] == "2019-08-21T13:00:00+02:00")
        let json = try hallway("search", "--no-cache", "--json", "--data", camp, "kubernetes")
        let hits = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(hits.first?["start"] as? String == "2019-08-21T13:00:00+02:00" && hits.first?["end"] as? String == "2019-08-21T13:45:00+02:00")
    }

    @Test func searchWithNoHitsExits1AndSuggests() throws {
        let result = try hallway("search", "topic:ebfp")
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err == "hallway: no sessions match \"topic:ebfp\"; the closest is topic eBPF\n")
        let json = try hallway("search", "xyzzy", "--json")
        #expect(json.status == 1 && json.out == "[]\n")
    }

    @Test func searchRejectsBadInputWithExit2() throws {
        #expect(try hallway("search", "ebpf", "--limit", "0").status == 2)
        #expect(try hallway("search", "   ").status == 2)
        #expect(try hallway("search", "ebpf", "--data", "/nonexistent.json").status == 2)
    }

    @Test func helpAndVersion() throws {
        let version = try hallway("--version")
        #expect(version.status == 0 && version.out == "hallway 0.1.0\n")
        let help = try hallway("--help")
        #expect(help.status == 0)
        #expect(help.out.contains("validate") && help.out.contains("render"))
    }
}

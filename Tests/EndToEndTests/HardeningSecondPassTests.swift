import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary against a held lock, unreadable stars and secrets in URLs: each answers at
/// once, with a message that names the real cause.
@Suite("Hardening, second pass, end to end", .serialized)
struct HardeningSecondPassTests {
    @Test func aHeldStarsLockDoesNotBlockAnExport() throws {
        let data = Scratch.path("data")
        let folder = data.appendingPathComponent("hallway")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let stars = #"{"format": "hallway-stars", "version": 1, "conferences": {"democon": ["c0b59b72-8985-54f0-9534-234ceb9e5272"]}}"#
        try Data(stars.utf8).write(to: folder.appendingPathComponent("stars.json"))
        chmod(folder.appendingPathComponent("stars.json").path, 0o600)
        let holder = open(folder.appendingPathComponent("stars.lock").path, O_RDWR | O_CREAT, 0o600)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX) == 0)
        let started = Date()
        let result = try hallway("export", "ics", "--starred", "--data", SharedFixtures.path("pretalx-democon.json"),
                                 environment: ["XDG_DATA_HOME": data.path])
        #expect(Date().timeIntervalSince(started) < 10, "waited briefly, not until the lock was released")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("exported 1 session"), "the stars on disk are read without the lock: \(result.err)")
        #expect(result.out.contains("SUMMARY:Stand-alone asymmetric toolset"))
    }

    @Test func starsThatCannotBeReadAreNotExportedAsNothing() throws {
        let data = Scratch.path("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // A file where the stars' folder should be.
        try Data("x".utf8).write(to: data.appendingPathComponent("hallway"))
        let result = try hallway("export", "ics", "--starred", "--data", SharedFixtures.path("pretalx-democon.json"),
                                 environment: ["XDG_DATA_HOME": data.path])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("hallway: --starred: stars cannot be kept:") && result.err.contains("not a folder"), "\(result.err)")
        #expect(result.out.isEmpty)
        let none = try hallway("export", "ics", "--starred", "--data", SharedFixtures.path("pretalx-democon.json"))
        #expect(none.status == 1)
        #expect(none.err.contains("nothing is starred in"), "\(none.err)")
    }

    @Test func aPasswordInAURLIsNeverPrinted() throws {
        for arguments in [["validate", "http://ada:s3cret@127.0.0.1:9/x"], ["search", "x", "--data", "http://ada:s3cret@127.0.0.1:9/x"],
                          ["--data", "http://ada:s3cret@127.0.0.1:9/x"], ["--data", "http://ada:s3cret@[::1"]] {
            let result = try run(hallwayBinary, arguments, environment: isolated)
            #expect(result.status != 0)
            #expect(!result.err.contains("s3cret") && !result.out.contains("s3cret"), "\(arguments): \(result.err)")
        }
    }
}

/// A full disk of the test's own: a 64 KiB tmpfs mounted in a private mount namespace
/// (`unshare -m`), so the machine's mounts never change and the mount ends with the command.
@Suite("A full disk")
struct FullDiskTests {
    static var available: Bool {
        geteuid() == 0 && (try? run("/usr/bin/env", ["unshare", "-m", "true"]).status) == 0
    }

    /// Runs `hallway ARGUMENTS` with `disk` a full tmpfs; XDG folders inside it.
    private func onAFullDisk(_ arguments: [String]) throws -> ProcessResult {
        let disk = Scratch.path("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs -o size=64k none "$1" && mkdir -p "$1/cache" "$1/data" && \
            (dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null; true) && shift && \
            XDG_CACHE_HOME="$DISK/cache" XDG_DATA_HOME="$DISK/data" "$@"
            """
        return try run("/usr/bin/env", ["DISK=\(disk.path)", "unshare", "-m", "sh", "-c", script, "sh", disk.path, hallwayBinary] + arguments,
                       environment: isolated)
    }

    @Test(.enabled(if: FullDiskTests.available, "needs root and unshare"))
    func aKeptCopyThatCannotBeWrittenNamesTheDiskNotAnErrorNumber() throws {
        let server = try ScheduleServer()
        try server.serve("s.json", from: "pretalx-democon.json")
        let result = try onAFullDisk(["validate", server.url("/files/s.json")])
        #expect(result.status == 1)
        #expect(result.err.contains("No space left on device"), "\(result.err)")
        #expect(!result.err.contains("error 1") && !result.err.contains("DurableFile"), "\(result.err)")
    }

    @Test(.enabled(if: FullDiskTests.available, "needs root and unshare"))
    func anExportToAFullDiskSaysSoAndLeavesNoTemporaryFile() throws {
        let disk = Scratch.path("small")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let full = try run("/usr/bin/env", ["unshare", "-m", "sh", "-c",
            "mount -t tmpfs -o size=64k none \"$2\" && \"$0\" export ics --data \"$1\" --out \"$2/out.ics\"; s=$?; ls \"$2\"; exit $s",
            hallwayBinary, SharedFixtures.path("frab-38c3.xml"), disk.path], environment: isolated)
        #expect(full.status == 1)
        #expect(full.err.contains("cannot write") && full.err.contains("No space left on device"), "\(full.err)")
        #expect(full.out.isEmpty, "no half-written calendar and no temporary file is left: \(full.out)")
    }
}

/// An iCalendar feed that names no zone is read in the reader's zone: its snapshot holds only for
/// that zone, so a warm answer is the cold one under any TZ (issue 22, item 9).
@Suite("Warm and cold answers agree")
struct WarmColdZoneTests {
    @Test func underTwoZonesWarmEqualsCold() throws {
        let cache = Scratch.path("zones-cache")
        let feed = SharedFixtures.path("ics-pyconuk2015.ics")
        func search(_ zone: String, cached: Bool) throws -> String {
            let arguments = ["search", "python", "--json", "--data", feed] + (cached ? [] : ["--no-cache"])
            let result = try run(hallwayBinary, arguments, environment: isolated.merging(["TZ": zone, "XDG_CACHE_HOME": cache.path]) { $1 })
            #expect(result.status == 0, "\(result.err)")
            return result.out
        }
        let tokyoCold = try search("Asia/Tokyo", cached: false)
        let angelesCold = try search("America/Los_Angeles", cached: false)
        #expect(tokyoCold != angelesCold, "the zone changes the days and times shown")
        #expect(try search("Asia/Tokyo", cached: true) == tokyoCold, "written in Tokyo")
        #expect(try search("America/Los_Angeles", cached: true) == angelesCold, "not Tokyo's snapshot")
        #expect(try search("Asia/Tokyo", cached: true) == tokyoCold)
    }
}

/// The auto theme asks the terminal for its background (OSC 11): a white xterm, which sets no
/// COLORFGBG, gets the light colours (issue 22, item 11).
@Suite("The terminal's background chooses the theme")
struct BackgroundThemeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/answering-terminal.py").path

    private func colours(answering answer: String, _ extra: [String] = []) throws -> String {
        let result = try run("/usr/bin/env", ["python3", Self.script, answer, hallwayBinary] + extra, environment: isolated)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "exit 0", "\(result.out)")
        return lines.first { $0.hasPrefix("colours ") } ?? ""
    }

    @Test func aWhiteBackgroundGetsTheLightThemeAndABlackOneTheDark() throws {
        let light = try colours(answering: "mute", ["--theme", "light"])
        let dark = try colours(answering: "mute", ["--theme", "dark"])
        #expect(light != dark)
        #expect(try colours(answering: "rgb:ffff/ffff/ffff") == light)
        #expect(try colours(answering: "rgb:f0/f0/e8") == light, "two hex digits a component")
        #expect(try colours(answering: "rgb:0000/0000/0000") == dark)
        #expect(try colours(answering: "none") == dark, "a terminal that does not say: COLORFGBG, then dark")
        #expect(try colours(answering: "mute") == dark, "one that answers nothing at all is waited on briefly")
        #expect(try colours(answering: "rgb:ffff/ffff/ffff", ["--theme", "dark"]) == dark, "--theme wins")
    }
}

import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `--out` writes *through* what is at the path, as every Unix tool does, and a failed write to
/// standard output is one line and an exit status, never a crash. Every node, link and folder is
/// made by the test in its own scratch folder: nothing here touches the machine's own /dev.
@Suite("Writing where the user asked")
struct WriteWhereAskedTests {
    static let program = SharedFixtures.path("pretalx-democon.json")
    static var isRoot: Bool { geteuid() == 0 }

    private func folder() throws -> URL {
        let folder = Scratch.path("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func kind(_ path: URL) -> mode_t {
        var status = stat()
        guard lstat(path.path, &status) == 0 else { return 0 }
        return status.st_mode & S_IFMT
    }

    private func export(to path: String) throws -> ProcessResult {
        try hallway("export", "ics", "--data", Self.program, "--out", path)
    }

    @Test(.enabled(if: WriteWhereAskedTests.isRoot, "mknod needs root"))
    func aCharacterDeviceIsWrittenThroughAndStaysADevice() throws {
        let null = try folder().appendingPathComponent("null")
        #expect(mknod(null.path, S_IFCHR | 0o666, deviceNumber(1, 3)) == 0)
        let result = try export(to: null.path)
        #expect(result.status == 0, "\(result.err)")
        #expect(kind(null) == S_IFCHR, "the node is still a character device")
        var status = stat()
        #expect(stat(null.path, &status) == 0 && status.st_rdev == deviceNumber(1, 3))
    }

    @Test(.enabled(if: WriteWhereAskedTests.isRoot, "mknod needs root"))
    func aFullDeviceIsAFailureNamedOnOneLine() throws {
        let full = try folder().appendingPathComponent("full")
        #expect(mknod(full.path, S_IFCHR | 0o666, deviceNumber(1, 7)) == 0)
        let result = try export(to: full.path)
        #expect(result.status == 1)
        #expect(result.err.contains("cannot write") && result.err.contains("No space left on device"), "\(result.err)")
        #expect(!result.err.contains("Fatal error"))
        #expect(kind(full) == S_IFCHR)
    }

    @Test func aFIFOsReaderGetsTheWholeCalendar() throws {
        let fifo = try folder().appendingPathComponent("calendar.fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let received = Received()
        let reader = Thread {
            let descriptor = open(fifo.path, O_RDONLY)
            received.data = descriptor >= 0 ? readAll(descriptor) : Data()
            close(descriptor)
            received.done.signal()
        }
        reader.start()
        let result = try export(to: fifo.path)
        #expect(received.done.wait(timeout: .now() + 30) == .success)
        #expect(result.status == 0, "\(result.err)")
        let text = String(decoding: received.data, as: UTF8.self)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(kind(fifo) == S_IFIFO, "the FIFO is still a FIFO")
    }

    @Test func aLinkIsFollowedAndStaysALinkAndTheFileKeepsItsMode() throws {
        let folder = try folder()
        let calendars = folder.appendingPathComponent("calendars")
        try FileManager.default.createDirectory(at: calendars, withIntermediateDirectories: true)
        let target = calendars.appendingPathComponent("conf.ics")
        try Data("old\n".utf8).write(to: target)
        chmod(target.path, 0o640)
        let link = folder.appendingPathComponent("my.ics")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "calendars/conf.ics")
        let result = try export(to: link.path)
        #expect(result.status == 0, "\(result.err)")
        #expect(kind(link) == S_IFLNK, "the link is still a link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "calendars/conf.ics")
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasPrefix("BEGIN:VCALENDAR"))
        var status = stat()
        #expect(stat(target.path, &status) == 0 && status.st_mode & 0o777 == 0o640, "the calendar keeps its mode")
        #expect(try FileManager.default.contentsOfDirectory(atPath: calendars.path) == ["conf.ics"], "no temporary file is left")
    }

    @Test func aDanglingLinkCreatesWhatItPointsTo() throws {
        let folder = try folder()
        let link = folder.appendingPathComponent("next.ics")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "made.ics")
        let result = try export(to: link.path)
        #expect(result.status == 0, "\(result.err)")
        #expect(kind(link) == S_IFLNK)
        #expect(try String(contentsOf: folder.appendingPathComponent("made.ics"), encoding: .utf8).hasPrefix("BEGIN:VCALENDAR"))
    }

    @Test func aUnixSocketIsConnectedToAndWritten() throws {
        let folder = try folder()
        let path = folder.appendingPathComponent("s").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { space in
            for (offset, byte) in path.utf8.enumerated() { space[offset] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)
        let received = Received()
        let reader = Thread {
            let connection = accept(listener, nil, nil)
            received.data = connection >= 0 ? readAll(connection) : Data()
            close(connection)
            received.done.signal()
        }
        reader.start()
        let result = try export(to: path)
        #expect(received.done.wait(timeout: .now() + 30) == .success)
        #expect(result.status == 0, "\(result.err)")
        #expect(String(decoding: received.data, as: UTF8.self).hasSuffix("END:VCALENDAR\r\n"))
        #expect(kind(URL(fileURLWithPath: path)) == S_IFSOCK)
    }

    @Test func aFolderOrAMissingFolderIsRefusedWithExit2AndNothingWritten() throws {
        let folder = try folder()
        let intoFolder = try export(to: folder.path)
        #expect(intoFolder.status == 2)
        #expect(intoFolder.err.contains("it is a folder"))
        let missing = try export(to: folder.appendingPathComponent("nowhere/conf.ics").path)
        #expect(missing.status == 2)
        #expect(missing.err.contains("does not exist"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing was written")
    }

    @Test(.enabled(if: !WriteWhereAskedTests.isRoot, "root may write anything"))
    func aFileTheUserMayNotWriteIsRefusedWithExit2() throws {
        let file = try folder().appendingPathComponent("locked.ics")
        try Data("mine\n".utf8).write(to: file)
        chmod(file.path, 0o444)
        let result = try export(to: file.path)
        #expect(result.status == 2)
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine\n", "the file was not replaced")
    }

    @Test func dashAndDevStdoutMeanStandardOutput() throws {
        for path in ["-", "/dev/stdout", "/proc/self/fd/1"] {
            let result = try export(to: path)
            #expect(result.status == 0, "\(path): \(result.err)")
            #expect(result.out.hasPrefix("BEGIN:VCALENDAR") && result.out.hasSuffix("END:VCALENDAR\r\n"), "\(path)")
        }
    }

    @Test func aPlainFileIsReplacedWholeAndStaleTemporariesOfDeadWritersGo() throws {
        let folder = try folder()
        let file = folder.appendingPathComponent("conf.ics")
        try Data(repeating: 0x41, count: 5_000_000).write(to: file)
        // A writer killed before its rename leaves its temporary file; the pid of a reaped child is free.
        let dead = try run("/bin/sh", ["-c", "echo $$"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let stale = folder.appendingPathComponent("conf.ics.tmp-\(dead)")
        try Data("half".utf8).write(to: stale)
        let result = try export(to: file.path)
        #expect(result.status == 0, "\(result.err)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("BEGIN:VCALENDAR") && text.hasSuffix("END:VCALENDAR\r\n") && !text.contains("AAAA"))
        #expect(!FileManager.default.fileExists(atPath: stale.path), "the dead writer's temporary file is gone")
    }
}

/// Standard output that cannot be written: a full device, a closed descriptor, a reader gone.
@Suite("A failed write to standard output")
struct StandardOutputFailureTests {
    static let commands: [[String]] = [
        ["search", "a", "--data", SharedFixtures.path("frab-38c3.xml")],
        ["search", "a", "--json", "--data", SharedFixtures.path("frab-38c3.xml")],
        ["search", "a", "--tsv", "--data", SharedFixtures.path("frab-38c3.xml")],
        ["--data", SharedFixtures.path("frab-38c3.xml")],
        ["render", "--size", "80x24"],
        ["validate", SharedFixtures.path("frab-38c3.xml")],
        ["now", "--data", SharedFixtures.path("frab-38c3.xml"), "--now", "2024-12-28T12:00:00+01:00"],
        ["export", "ics", "--data", SharedFixtures.path("frab-38c3.xml")],
    ]

    /// Runs `hallway ARGUMENTS` under bash with `redirection` applied to it.
    private func shell(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try run("/bin/bash", ["-c", script, "hallway", hallwayBinary] + arguments, environment: isolated)
    }

    @Test(.enabled(if: WriteWhereAskedTests.isRoot, "mknod needs root"), arguments: commands)
    func aFullDeviceGivesOneLineAndExit1(_ arguments: [String]) throws {
        let full = Scratch.path("full")
        #expect(mknod(full.path, S_IFCHR | 0o666, deviceNumber(1, 7)) == 0)
        let result = try shell("f=\"$1\"; shift; \"$f\" \"$@\" > '\(full.path)'", arguments)
        #expect(result.status == 1, "\(arguments): \(result.err)")
        #expect(result.err.contains("hallway: cannot write the output: No space left on device"), "\(arguments): \(result.err)")
        #expect(!result.err.contains("Fatal error") && !result.err.contains("Backtrac"))
    }

    @Test(arguments: commands)
    func aClosedStandardOutputGivesOneLineAndExit1(_ arguments: [String]) throws {
        let result = try shell("f=\"$1\"; shift; \"$f\" \"$@\" >&-", arguments)
        #expect(result.status == 1, "\(arguments): \(result.err)")
        #expect(result.err.contains("hallway: cannot write the output: Bad file descriptor"), "\(arguments): \(result.err)")
        #expect(!result.err.contains("Fatal error"))
    }

    @Test(arguments: commands.filter { $0.first != "render" && $0.first != "now" && $0.first != "validate" })
    func aReaderThatLeavesEndsItQuietlyWith141(_ arguments: [String]) throws {
        let result = try shell("f=\"$1\"; shift; trap '' PIPE; \"$f\" \"$@\" | head -c1 > /dev/null; echo \"status ${PIPESTATUS[0]}\"", arguments)
        #expect(result.out == "status 141\n", "\(arguments): \(result.err)")
        #expect(!result.err.contains("Fatal error"), "\(result.err)")
    }
}

/// glibc's makedev(), a macro Swift cannot see: the number of a device node from its major and minor.
func deviceNumber(_ major: UInt64, _ minor: UInt64) -> dev_t {
    dev_t((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12) | ((major & ~0xfff) << 32))
}

func readAll(_ descriptor: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { return data }
        data.append(contentsOf: buffer[..<count])
    }
}

final class Received: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}

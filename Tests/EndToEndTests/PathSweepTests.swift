import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every path Hallway reads or writes by name, tried as a link, a FIFO, a device, a folder and an
/// unreadable file: each command ends (under `timeout`, so a hang fails the test rather than the
/// suite), says what it found, and leaves what was planted as it was. The README's Reliability
/// table lists these rows. Devices are nodes the test makes (root only); an unreadable file means
/// nothing to root, so those rows run for other users.
@Suite("Paths that are not what they should be", .serialized)
struct PathSweepTests {
    enum Hazard: String, CaseIterable {
        case link, fifo, device, folder, unreadable
    }

    static let hazards = Hazard.allCases
    static let program = SharedFixtures.path("pretalx-democon.json")

    /// Plants `hazard` at `path`; false when it cannot be made for this user.
    private func plant(_ hazard: Hazard, at path: URL) throws -> Bool {
        try? FileManager.default.removeItem(at: path)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        switch hazard {
        case .link:
            let elsewhere = Scratch.path("elsewhere")
            try Data("{}".utf8).write(to: elsewhere)
            try FileManager.default.createSymbolicLink(at: path, withDestinationURL: elsewhere)
        case .fifo:
            #expect(mkfifo(path.path, 0o600) == 0)
        case .device:
            guard geteuid() == 0 else { return false }
            #expect(mknod(path.path, S_IFCHR | 0o600, deviceNumber(1, 5)) == 0)
        case .folder:
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
        case .unreadable:
            guard geteuid() != 0 else { return false }
            try Data("{}".utf8).write(to: path)
            chmod(path.path, 0o000)
        }
        return true
    }

    /// What was planted is still there, of the same kind.
    private func stillThere(_ hazard: Hazard, at path: URL) -> Bool {
        var status = stat()
        guard lstat(path.path, &status) == 0 else { return false }
        let expected: [Hazard: mode_t] = [.link: S_IFLNK, .fifo: S_IFIFO, .device: S_IFCHR, .folder: S_IFDIR, .unreadable: S_IFREG]
        return status.st_mode & S_IFMT == expected[hazard]
    }

    private func hallway(_ arguments: [String], home: URL) throws -> ProcessResult {
        try run("/usr/bin/env", ["timeout", "20", hallwayBinary] + arguments, environment: [
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "XDG_CACHE_HOME": home.appendingPathComponent("cache").path,
        ])
    }

    @Test(arguments: hazards)
    func theStarsFile(_ hazard: Hazard) throws {
        let home = Scratch.path("home")
        let stars = home.appendingPathComponent("data/hallway/stars.json")
        guard try plant(hazard, at: stars) else { return }
        let result = try hallway(["export", "ics", "--starred", "--data", Self.program], home: home)
        #expect(result.status == 1, "\(result.err)")
        switch hazard {
        case .link:
            #expect(result.err.contains("is a symbolic link"), "\(result.err)")
            #expect(stillThere(hazard, at: stars), "never followed, never replaced")
        case .fifo, .device, .folder:
            // Set aside like a damaged file: the thing itself is kept under another name.
            #expect(result.err.contains("stars.json was damaged (it is a"), "\(result.err)")
            let aside = try FileManager.default.contentsOfDirectory(atPath: stars.deletingLastPathComponent().path)
                .filter { $0.hasPrefix("stars.json.corrupt-") }
            #expect(aside.count == 1 && stillThere(hazard, at: stars.deletingLastPathComponent().appendingPathComponent(aside[0])))
        case .unreadable:
            #expect(result.err.contains("Permission denied"), "\(result.err)")
            #expect(stillThere(hazard, at: stars))
        }
    }

    /// The browser on a pty of its own (Support/window-size.py at 24×80): it starts, draws and
    /// quits on `q`, whatever stands at place.json, and leaves it there.
    @Test(arguments: hazards)
    func theRememberedPlace(_ hazard: Hazard) throws {
        let home = Scratch.path("home")
        let place = home.appendingPathComponent("state/hallway/place.json")
        guard try plant(hazard, at: place) else { return }
        let result = try run("/usr/bin/env", ["python3", HugeWindowTests.script, "24", "80", "24", "80", hallwayBinary], environment: [
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "XDG_CACHE_HOME": home.appendingPathComponent("cache").path,
        ])
        #expect(result.out.hasPrefix("exit 0\n"), "\(result.out.prefix(200))")
        #expect(result.out.contains("Tracks (5)"), "the browser drew its first screen")
        #expect(stillThere(hazard, at: place))
    }

    /// What the last open of a program found (`known-release`, beside its kept releases): the
    /// browser opens the same file again whatever stands there, works out what changed the long
    /// way, and leaves what was planted as it was (a save never replaces anything but a file).
    @Test(arguments: hazards)
    func theLastOpensFinding(_ hazard: Hazard) throws {
        let home = Scratch.path("home")
        func browse() throws -> ProcessResult {
            try run("/usr/bin/env", ["python3", HugeWindowTests.script, "24", "80", "24", "80", hallwayBinary, "--data", Self.program], environment: [
                "XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
                "XDG_CACHE_HOME": home.appendingPathComponent("cache").path,
            ])
        }
        let first = try browse()
        #expect(first.out.hasPrefix("exit 0\n"), "\(first.out.prefix(200))")
        let versions = home.appendingPathComponent("state/hallway/versions")
        let conference = try #require(try FileManager.default.contentsOfDirectory(atPath: versions.path).first)
        let known = versions.appendingPathComponent(conference).appendingPathComponent("known-release")
        #expect(FileManager.default.fileExists(atPath: known.path), "the first open keeps what it found")
        guard try plant(hazard, at: known) else { return }
        let elsewhere = try? Data(contentsOf: Scratch.path("elsewhere"))
        let again = try browse()
        #expect(again.out.hasPrefix("exit 0\n"), "\(again.out.prefix(200))")
        #expect(again.out.contains("Tracks ("), "the browser drew its first screen")
        #expect(stillThere(hazard, at: known))
        if hazard == .link { #expect((try? Data(contentsOf: Scratch.path("elsewhere"))) == elsewhere, "never written through") }
    }

    @Test(arguments: hazards)
    func theProgramSnapshot(_ hazard: Hazard) throws {
        let home = Scratch.path("home")
        let first = try hallway(["search", "asymmetric", "--data", Self.program], home: home)
        #expect(first.status == 0)
        let cache = home.appendingPathComponent("cache/hallway")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasSuffix(".snapshot") })
        let snapshot = cache.appendingPathComponent(name)
        guard try plant(hazard, at: snapshot) else { return }
        let result = try hallway(["search", "asymmetric", "--data", Self.program], home: home)
        #expect(result.status == 0 && result.out == first.out, "the same answer, from the file: \(result.err)")
        #expect(result.err.contains("hallway: not using the cache:"), "\(result.err)")
        #expect(stillThere(hazard, at: snapshot))
    }

    @Test(arguments: hazards)
    func theKeptCopysDescription(_ hazard: Hazard) throws {
        let home = Scratch.path("home")
        let server = try ScheduleServer()
        try server.serve("s.json", from: "pretalx-democon.json")
        #expect(try hallway(["validate", server.url("/files/s.json")], home: home).status == 0)
        let remote = home.appendingPathComponent("cache/hallway/remote")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: remote.path).first { $0.hasSuffix(".meta") })
        let meta = remote.appendingPathComponent(name)
        guard try plant(hazard, at: meta) else { return }
        let result = try hallway(["validate", server.url("/files/s.json")], home: home)
        if hazard == .unreadable {
            // A file of the user's own that cannot be read is replaced by a good one.
            #expect(result.status == 0 && FileManager.default.isReadableFile(atPath: meta.path), "\(result.err)")
            return
        }
        #expect(result.status == 1, "\(result.err)")
        #expect(result.err.contains("cannot keep the copy"), "\(result.err)")
        #expect(stillThere(hazard, at: meta))
    }

    @Test(arguments: hazards)
    func theScheduleGivenWithData(_ hazard: Hazard) throws {
        let path = Scratch.path("given").appendingPathComponent("schedule.json")
        guard try plant(hazard, at: path) else { return }
        if hazard == .link {
            // A link the user names is followed, as every tool follows one.
            try FileManager.default.removeItem(at: path)
            try FileManager.default.createSymbolicLink(atPath: path.path, withDestinationPath: Self.program)
        }
        if hazard == .fifo {
            let writer = Thread {
                let descriptor = open(path.path, O_WRONLY)
                let data = FileManager.default.contents(atPath: Self.program) ?? Data()
                _ = data.withUnsafeBytes { writeAll($0, descriptor) }
                close(descriptor)
            }
            writer.start()
        }
        let result = try hallway(["validate", path.path], home: Scratch.path("home"))
        switch hazard {
        case .link, .fifo:
            #expect(result.status == 0 && result.out.contains("ok: 36 sessions"), "\(result.err)")
        case .device:
            #expect(result.status == 2 && result.err.contains("is a character device, not a schedule file"), "\(result.err)")
        case .folder:
            #expect(result.status == 2 && result.err.contains("is a directory, not a schedule file"), "\(result.err)")
        case .unreadable:
            #expect(result.status == 2 && result.err.contains("cannot be opened"), "\(result.err)")
        }
    }
}

private func writeAll(_ bytes: UnsafeRawBufferPointer, _ descriptor: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        guard count > 0 else { return false }
        offset += count
    }
    return true
}

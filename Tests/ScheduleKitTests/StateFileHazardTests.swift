import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// Hallway's own state and cache files when something other than a small regular file stands at
/// their names: a FIFO (opening it for reading would wait for a writer forever), a folder, a
/// huge file, a lock another process holds. Each is answered at once, with a message.
@Suite("State files that are not what they should be", .serialized)
struct StateFileHazardTests {
    let folder = Scratch.path("state")

    private func prepare() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Runs `body` on another thread and fails the test when it does not return within `seconds`.
    private func finishes<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let thread = Thread {
            box.value = body()
            box.done.signal()
        }
        thread.start()
        guard box.done.wait(timeout: .now() + seconds) == .success else {
            Issue.record("did not return within \(seconds) s")
            return nil
        }
        return box.value
    }

    @Test func aFIFOAtTheStarsFileIsSetAsideAndTheBackupUsed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = FileStarStore(folder: folder)
        _ = try store.apply(StarChange(conference: "c", session: "kept", starred: true))
        _ = try store.apply(StarChange(conference: "c", session: "also", starred: true))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("stars.json"))
        #expect(mkfifo(folder.appendingPathComponent("stars.json").path, 0o600) == 0)
        let loaded = try #require(finishes(within: 5) { FileStarStore(folder: folder).load() })
        #expect(loaded.notice?.contains("it is a FIFO, not a file") == true, "\(loaded.notice ?? "")")
        #expect(loaded.stars.keys(for: "c") == ["kept"], "the backup (before the last save) is used")
        #expect(loaded.writable)
        let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("stars.json.corrupt-") }
        #expect(aside.count == 1)
    }

    @Test func aStarsFileOverTheCapIsSetAside() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try prepare()
        let keys = (0..<400_000).map { "\"session-\($0)\"" }.joined(separator: ",")
        let huge = Data(#"{"format": "hallway-stars", "version": 1, "conferences": {"c": [\#(keys)]}}"#.utf8)
        #expect(huge.count > StarFile.maximumBytes)
        try huge.write(to: folder.appendingPathComponent("stars.json"))
        let loaded = FileStarStore(folder: folder).load()
        #expect(loaded.notice?.contains("it is larger than 4 MiB") == true, "\(loaded.notice ?? "")")
        #expect(loaded.stars == Stars() && loaded.writable)
        let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("stars.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent(aside[0]).path) == huge, "set aside byte for byte")
    }

    @Test func aHeldLockIsWaitedOnBrieflyThenStarsAreReadOnly() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try FileStarStore(folder: folder).apply(StarChange(conference: "c", session: "a", starred: true))
        // Another open file description: flock() treats it as another process's lock.
        let holder = open(folder.appendingPathComponent("stars.lock").path, O_RDWR)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX) == 0)
        let store = FileStarStore(folder: folder, lockPatience: 0.3)
        let started = Date()
        let loaded = try #require(finishes(within: 5) { store.load() })
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(!loaded.writable && loaded.readable)
        #expect(loaded.stars.keys(for: "c") == ["a"], "the stars on disk are shown")
        #expect(loaded.notice == "stars are being saved by another Hallway; read-only")
        #expect(throws: StarStoreError.busy) { try store.apply(StarChange(conference: "c", session: "b", starred: true)) }
        flock(holder, LOCK_UN)
        #expect(try store.apply(StarChange(conference: "c", session: "b", starred: true)).keys(for: "c") == ["a", "b"])
    }

    @Test func starsThatCannotBeReadAtAllSaySo() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // A file where the stars' folder should be.
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder)
        let loaded = FileStarStore(folder: folder).load()
        #expect(!loaded.readable && !loaded.writable)
        #expect(loaded.notice?.contains("not a folder") == true, "\(loaded.notice ?? "")")
    }

    @Test func aFIFOAtThePlaceFileIsIgnored() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try prepare()
        #expect(mkfifo(folder.appendingPathComponent("place.json").path, 0o600) == 0)
        let place = finishes(within: 5) { PlaceMemory(folder: folder).load(conference: "38c3") }
        #expect(place == RememberedPlace())
    }

    @Test func aFIFOAtACachedFileIsRefusedAtOnceAndNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try prepare()
        let fifo = folder.appendingPathComponent("x.snapshot")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let refusal = finishes(within: 5) { () -> String? in
            do {
                _ = try PrivateCache.read(fifo)
                return nil
            } catch {
                return String(describing: error)
            }
        }
        #expect(refusal??.hasSuffix("is a FIFO, not a file") == true)
    }
}

final class Box<T>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}

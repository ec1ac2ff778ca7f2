import Foundation
import Testing
@testable import ScheduleKit
@testable import ScheduleRemote
import TestSupport

@Suite("Schedules from a URL, kept for offline use", .serialized)
struct RemoteScheduleTests {
    let cache = Scratch.path("cache")

    func remote(_ url: String, limits: RemoteSchedule.Limits = .init(idleTimeout: 2, totalTimeout: 5)) -> RemoteSchedule {
        RemoteSchedule(url, cacheDirectory: cache, limits: limits)!
    }

    func kept(_ remote: RemoteSchedule) -> Data? { FileManager.default.contents(atPath: remote.bodyPath) }

    @Test func firstFetchThenNotModifiedThenChanged() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        let schedule = remote(server.url("/files/camp.json"))
        #expect(schedule.refresh() == .updated)
        #expect(kept(schedule) == FileManager.default.contents(atPath: RealSchedules.path("frab-camp2019.json")))
        #expect(schedule.kept()?.etag != nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: schedule.bodyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent("remote").path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)

        #expect(schedule.refresh() == .unchanged)
        try server.serve("camp.json", from: "pretalx-democon.json")
        #expect(schedule.refresh() == .updated)
        #expect(kept(schedule) == FileManager.default.contents(atPath: RealSchedules.path("pretalx-democon.json")))
        #expect(server.requests == [
            "GET /files/camp.json 200 conditional=no",
            "GET /files/camp.json 304 conditional=yes",
            "GET /files/camp.json 200 conditional=yes",
        ])
    }

    @Test(arguments: ["missing", "loop", "stall", "truncated", "huge", "invalid"])
    func aFailedRefreshNeverReplacesTheLastGoodCopy(_ failure: String) throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("s.xml", from: "frab-38c3.xml")
        let schedule = remote(server.url("/files/s.xml"), limits: .init(maximumBytes: 8 * 1_048_576, idleTimeout: 1, totalTimeout: 4))
        #expect(schedule.refresh() == .updated)
        let good = kept(schedule)
        let before = schedule.kept()
        if failure == "invalid" {
            try server.serve("s.xml", from: "invalid-example.json")
        } else {
            try server.breakFile("s.xml", failure)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = schedule.refresh()
        #expect(clock.now - started < .seconds(8), "the limits bound how long a refresh can take")
        #expect(outcome.problem != nil)
        let expected: [String: String] = [
            "missing": "the server answered 404", "loop": "more than 5 redirects", "stall": "timed out",
            "truncated": "the body was cut short", "huge": "over the 8 MiB limit", "invalid": "does not load",
        ]
        #expect(outcome.problem?.contains(expected[failure]!) == true, "\(String(describing: outcome.problem))")
        #expect(kept(schedule) == good)
        #expect(schedule.kept() == before)
    }

    @Test func aURLThatDoesNotLoadIsRefusedWithEveryProblem() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("bad.json", from: "invalid-example.json")
        let schedule = remote(server.url("/files/bad.json"))
        guard case .refused(let error) = schedule.refresh() else { Issue.record("expected a refusal"); return }
        #expect(error.diagnostics.count == 3)
        #expect(error.diagnostics[0].file == server.url("/files/bad.json"))
        #expect(schedule.kept() == nil && kept(schedule) == nil)
    }
}

@Suite("URL copies are kept privately")
struct RemoteCacheSafetyTests {
    @Test func aCacheOpenToOthersIsRefusedAndNothingIsKept() throws {
        let cache = Scratch.path("open")
        defer { try? FileManager.default.removeItem(at: cache) }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        chmod(cache.path, 0o777)
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        let schedule = RemoteSchedule(server.url("/files/camp.json"), cacheDirectory: cache)!
        #expect(schedule.refresh() == .failed("the cache is not safe to use: \(cache.path) can be written by others (mode 777)"))
        #expect(schedule.kept() == nil)
    }
}

/// The kept copy checked against its checksum, validators that cannot carry headers, passwords
/// that are never kept or shown, and a reply that is not HTTP named as such.
@Suite("A kept copy that is damaged, tampered with or secret", .serialized)
struct RemoteCopyIntegrityTests {
    let cache = Scratch.path("integrity")

    private func metaPath(_ schedule: RemoteSchedule) -> String {
        String(schedule.bodyPath.dropLast(".schedule".count)) + ".meta"
    }

    @Test(arguments: ["truncated", "edited"])
    func aDamagedCopyIsNotUsedAndTheWholeBodyIsFetchedAgain(_ damage: String) throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        let schedule = RemoteSchedule(server.url("/files/camp.json"), cacheDirectory: cache)!
        #expect(schedule.refresh() == .updated)
        let good = try Data(contentsOf: URL(fileURLWithPath: schedule.bodyPath))
        var bad = good
        if damage == "truncated" { bad = good.prefix(good.count / 2) } else { bad[bad.startIndex + 100] ^= 0x20 }
        try bad.write(to: URL(fileURLWithPath: schedule.bodyPath))
        chmod(schedule.bodyPath, 0o600)
        guard case .damaged(let reason) = schedule.keptCopy() else { Issue.record("the damage was not seen"); return }
        #expect(reason.contains(damage == "truncated" ? "size" : "checksum"))
        #expect(schedule.kept() == nil)
        #expect(schedule.refresh() == .updated)
        #expect(try Data(contentsOf: URL(fileURLWithPath: schedule.bodyPath)) == good, "repaired")
        #expect(schedule.kept() != nil)
        #expect(server.requests.last == "GET /files/camp.json 200 conditional=no", "no validators were sent for a damaged copy")
    }

    @Test func aValidatorThatWouldAddHeadersIsNotSent() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        let schedule = RemoteSchedule(server.url("/files/camp.json"), cacheDirectory: cache)!
        #expect(schedule.refresh() == .updated)
        let meta = try String(contentsOfFile: metaPath(schedule), encoding: .utf8)
        let tampered = meta.replacingOccurrences(of: #""etag":""#, with: #""etag":"\"x\"\r\nX-Injected: 1\r\n"#)
        #expect(tampered != meta)
        try tampered.write(toFile: metaPath(schedule), atomically: false, encoding: .utf8)
        _ = schedule.refresh()
        #expect(!server.requests.contains("INJECTED"))
        #expect(RemoteSchedule.safeValidator("\"abc\"") == "\"abc\"" && RemoteSchedule.safeValidator("a\r\nb") == nil)
    }

    @Test func aPasswordInTheURLIsNeitherKeptNorShown() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        let url = server.url("/files/camp.json").replacingOccurrences(of: "http://", with: "http://ada:s3cret@")
        let schedule = RemoteSchedule(url, cacheDirectory: cache)!
        #expect(schedule.displayURL == server.url("/files/camp.json").replacingOccurrences(of: "http://", with: "http://***@"))
        #expect(schedule.refresh() == .updated)
        #expect(schedule.kept() != nil, "the copy is found again by its URL")
        let meta = try String(contentsOfFile: metaPath(schedule), encoding: .utf8)
        #expect(!meta.contains("s3cret") && !meta.contains("ada"))
        #expect(RemoteSchedule.redacted("https://tok@host/x@y") == "https://***@host/x@y")
        #expect(RemoteSchedule.redacted("https://host/a@b") == "https://host/a@b")
    }

    @Test func aReplyThatIsNotHTTPIsNamedSo() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        let schedule = RemoteSchedule(server.url("/garbage"), cacheDirectory: cache)!
        #expect(schedule.refresh().problem?.hasPrefix("the server's reply is not HTTP") == true, "\(schedule.refresh())")
    }
}

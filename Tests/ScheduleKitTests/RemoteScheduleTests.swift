import Foundation
import Testing
@testable import ScheduleKit
import ScheduleRemote
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

import Foundation
import Testing
@testable import ScheduleKit

let benchBinary: String = URL(fileURLWithPath: hallwayBinary).deletingLastPathComponent().appendingPathComponent("hallway-bench").path

/// The file store under real processes: two writing at once, and writers killed mid-save.
@Suite("Stars under processes that race and die", .serialized)
struct StarStoreProcessTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-stars-p-\(UUID().uuidString)")

    func writer(prefix: String, count: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: benchBinary)
        process.arguments = ["stars", "--folder", folder.path, "--prefix", prefix, "--count", String(count)]
        try process.run()
        return process
    }

    @Test func twoProcessesStarringAtOnceLoseNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let writers = [try writer(prefix: "a", count: 60), try writer(prefix: "b", count: 60)]
        writers.forEach { $0.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        let stars = FileStarStore(folder: folder).load()
        #expect(stars.notice == nil && stars.stars.keys(for: "test").count == 120)
    }

    @Test func aWriterKilledAtRandomMomentsLeavesAWholeFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        var previous = 0
        for round in 0..<25 {
            let process = try writer(prefix: "r\(round)-", count: 10_000)
            Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.06, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // A writer killed before its first save leaves no file, which is whole enough.
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("stars.json").path) else {
                #expect(previous == 0, "round \(round): a file that existed has gone")
                continue
            }
            guard case .stars(let stars) = StarFile.decode(data) else {
                Issue.record("round \(round): stars.json is not whole after a kill")
                return
            }
            let count = stars.keys(for: "test").count
            #expect(count >= previous, "stars saved before a kill are never lost")
            previous = count
        }
        #expect(previous > 0)
    }
}

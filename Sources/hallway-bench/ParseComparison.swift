import ArgumentParser
import Foundation
import ScheduleKit

/// Times the ways a schedule file can be read, on the same bytes, so the choice in
/// docs/PERFORMANCE.md can be checked: Foundation's JSONSerialization (the tree alone, before any
/// walk over it) against Hallway's one-pass reader, and the whole load (read, map, check).
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compare JSON readers on one file (median of --runs).")

    @Option(help: "A schedule file; a synthetic program of --sessions when omitted.") var file: String?
    @Option(help: "Sessions in the synthetic program.") var sessions = 10_000
    @Option(help: "How many times to read it.") var runs = 7

    func run() throws {
        let data = try file.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? SyntheticProgram(sessions: sessions).json()
        let clock = ContinuousClock()
        func median(_ body: () throws -> Void) rethrows -> Double {
            var samples: [Double] = []
            for _ in 0..<runs {
                let start = clock.now
                try body()
                let elapsed = clock.now - start
                samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return samples.sorted()[samples.count / 2]
        }
        let megabytes = Double(data.count) / 1_048_576
        let foundation = try median { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) }
        let hallway = try median { _ = try ScheduleLoader.parseJSONForBenchmark(data) }
        let load = try median { _ = try ScheduleLoader.load(data: data, name: file ?? "synthetic") }
        print("reader | ms | MB/s")
        print("--- | ---: | ---:")
        print(String(format: "JSONSerialization (tree only) | %.1f | %.0f", foundation, megabytes / foundation * 1000))
        print(String(format: "Hallway JSONReader | %.1f | %.0f", hallway, megabytes / hallway * 1000))
        print(String(format: "whole load (read, map, check) | %.1f | %.0f", load, megabytes / load * 1000))
    }
}

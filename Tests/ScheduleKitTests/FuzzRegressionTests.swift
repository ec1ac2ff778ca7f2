import Foundation
import Testing
@testable import ScheduleKit

/// Replays every input in Tests/FuzzRegressions through the function the fuzzer calls: each once
/// crashed, hung or tripped a sanitizer somewhere, or is a known attack kept as a seed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".bin") }.sorted()
    }

    @Test func thereAreInputsToReplay() {
        #expect(Self.inputs.count >= 5)
    }

    @Test(arguments: inputs)
    func replays(_ name: String) throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        FuzzEntry.run(Array(bytes))
        // A loader input is read (with warnings) or refused with a reason, never half of each.
        if bytes.first.map({ $0 % 4 != 0 }) == true {
            do {
                _ = try ScheduleLoader.read(data: Data(bytes.dropFirst()), name: name)
            } catch {
                #expect(!error.diagnostics.isEmpty && error.diagnostics.allSatisfy { !$0.message.isEmpty })
            }
        }
    }
}

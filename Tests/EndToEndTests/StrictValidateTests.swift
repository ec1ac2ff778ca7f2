import Foundation
import Testing
import TestSupport

/// `hallway validate --strict` on every real schedule in ../shared/fixtures and every quirk file
/// of our own (Tests/Quirks, written from issue 22's descriptions): a new file is checked the
/// same way in one line.
@Suite("Every file holds the invariants")
struct StrictValidateTests {
    static let quirks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Quirks")

    static let files: [String] = {
        let real = ["frab-38c3.xml", "frab-camp2019.json", "pretalx-democon.json", "hub-schedule2.json", "ics-moca2024.ics", "ics-pyconuk2015.ics"]
            .map(SharedFixtures.path)
        let own = ((try? FileManager.default.contentsOfDirectory(atPath: quirks.path)) ?? []).sorted().map { quirks.appendingPathComponent($0).path }
        let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/istiocon-china-2023.json").path
        return real + own + [bundled]
    }()

    @Test(arguments: files)
    func holds(_ file: String) throws {
        let result = try hallway("validate", "--strict", file)
        #expect(result.status == 0, "\(file): \(result.err.split(separator: "\n").filter { $0.contains("invariant") })")
        #expect(result.out.hasSuffix("invariants: all hold\n"), "\(result.out)")
    }

    @Test func theQuirkFilesAreThere() {
        #expect(Self.files.count >= 12, "six real files, five quirk files and the bundled program")
    }
}

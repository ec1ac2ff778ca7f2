import ArgumentParser
import Foundation
import ScheduleKit

/// Stars sessions one by one through the file store, for the store's tests: two of these at
/// once must lose nothing, and one killed at any moment must leave a whole file.
struct StarWriter: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stars", abstract: "Star sessions through the file store (for tests).")

    @Option(help: "The folder stars.json is kept in.") var folder: String
    @Option(help: "The conference id.") var conference = "test"
    @Option(help: "Session keys are this prefix and a number.") var prefix = "s"
    @Option(help: "How many to star.") var count = 100

    func run() throws {
        let store = FileStarStore(folder: URL(fileURLWithPath: folder))
        for number in 0..<count {
            _ = try store.apply(StarChange(conference: conference, session: "\(prefix)\(number)", starred: true))
        }
    }
}

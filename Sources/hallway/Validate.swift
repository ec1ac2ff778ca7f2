import ArgumentParser
import Foundation
import ScheduleKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a schedule file and report every problem with its location.",
        discussion: "Prints \"ok: …\" and exits 0, or prints one located error per line to stderr and exits 2."
    )

    @Argument(help: ArgumentHelp("The schedule file to check.", valueName: "FILE"))
    var file: String

    func run() throws {
        do {
            let conference = try ScheduleLoader.load(file: file)
            print(Self.summary(of: conference))
        } catch {
            Self.fail(BadInput(error.description))
        }
    }

    static func summary(of conference: Conference) -> String {
        let timed = conference.sessions.filter(\.hasPublishedTime).count
        return "ok: \(conference.sessions.count) sessions, \(conference.speakers.count) speakers, "
            + "\(conference.tracks.count) tracks, \(conference.topics.count) topics, \(conference.rooms.count) rooms, "
            + "\(conference.days.count) \(conference.days.count == 1 ? "day" : "days"); \(timed) sessions with a published time"
    }
}

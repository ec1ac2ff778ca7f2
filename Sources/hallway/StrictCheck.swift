import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote

/// `hallway validate --strict`: the program's invariants (ScheduleKit's and the grid's), that
/// the browser counts what validate counts, and that a search answered from a snapshot is the
/// one answered from the file.
enum StrictCheck {
    static let queries = ["a", "the", "mesh", "ebpf ambient", "xyzzy", "day:1", "room:saal"]

    static func run(_ conference: Conference, file: String, venueZone: Zone?) -> [String] {
        let index = ScheduleIndex(conference)
        let browser = Browser(index: index)
        var broken = ProgramInvariants.check(index) + GridInvariants.check(browser)
        let catalog = browser.catalog
        // The titles' counts ("Tracks (7)") against validate's "7 tracks": a track or speaker with
        // no session is still counted by both.
        for (view, count, what) in [(ViewKind.tracks, conference.tracks.count, "tracks"), (.speakers, conference.speakers.count, "speakers"),
                                    (.topics, conference.topics.count, "topics")] {
            let shown = catalog.groups(view).namedCount
            if shown != count { broken.append("the browser counts \(shown) \(what); validate counts \(count)") }
        }
        broken += warmAndCold(file: file, venueZone: venueZone)
        return broken
    }

    /// Each query answered from the file, then twice through a snapshot of its own (written,
    /// then read): the same sessions in the same order.
    private static func warmAndCold(file: String, venueZone: Zone?) -> [String] {
        guard !RemoteSchedule.isRemote(file) else { return [] }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-strict-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var broken: [String] = []
        for text in queries {
            let query = SearchQuery(text)
            guard let cold = try? ProgramSnapshot.answer(query, for: file, venueZone: venueZone, directory: nil),
                  let written = try? ProgramSnapshot.answer(query, for: file, venueZone: venueZone, directory: folder),
                  let warm = try? ProgramSnapshot.answer(query, for: file, venueZone: venueZone, directory: folder) else {
                broken.append("\"\(text)\" could not be answered")
                continue
            }
            let ids = { (answer: (index: ScheduleIndex, results: SearchResults)) in answer.results.sessions.map { answer.index.sessions[$0.position].id } }
            if ids(cold) != ids(written) || ids(cold) != ids(warm) {
                broken.append("\"\(text)\" is answered differently from a snapshot (\(ids(warm).count) hits) than from the file (\(ids(cold).count))")
            }
        }
        return broken
    }
}

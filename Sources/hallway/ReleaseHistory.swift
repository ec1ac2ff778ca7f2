import Foundation
import ScheduleKit

/// The one place the commands keep a program's releases (`VersionStore`) and learn what changed
/// since the last one: the browser, the kiosk, `changes` and `export ics` all open a program
/// through it, so each sees the same history.
enum ReleaseHistory {
    /// Keeps this release when it is new, saying on stderr what went wrong with the store; nil
    /// when there is nowhere to keep releases (no HOME, no XDG_STATE_HOME).
    static func record(_ conference: Conference, store: VersionStore? = VersionStore.standard(), keeping: Bool = true,
                       quiet: Bool = false) -> VersionStore.Recorded? {
        guard let store else { return nil }
        // Reading the history of a program never kept has nothing to compare, and costs nothing.
        if !keeping, !store.hasReleases(of: conference.id) { return nil }
        let version = ProgramVersion(conference, seen: seenNow())
        let recorded = keeping ? store.record(version) : store.compare(version)
        if !quiet { for notice in recorded.notices { Output.error("hallway: \(notice)") } }
        return recorded
    }

    /// The index the browser and exports show: the program, with the sessions that left it since
    /// the last release put back as cancelled (a starred talk never silently vanishes).
    static func index(_ index: ScheduleIndex, digest: ChangeDigest?) -> ScheduleIndex {
        guard let digest, digest.changes.contains(where: \.leftTheProgram) else { return index }
        return ScheduleIndex(digest.keepingRemoved(in: index.conference))
    }

    /// When a release is seen: now, or HALLWAY_NOW's time, so tests and demos can pin it.
    static func seenNow(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        environment["HALLWAY_NOW"].flatMap(ISOInstant.parse) ?? Date()
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// The one place the commands keep a program's releases (`VersionStore`) and learn what changed
/// since the last one: the browser, the kiosk, `changes` and `export ics` all open a program
/// through it, so each sees the same history.
enum ReleaseHistory {
    /// Keeps this release when it is new, saying on stderr what went wrong with the store; nil
    /// when there is nowhere to keep releases (no HOME, no XDG_STATE_HOME). With `source`, the
    /// identity of the unchanged file the program was read from, what was found the last time
    /// is used when the kept releases are as they were, and what is found now is kept for next time.
    static func record(_ conference: Conference, source: [Int]? = nil, store: VersionStore? = VersionStore.standard(),
                       quiet: Bool = false) -> VersionStore.Recorded? {
        guard let store else { return nil }
        if let source, let known = store.recorded(from: source, of: conference.id) { return known }
        let recorded = store.record(ProgramVersion(conference, seen: seenNow()))
        if let source { store.remember(recorded, from: source) }
        if !quiet { tell(recorded.notices) }
        return recorded
    }

    /// What went wrong with the store, on stderr.
    private static func tell(_ notices: [String]) {
        for notice in notices { Output.error("hallway: \(notice)") }
    }

    /// The first release of a program never kept, kept on a thread while the first frame is
    /// drawn: there is nothing before it to compare, so the browser needs nothing from it, and
    /// writing it (a folder, a file, fsync) was a tenth of a first open. Nil when a release is
    /// kept already (what changed is then needed before the first frame) or there is no store.
    struct FirstKeeping {
        /// The store's notices, once the release is kept: made by the thread, or waited for.
        private let kept: Lazy<[String]>

        init?(_ conference: Conference, source: [Int]? = nil, store: VersionStore? = VersionStore.standard()) {
            guard let store, !store.hasReleases(of: conference.id) else { return nil }
            let kept = Lazy { ReleaseHistory.record(conference, source: source, store: store, quiet: true)?.notices ?? [] }
            self.kept = kept
            BackgroundThread.detachNew { _ = kept.value }
        }

        /// Waits for the release to be kept, then says on stderr what went wrong, if anything did.
        func finish() {
            tell(kept.value)
        }
    }

    /// The kept releases of the program (the newest `limit`) with this one in front, keeping
    /// nothing, saying on stderr what was set aside: for `render` and `export ics`. Nil when none
    /// is kept: a program never kept has nothing to compare, and costs one look at a folder.
    static func read(_ conference: Conference, reading limit: Int = Int.max, store: VersionStore? = VersionStore.standard())
        -> (recorded: VersionStore.Recorded, releases: [ProgramVersion])? {
        guard let store, store.hasReleases(of: conference.id) else { return nil }
        let history = store.history(with: ProgramVersion(conference, seen: seenNow()), reading: limit)
        tell(history.recorded.notices)
        return history
    }

    /// The index the browser and exports show: the program, with the sessions that left it since
    /// the last release put back as cancelled (a starred talk never silently vanishes).
    static func index(_ index: ScheduleIndex, digest: ChangeDigest?) -> ScheduleIndex {
        guard let digest, putsSessionsBack(digest) else { return index }
        return ScheduleIndex(digest.keepingRemoved(in: index.conference))
    }

    /// The program the browser shows (as `index` makes it) and its search index: the one made
    /// for the snapshot when nothing was put back, so it is made once.
    static func shown(_ opened: ProgramSnapshot.Opened, digest: ChangeDigest?) -> (index: ScheduleIndex, engine: Lazy<SearchEngine>) {
        guard let digest, putsSessionsBack(digest) else { return (opened.index, opened.engine) }
        let index = index(opened.index, digest: digest)
        return (index, Lazy { SearchEngine(index) })
    }

    private static func putsSessionsBack(_ digest: ChangeDigest) -> Bool {
        digest.changes.contains(where: \.leftTheProgram)
    }

    /// When a release is seen: now, or HALLWAY_NOW's time, so tests and demos can pin it.
    static func seenNow(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        environment["HALLWAY_NOW"].flatMap(ISOInstant.parse) ?? Date()
    }
}

import FoundationEssentials
import Glibc

/// What the fuzz target (Sources/hallway-fuzz) runs on each input, and what the regression test
/// replays over the inputs it found: every reader Hallway has, on the same bytes.
package enum FuzzEntry {
    /// The first byte picks the way in, so one corpus reaches every reader: the loader's own
    /// detection (Hallway JSON, frab JSON and XML, schedule2, iCalendar), the snapshot reader, and
    /// the program behind a search. Returns quietly whatever the input; a crash, a hang or a
    /// sanitizer report is the finding.
    package static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        switch selector % 4 {
        case 0:
            _ = ProgramSnapshot.decode(rest)
        case 1:
            // Loaded and indexed, then searched and laid out as the browser would.
            guard let loaded = try? ScheduleLoader.read(data: Data(rest), name: "fuzz") else { return }
            let index = ScheduleIndex(loaded.conference)
            _ = SearchEngine(index).search(SearchQuery("a"))
            for day in RoomGrid.days(in: index) { _ = RoomGrid(index, day: day) }
            _ = NowAndNext(index, at: index.sessions.first?.start ?? Date(timeIntervalSince1970: 0))
        default:
            _ = try? ScheduleLoader.read(data: Data(rest), name: "fuzz")
        }
    }
}

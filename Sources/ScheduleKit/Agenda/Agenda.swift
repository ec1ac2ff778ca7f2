import FoundationEssentials
import Glibc

/// A person's starred sessions, as the My agenda view and `export ics --starred` need them: in
/// program order by day, those with no published time apart, overlaps between them found, and
/// stars whose sessions have left the program counted rather than dropped.
public struct Agenda: Sendable {
    public struct Day: Sendable {
        /// nil for the starred sessions whose time (or day) was not published.
        public var day: CivilDate?
        /// Positions in `ScheduleIndex.sessions`, by start time.
        public var positions: [Int]
    }

    public var days: [Day]
    /// For each starred session that overlaps another starred one, the positions of the others.
    public var conflicts: [Int: [Int]]
    /// Stars whose sessions this program no longer has (kept in the store, counted here).
    public var missing: Int

    public init(_ index: ScheduleIndex, starred keys: Set<String>) {
        let positions = keys.compactMap(index.position(ofSession:)).sorted()
        missing = keys.count - positions.count
        var byDay: [CivilDate: [Int]] = [:]
        var untimed: [Int] = []
        for position in positions {
            let session = index.sessions[position]
            if let start = session.start, let day = session.day ?? Optional(CivilDate(start, in: index.conference.timeZone)) {
                byDay[day, default: []].append(position)
            } else {
                untimed.append(position)
            }
        }
        days = byDay.keys.sorted().map { Day(day: $0, positions: byDay[$0]!) }
        if !untimed.isEmpty { days.append(Day(day: nil, positions: untimed)) }

        var conflicts: [Int: [Int]] = [:]
        // A cancelled talk clashes with nothing.
        let timed = positions.filter { index.sessions[$0].start != nil && !index.sessions[$0].cancelled }.sorted { index.sessions[$0].start! < index.sessions[$1].start! }
        for (number, first) in timed.enumerated() {
            let a = index.sessions[first]
            let aEnd = a.end ?? a.start!.addingTimeInterval(NowAndNext.assumedLength / 2)
            for second in timed[(number + 1)...] {
                let b = index.sessions[second]
                guard b.start! < aEnd else { break }
                conflicts[first, default: []].append(second)
                conflicts[second, default: []].append(first)
            }
        }
        self.conflicts = conflicts
    }
}

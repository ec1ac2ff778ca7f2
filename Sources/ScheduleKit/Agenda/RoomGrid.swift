import FoundationEssentials
import Glibc

/// One conference day laid out as the printed "Fahrplan": a column per room, time running down.
/// Pure data (which session sits where, from when to when); the browser decides rows and columns.
public struct RoomGrid: Sendable {
    public struct Block: Sendable, Hashable {
        /// Position in `ScheduleIndex.sessions`.
        public var position: Int
        public var column: Int
        public var start: Date
        /// The published end, or the assumed one (see `RoomGrid.ends`).
        public var end: Date
    }

    public let day: CivilDate
    /// The columns: the day's rooms in the program's room order; nil is the column of sessions with no room.
    public let rooms: [Room?]
    /// By column, then start.
    public let blocks: [Block]
    public let first: Date
    public let last: Date

    /// The days that have at least one session with a published time (a grid needs times).
    public static func days(in index: ScheduleIndex) -> [CivilDate] {
        index.days.filter { day in index.positions(day: day).contains { Self.isPlaceable(index.sessions[$0]) } }
    }

    /// A session with a clock time: the grid and now-and-next place it; all-day ones have no slot.
    static func isPlaceable(_ session: Session) -> Bool { session.start != nil && !session.allDay }

    /// nil when the day has no session with a published time.
    /// `admitting` leaves out what a filter hides (a hidden room then has no column).
    public init?(_ index: ScheduleIndex, day: CivilDate, admitting: ((Session) -> Bool)? = nil) {
        let placeable = index.positions(day: day).filter { Self.isPlaceable(index.sessions[$0]) && admitting?(index.sessions[$0]) != false }
        guard !placeable.isEmpty else { return nil }
        var byRoom: [String?: [Int]] = [:]
        for position in placeable { byRoom[index.sessions[position].roomID, default: []].append(position) }
        // A room the file names on a session but not in its room list still gets its column.
        let listed = index.conference.rooms.map(\.id).filter { byRoom[$0] != nil }
        let unlisted = byRoom.keys.compactMap { $0 }.filter { index.room(id: $0) == nil }.sorted()
        let columns: [String?] = (listed + unlisted).map(Optional.some) + (byRoom[nil] == nil ? [] : [nil])
        var blocks: [Block] = []
        for (column, roomID) in columns.enumerated() {
            let positions = byRoom[roomID]!.sorted { (index.sessions[$0].start!, $0) < (index.sessions[$1].start!, $1) }
            let sessions = positions.map { index.sessions[$0] }
            for (number, end) in Self.ends(of: sessions).enumerated() {
                blocks.append(Block(position: positions[number], column: column, start: sessions[number].start!, end: end))
            }
        }
        self.day = day
        rooms = columns.map { id in id.map { index.room(id: $0) ?? Room(id: $0, name: $0) } }
        self.blocks = blocks
        first = blocks.map(\.start).min()!
        last = blocks.map(\.end).max()!
    }

    /// When each of a room's sessions (sorted by start) ends: as published, or else when the next
    /// one in the room starts, for at most `NowAndNext.assumedLength`. Never before its start.
    public static func ends(of sessions: [Session]) -> [Date] {
        sessions.enumerated().map { number, session in
            let start = session.start!
            if let end = session.end, end > start { return end }
            let following = sessions[(number + 1)...].first { $0.start! > start }?.start
            return min(start.addingTimeInterval(NowAndNext.assumedLength), following ?? .distantFuture)
        }
    }

    /// The blocks of one column, by start.
    public func blocks(inColumn column: Int) -> [Block] { blocks.filter { $0.column == column } }

    public func block(ofPosition position: Int) -> Block? { blocks.first { $0.position == position } }

    /// Minutes a screen row stands for: a quarter of an hour, or less when the day has shorter
    /// sessions, so each gets a row of its own.
    public var minutesPerRow: Int {
        let shortest = blocks.map { Int($0.end.timeIntervalSince($0.start) / 60) }.min() ?? 15
        return shortest >= 15 ? 15 : shortest >= 10 ? 10 : 5
    }
}

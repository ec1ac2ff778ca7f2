import FoundationEssentials
import Glibc

/// What is on now and what starts next, room by room: the one computation behind `hallway now`,
/// the booth's board and the Schedule view's marker.
public struct NowAndNext: Sendable {
    public enum Phase: Sendable, Equatable {
        /// The program publishes no times at all.
        case noTimes
        /// Before the first session starts.
        case before(first: Date)
        case during
        /// After the last session has ended.
        case after(last: Date)
    }

    public struct Slot: Sendable {
        public var session: Session
        /// Whole minutes until it ends (for the running one) or starts (for the next one), rounded up.
        public var minutes: Int
    }

    public struct Row: Sendable {
        /// nil for sessions with a time but no room.
        public var room: Room?
        public var current: Slot?
        public var next: Slot?
    }

    public var now: Date
    public var phase: Phase
    /// Rooms with a session on now or still to come, in the program's room order.
    public var rows: [Row]

    /// A session with no end is taken to run until the next one in its room starts, for at most this long.
    public static let assumedLength: TimeInterval = 60 * 60

    /// `positions` limits it to some sessions (those of the day on screen), so drawing a frame
    /// costs what is shown rather than the whole program.
    public init(_ index: ScheduleIndex, at now: Date, among positions: [Int]? = nil) {
        self.now = now
        let candidates = positions.map { $0.map { index.sessions[$0] } } ?? index.sessions
        // A cancelled talk is neither on now nor next.
        let timed = candidates.filter { RoomGrid.isPlaceable($0) && !$0.cancelled }
        guard let first = timed.compactMap(\.start).min() else {
            phase = .noTimes
            rows = []
            return
        }
        var byRoom: [String?: [Session]] = [:]
        for session in timed { byRoom[session.roomID, default: []].append(session) }
        var latestEnd = first
        var rows: [Row] = []
        let roomOrder: [String?] = index.conference.rooms.map { Optional($0.id) } + [nil]
        for roomID in roomOrder {
            guard let sessions = byRoom[roomID]?.sorted(by: { ($0.start!, $0.id) < ($1.start!, $1.id) }) else { continue }
            var current: Slot?
            var next: Slot?
            for (session, end) in zip(sessions, RoomGrid.ends(of: sessions)) {
                let start = session.start!
                latestEnd = max(latestEnd, end)
                if start <= now, now < end, current == nil {
                    current = Slot(session: session, minutes: NowAndNext.minutes(from: now, to: end))
                } else if start > now, next == nil {
                    next = Slot(session: session, minutes: NowAndNext.minutes(from: now, to: start))
                }
            }
            if current != nil || next != nil {
                rows.append(Row(room: roomID.flatMap(index.room(id:)), current: current, next: next))
            }
        }
        self.rows = rows
        if now < first {
            phase = .before(first: first)
        } else if now >= latestEnd {
            phase = .after(last: latestEnd)
        } else {
            phase = .during
        }
    }

    public static func minutes(from: Date, to: Date) -> Int {
        Int((to.timeIntervalSince(from) / 60).rounded(.up))
    }

    /// "35 min", "2 h 5 min", and days only beyond a day ("1 day", "3 days"): one style, so
    /// "in 45 h 50 min" never stands beside "in 2 days".
    public static func duration(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes) min" }
        if minutes <= 24 * 60 {
            let hours = minutes / 60, rest = minutes % 60
            return rest == 0 ? "\(hours) h" : "\(hours) h \(rest) min"
        }
        let days = Int((Double(minutes) / (24 * 60)).rounded())
        return days == 1 ? "1 day" : "\(days) days"
    }

    /// Only what runs now or starts within `minutes`: the rooms with either, each without a next
    /// session beyond it, running ones first, then by start (`hallway now` without --all).
    public func within(minutes: Int) -> NowAndNext {
        var limited = self
        limited.rows = rows.compactMap { row in
            var row = row
            if let next = row.next, next.minutes > minutes { row.next = nil }
            return row.current == nil && row.next == nil ? nil : row
        }
        limited.rows = limited.rows.enumerated().sorted { a, b in
            func key(_ row: Row) -> (Int, Date) {
                if let current = row.current { return (0, current.session.start ?? now) }
                return (1, row.next?.session.start ?? now)
            }
            let (left, right) = (key(a.element), key(b.element))
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
        return limited
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// Where the reader is in the room grid: the day, the selected session, and the scroll.
public struct GridPosition: Sendable, Hashable {
    /// Index into the days that have a grid; nil until the grid is first shown (it then opens on
    /// today, when the conference is on).
    public var day: Int?
    /// The selected session's position in the index.
    public var selected: Int?
    public var firstColumn = 0
    public var topRow = 0
    /// The time the reader is at: kept when crossing rooms (h/l, 0/$), set by moving in a room.
    public var time: Date?

    public init() {}
}

/// A room grid fitted to a screen: which rows each session covers, how wide a room's column is,
/// and which rooms fit. Shared by the view and the reducer, so keys, clicks and drawing agree.
public struct GridPlan: Sendable {
    public struct Placement: Sendable, Hashable {
        public var block: RoomGrid.Block
        public var rows: Range<Int>
        /// How many sessions start on this block's first row behind it (drawn "+N").
        public var more = 0
        /// Starts on the same row as an earlier block of its room, so it is drawn only when
        /// selected, over that block; `rows` are that block's.
        public var isBehind = false
    }

    public static let gutterWidth = 6
    public static let minimumColumnWidth = 16
    public static let maximumColumnWidth = 44

    public let grid: RoomGrid
    public let minutesPerRow: Int
    /// The instant of row 0: the day's first start, down to a whole step in the zone shown.
    public let origin: Date
    public let placements: [Placement]
    public let rowCount: Int
    /// The area the grid owns: a title row, a row of room names, the time rows, a row about the selection.
    public let area: Rect
    public let columnWidth: Int
    public let visibleColumns: Int

    public init(_ grid: RoomGrid, zone: Zone, area: Rect) {
        self.grid = grid
        self.area = area
        let step = grid.minutesPerRow
        minutesPerRow = step
        let offset = zone.secondsFromGMT(for: grid.first)
        let local = Int(grid.first.timeIntervalSince1970.rounded(.down)) + offset
        let floored = local - ((local % (step * 60)) + step * 60) % (step * 60)
        origin = Date(timeIntervalSince1970: TimeInterval(floored - offset))

        self.placements = Self.placed(grid.blocks, origin: origin, step: step)
        rowCount = placements.map(\.rows.upperBound).max() ?? 0

        let available = max(0, area.width - Self.gutterWidth)
        let fitting = max(1, available / Self.minimumColumnWidth)
        visibleColumns = min(grid.rooms.count, fitting)
        columnWidth = min(Self.maximumColumnWidth, available / max(1, visibleColumns))
    }

    /// Every block on the row of its own start, never moved in time: pushing a block down to the
    /// next free row stacked a congress stage's five-minute talks until an 11:50 talk sat on the
    /// 14:10 line. A block still running when the next in its room starts ends there; one that
    /// starts on the same row as another stands behind it (the front one says "+N").
    static func placed(_ blocks: [RoomGrid.Block], origin: Date, step: Int) -> [Placement] {
        var placements: [Placement] = []
        var front: [Int: Int] = [:]
        for block in blocks {
            let natural = row(of: block.start, origin: origin, step: step, roundingUp: false)
            let length = max(1, row(of: block.end, origin: origin, step: step, roundingUp: true) - natural)
            if let last = front[block.column] {
                if placements[last].rows.lowerBound == natural {
                    placements[last].more += 1
                    placements.append(Placement(block: block, rows: placements[last].rows, isBehind: true))
                    continue
                }
                if placements[last].rows.upperBound > natural {
                    // Blocks come by room, then start: all placed since the front one stand behind
                    // it, and are shortened with it.
                    for index in last..<placements.count { placements[index].rows = placements[last].rows.lowerBound..<natural }
                }
            }
            front[block.column] = placements.count
            placements.append(Placement(block: block, rows: natural..<(natural + length)))
        }
        return placements
    }

    /// In room `column`, the session at `time`: the one running then, else the next to start,
    /// else the last (what h/l, 0 and $ select, keeping the reader's time).
    public func placement(inColumn column: Int, at time: Date) -> Placement? {
        let candidates = placements(inColumn: column)
        return candidates.first { $0.block.start <= time && time < $0.block.end }
            ?? candidates.first { $0.block.start > time }
            ?? candidates.last
    }

    static func row(of instant: Date, origin: Date, step: Int, roundingUp: Bool) -> Int {
        let rows = instant.timeIntervalSince(origin) / Double(step * 60)
        return Int(roundingUp ? rows.rounded(.up) : rows.rounded(.down))
    }

    /// The row `instant` falls in, or nil outside the day's rows.
    public func row(of instant: Date) -> Int? {
        let row = Self.row(of: instant, origin: origin, step: minutesPerRow, roundingUp: false)
        return instant >= origin && row < rowCount ? row : nil
    }

    public func time(ofRow row: Int) -> Date { origin.addingTimeInterval(TimeInterval(row * minutesPerRow * 60)) }

    public var titleRow: Int { area.y }
    public var roomRow: Int { area.y + 1 }
    public var timeRows: Rect { Rect(x: area.x, y: area.y + 2, width: area.width, height: max(0, area.height - 3)) }
    public var infoRow: Int { area.maxY - 1 }

    public func placement(ofPosition position: Int) -> Placement? { placements.first { $0.block.position == position } }

    public func placements(inColumn column: Int) -> [Placement] { placements.filter { $0.block.column == column } }

    /// The screen column where a room's column starts, when it is among the visible ones.
    public func x(ofColumn column: Int, firstColumn: Int) -> Int? {
        let slot = column - firstColumn
        guard slot >= 0, slot < visibleColumns else { return nil }
        return area.x + Self.gutterWidth + slot * columnWidth
    }

    /// The session drawn at a screen cell, for clicks.
    public func placement(atX x: Int, y: Int, position: GridPosition) -> Placement? {
        guard timeRows.contains(x: x, y: y), x >= area.x + Self.gutterWidth else { return nil }
        let column = position.firstColumn + (x - area.x - Self.gutterWidth) / max(1, columnWidth)
        let row = position.topRow + (y - timeRows.y)
        let here = placements.filter { $0.block.column == column && $0.rows.contains(row) }
        // The block drawn there: the selected one when it stands behind, else the front one.
        return here.first { $0.isBehind && $0.block.position == position.selected } ?? here.first { !$0.isBehind }
    }
}

import Foundation
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

    public init() {}
}

/// A room grid fitted to a screen: which rows each session covers, how wide a room's column is,
/// and which rooms fit. Shared by the view and the reducer, so keys, clicks and drawing agree.
public struct GridPlan: Sendable {
    public struct Placement: Sendable, Hashable {
        public var block: RoomGrid.Block
        public var rows: Range<Int>
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

    public init(_ grid: RoomGrid, zone: TimeZone, area: Rect) {
        self.grid = grid
        self.area = area
        let step = grid.minutesPerRow
        minutesPerRow = step
        let offset = zone.secondsFromGMT(for: grid.first)
        let local = Int(grid.first.timeIntervalSince1970.rounded(.down)) + offset
        let floored = local - ((local % (step * 60)) + step * 60) % (step * 60)
        origin = Date(timeIntervalSince1970: TimeInterval(floored - offset))

        // A session that starts in a row another one still covers (an overlap in one room, or two
        // short ones within a step) goes on the next free row, so no block hides another.
        var placements: [Placement] = []
        var nextFree: [Int: Int] = [:]
        for block in grid.blocks {
            let natural = Self.row(of: block.start, origin: origin, step: step, roundingUp: false)
            let length = max(1, Self.row(of: block.end, origin: origin, step: step, roundingUp: true) - natural)
            let first = max(natural, nextFree[block.column] ?? 0)
            let last = first + length
            placements.append(Placement(block: block, rows: first..<last))
            nextFree[block.column] = last
        }
        self.placements = placements
        rowCount = placements.map(\.rows.upperBound).max() ?? 0

        let available = max(0, area.width - Self.gutterWidth)
        let fitting = max(1, available / Self.minimumColumnWidth)
        visibleColumns = min(grid.rooms.count, fitting)
        columnWidth = min(Self.maximumColumnWidth, available / max(1, visibleColumns))
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
        return placements.first { $0.block.column == column && $0.rows.contains(row) }
    }
}

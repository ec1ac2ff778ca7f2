public struct Size: Sendable, Hashable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The most Hallway draws. A window can claim 65,535 × 65,535 cells (a pty, or an SSH
    /// client, sets any size): ncurses keeps sizes in 16 bits and crashed on such sizes, and a
    /// 5,000 × 5,000 start took 15 s and 3.2 GB. Beyond this the top-left part is drawn.
    public static let drawable = Size(columns: 1000, rows: 500)

    /// This size cut to what is drawn, never below zero.
    public var drawable: Size {
        Size(columns: min(max(0, columns), Size.drawable.columns), rows: min(max(0, rows), Size.drawable.rows))
    }
}

public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The rect less `count` rows from the top.
    public func droppingTop(_ count: Int) -> Rect {
        Rect(x: x, y: y + min(count, height), width: width, height: height - min(count, height))
    }

    public func row(_ offset: Int) -> Rect {
        Rect(x: x, y: y + offset, width: width, height: offset < height ? 1 : 0)
    }
}

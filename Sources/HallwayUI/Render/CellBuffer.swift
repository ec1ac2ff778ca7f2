import ScheduleKit
/// One terminal cell. A wide character occupies its lead cell and a continuation cell after it.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var role: StyleRole
    public var isContinuation: Bool
    /// A colour from the data (a track's), as an xterm-256 index; -1 for none. Terminals with 256
    /// colours draw it in place of the role's foreground; others keep the role.
    public var dataColor: Int16 = -1

    public init(text: String = " ", role: StyleRole = .normal, isContinuation: Bool = false, dataColor: Int16 = -1) {
        self.text = text
        self.role = role
        self.isContinuation = isContinuation
        self.dataColor = dataColor
    }

    public static let blank = Cell()
}

/// The whole screen as plain values (ratatui's Buffer). Views draw here; the backend copies the
/// changed cells to the terminal; tests read it back as text. Nothing written here can spill past
/// the buffer's edge or leave half a wide character.
public struct CellBuffer: Sendable, Hashable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Addresses drawn on screen, for terminals that link text (OSC 8).
    public private(set) var hyperlinks: [Hyperlink] = []

    public init(size: Size) {
        self.size = Size(columns: max(0, size.columns), rows: max(0, size.rows))
        cells = Array(repeating: .blank, count: self.size.columns * self.size.rows)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.columns, height: size.rows) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.columns + x]
    }

    public mutating func fill(_ rect: Rect, role: StyleRole) {
        let area = rect.clipped(to: bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * size.columns + x] = Cell(role: role) }
        }
    }

    /// Writes `text` from (x, y), clipped to `clip` (the buffer when nil). Returns the columns used.
    /// A character that would straddle the clip edge is not drawn, so nothing is cut in half.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).clipped(to: bounds)
        guard y >= area.y, y < area.maxY else { return 0 }
        var column = x
        // The one choke point between data and the terminal: whatever a view passes, no control,
        // escape, bidi override or other dangerous scalar reaches a cell (TerminalSafe replaces
        // each with a visible stand-in), so no view can forget to sanitise.
        for character in TerminalSafe.line(text) {
            let width = TextWidth.width(of: character)
            if column + width > area.maxX { break }
            if column >= area.x {
                if let cells = TextWidth.cells(of: character) {
                    var cellColumn = column
                    for cell in cells {
                        put(cell.text, width: cell.width, x: cellColumn, y: y, role: role)
                        cellColumn += cell.width
                    }
                } else {
                    put(String(character), width: width, x: column, y: y, role: role)
                }
            }
            column += width
        }
        return max(0, column - x)
    }

    /// Writes `text` cut with `…` to `width` columns and pads the rest of the span with `role`.
    public mutating func writeFitted(_ text: String, x: Int, y: Int, width: Int, role: StyleRole) {
        guard width > 0 else { return }
        let fitted = TextWidth.fit(text, to: width)
        write(fitted, x: x, y: y, role: role, clip: Rect(x: x, y: y, width: width, height: 1))
    }

    /// A one-column mark in a colour from the data, such as the bar before a track's name.
    public mutating func mark(_ text: String, x: Int, y: Int, role: StyleRole, dataColor: UInt8?) {
        let text = TerminalSafe.line(text)
        guard bounds.contains(x: x, y: y), TextWidth.width(of: text) == 1 else { return }
        cells[y * size.columns + x] = Cell(text: text, role: role, dataColor: dataColor.map(Int16.init) ?? -1)
    }

    /// Changes the role of cells already drawn (a selection bar over a row).
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        let area = rect.clipped(to: bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * size.columns + x].role = role }
        }
    }

    private mutating func put(_ text: String, width: Int, x: Int, y: Int, role: StyleRole) {
        // Overwriting half of an existing wide character blanks its other half.
        let index = y * size.columns + x
        if cells[index].isContinuation, x > 0 { cells[index - 1] = Cell(role: cells[index - 1].role) }
        if x + 1 < size.columns, cells[index + 1].isContinuation, width == 1 { cells[index + 1] = Cell(role: role) }
        cells[index] = Cell(text: text, role: role)
        if width == 2 {
            if x + 2 < size.columns, cells[index + 2].isContinuation { cells[index + 2] = Cell(role: role) }
            cells[index + 1] = Cell(text: "", role: role, isContinuation: true)
        }
    }

    /// Records that the cells from (x, y), `width` wide, show `url` (when the address is safe to link).
    public mutating func link(_ url: String, x: Int, y: Int, width: Int) {
        let clipped = Rect(x: x, y: y, width: width, height: 1).clipped(to: bounds)
        guard clipped.width > 0, clipped.height == 1, Hyperlink.isSafe(url) else { return }
        hyperlinks.append(Hyperlink(x: clipped.x, y: clipped.y, width: clipped.width, url: url))
    }

    /// The characters of a row's run of cells, as the terminal shows them.
    public func text(y: Int, from x: Int, width: Int) -> String {
        (x..<min(size.columns, x + width)).filter { !self[$0, y].isContinuation }.map { self[$0, y].text }.joined()
    }

    /// The screen as lines of text, trailing spaces removed: what a person reads.
    public func textLines() -> [String] {
        (0..<size.rows).map { y in
            var line = ""
            for x in 0..<size.columns where !self[x, y].isContinuation { line += self[x, y].text }
            return line.trimmingTrailingSpaces()
        }
    }

    public var text: String { textLines().joined(separator: "\n") }

    /// One letter per cell naming its style role (a wide character's both cells share its letter).
    public func styleLines() -> [String] {
        (0..<size.rows).map { y in
            String((0..<size.columns).map { self[$0, y].role.code })
        }
    }

    /// Positions whose content or style differ from `other` (same size assumed), row-major.
    public func changedCells(since other: CellBuffer) -> [(x: Int, y: Int)] {
        guard other.size == size else {
            return (0..<size.rows).flatMap { y in (0..<size.columns).map { (x: $0, y: y) } }
        }
        var changes: [(x: Int, y: Int)] = []
        for index in cells.indices where cells[index] != other.cells[index] {
            changes.append((x: index % size.columns, y: index / size.columns))
        }
        return changes
    }
}

extension Rect {
    func clipped(to other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// The booth's now-and-next board: the rooms with a talk on now or starting within three hours,
/// in the program's room order, each on a line of its own with as much of its titles as fits; one
/// column, or two from 160 columns; what does not fit one screen is shown page by page, each
/// page for a slide's time (38C3 has 60 rooms on a Saturday afternoon). Below them, the moves and
/// cancellations of the hours ahead.
enum NowBoard {
    static let horizonMinutes = 180

    static func rows(_ state: AppState, browser: Browser) -> [NowAndNext.Row] {
        let index = browser.index
        // What the booth's operator filtered out stays out of the board too.
        let admitted = state.filter.isEmpty ? nil : index.sessions.indices.filter { state.filter.admits(index.sessions[$0]) }
        let board = NowAndNext(index, at: state.now, among: admitted)
        return board.rows.compactMap { row in
            var row = row
            if let next = row.next, next.minutes > horizonMinutes { row.next = nil }
            return row.current == nil && row.next == nil ? nil : row
        }
    }

    static func columns(_ area: Rect) -> Int { area.width >= 156 ? 2 : 1 }

    /// Room lines a page holds: the area less the heading and the changes under the rooms.
    private static func capacity(_ area: Rect, changes: Int) -> Int {
        max(1, (area.height - 2 - (changes > 0 ? min(changes, 3) + 1 : 0)) * columns(area))
    }

    static func pages(_ state: AppState, browser: Browser) -> Int {
        let area = AttractView.slideArea(state, browser: browser)
        let count = rows(state, browser: browser).count
        let perPage = capacity(area, changes: changes(state, browser: browser).count)
        return max(1, (count + perPage - 1) / perPage)
    }

    private static func changes(_ state: AppState, browser: Browser) -> [String] {
        browser.changes.map { ChangeText.board($0, at: state.now, in: state.clock.zone(for: browser.index.conference)) } ?? []
    }

    static func draw(_ state: AppState, browser: Browser, page: Int, area: Rect, into buffer: inout CellBuffer) {
        guard area.height >= 3 else { return }
        let zone = state.clock.zone(for: browser.index.conference)
        let rooms = rows(state, browser: browser)
        let changed = changes(state, browser: browser)
        let perPage = capacity(area, changes: changed.count)
        let pages = max(1, (rooms.count + perPage - 1) / perPage)
        let shown = Array(rooms.dropFirst((page % pages) * perPage).prefix(perPage))
        var heading = "Now and next"
        if pages > 1 {
            let first = (page % pages) * perPage + 1
            heading += " · rooms \(first)–\(first + shown.count - 1) of \(rooms.count)"
        }
        AttractView.centered(heading, y: area.y, role: .heading, &buffer)
        if rooms.isEmpty {
            let board = NowAndNext(browser.index, at: state.now)
            var text = "Nothing on in the next three hours."
            if case .after = board.phase { text = "The conference is over. Thank you for coming!" }
            AttractView.centered(text, y: area.y + 2, role: .normal, &buffer)
        }
        let columnCount = columns(area)
        let linesPerColumn = max(1, (shown.count + columnCount - 1) / columnCount)
        let columnWidth = area.width / columnCount
        let nameWidth = min(rooms.map { TextWidth.width(of: TerminalSafe.line($0.room?.name ?? "No room")) }.max() ?? 8, max(8, columnWidth / 4))
        for (number, row) in shown.enumerated() {
            let x = area.x + (number / linesPerColumn) * columnWidth
            let y = area.y + 2 + number % linesPerColumn
            let name = TextWidth.truncate(TerminalSafe.line(row.room?.name ?? "No room"), to: nameWidth)
            buffer.write(name, x: x, y: y, role: .accent)
            var parts: [String] = []
            if let current = row.current {
                parts.append("now \(TerminalSafe.line(current.session.displayTitle)) (\(NowAndNext.duration(minutes: current.minutes)) left)")
            }
            if let next = row.next, let start = next.session.start {
                parts.append("\(SessionTimeText.hourMinute(start, in: zone)) \(TerminalSafe.line(next.session.displayTitle))")
            }
            buffer.writeFitted(parts.joined(separator: " · "), x: x + nameWidth + 2, y: y, width: columnWidth - nameWidth - 3, role: .normal)
        }
        // Moves and cancellations of the hours ahead, since the release seen before.
        let top = area.y + 2 + linesPerColumn + 1
        for (number, line) in changed.prefix(3).enumerated() where top + number < area.maxY {
            buffer.writeFitted(line, x: area.x, y: top + number, width: area.width, role: .warning)
        }
    }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// The room grid: rooms as columns, time running down, a block per session. Only whole columns
/// are drawn (a narrow terminal shows fewer rooms), and each block is clipped to its column, so
/// nothing is ever cut across.
enum GridView {
    static func draw(_ state: AppState, browser: Browser, layout: ScreenLayout, into buffer: inout CellBuffer) {
        guard let plan = browser.gridPlan(state) else {
            drawNoTimes(layout.body, into: &buffer)
            return
        }
        let zone = state.clock.zone(for: browser.index.conference)
        let position = state.grid
        drawTitle(plan, state, browser: browser, into: &buffer)
        let rows = plan.timeRows
        let nowRow = plan.row(of: state.now)

        // Room names over their columns.
        buffer.fill(Rect(x: plan.area.x, y: plan.roomRow, width: plan.area.width, height: 1), role: .paneTitle)
        for column in plan.grid.rooms.indices {
            guard let x = plan.x(ofColumn: column, firstColumn: position.firstColumn) else { continue }
            let name = plan.grid.rooms[column].map { $0.name } ?? "No room"
            buffer.writeFitted(" " + name, x: x, y: plan.roomRow, width: plan.columnWidth - 1, role: .paneTitle)
        }

        // The time gutter: every hour, the half hours dimmer; the current time marked across.
        for screenRow in 0..<rows.height {
            let row = position.topRow + screenRow
            let y = rows.y + screenRow
            guard row < plan.rowCount else { break }
            let time = plan.time(ofRow: row)
            let minute = SessionTimeText.minuteOfDay(time, in: zone) % 60
            if row == nowRow {
                buffer.write("▶" + SessionTimeText.hourMinute(state.now, in: zone), x: rows.x, y: y, role: .warning)
                for x in (rows.x + GridPlan.gutterWidth)..<(rows.x + GridPlan.gutterWidth + plan.visibleColumns * plan.columnWidth) {
                    buffer.write("┄", x: x, y: y, role: .warning)
                }
            } else if minute < plan.minutesPerRow || (minute >= 30 && minute < 30 + plan.minutesPerRow) {
                buffer.write(SessionTimeText.hourMinute(time, in: zone), x: rows.x, y: y, role: minute < plan.minutesPerRow ? .normal : .dim)
            }
        }

        // Blocks behind another are drawn only when selected, over the one in front.
        let selectedBehind = plan.placements.first { $0.isBehind && $0.block.position == position.selected }
        for placement in plan.placements where !placement.isBehind || placement == selectedBehind {
            guard let x = plan.x(ofColumn: placement.block.column, firstColumn: position.firstColumn) else { continue }
            drawBlock(placement, x: x, plan: plan, state: state, browser: browser, into: &buffer)
        }
        drawSelection(plan, state, browser: browser, into: &buffer)
    }

    /// "Fri 27 Dec 2024 · day 2 of 4   [ ] day      rooms 1–4 of 9 h/l"
    private static func drawTitle(_ plan: GridPlan, _ state: AppState, browser: Browser, into buffer: inout CellBuffer) {
        let row = Rect(x: plan.area.x, y: plan.titleRow, width: plan.area.width, height: 1)
        buffer.fill(row, role: .paneTitleFocused)
        let days = browser.catalog.gridDays
        let number = (state.grid.day ?? 0) + 1
        let rooms = plan.grid.rooms.count
        let first = state.grid.firstColumn + 1
        let last = min(rooms, state.grid.firstColumn + plan.visibleColumns)
        let roomText = rooms > plan.visibleColumns ? "rooms \(first)–\(last) of \(rooms) " : "\(rooms) \(rooms == 1 ? "room" : "rooms") "
        let dayText = " \(plan.grid.day.shortDisplay) · day \(number) of \(days.count)"
        let roomWidth = TextWidth.width(of: roomText)
        buffer.writeFitted(dayText, x: row.x, y: row.y, width: max(0, row.width - roomWidth - 1), role: .paneTitleFocused)
        if roomWidth < row.width { buffer.write(roomText, x: row.maxX - roomWidth, y: row.y, role: .paneTitleFocused) }
    }

    private static func drawBlock(_ placement: GridPlan.Placement, x: Int, plan: GridPlan, state: AppState, browser: Browser,
                                  into buffer: inout CellBuffer) {
        let session = browser.catalog.session(at: placement.block.position)
        let selected = state.grid.selected == placement.block.position
        let width = plan.columnWidth - 1
        let visible = state.grid.topRow..<(state.grid.topRow + plan.timeRows.height)
        guard width >= 2, placement.rows.overlaps(visible) else { return }
        let starred = state.stars.contains(session.id) ? "★ " : ""
        let title = starred + browser.changeMark(session) + session.displayTitle
        let speakers = browser.index.speakers(of: session).map { $0.fullName }.joined(separator: ", ")
        let textWidth = width - 1
        // "+2" where more sessions start on this row than the grid can show side by side (j/k
        // reach them); none of them is moved to another time.
        let more = placement.more > 0 ? " +\(placement.more)" : ""
        var lines = TextWidth.wrap(title, to: textWidth).map { ($0, true) }
        if !more.isEmpty, !lines.isEmpty {
            lines[0].0 = TextWidth.truncate(lines[0].0, to: max(0, textWidth - TextWidth.width(of: more))) + more
        }
        let height = placement.rows.count
        if !speakers.isEmpty, lines.count < height { lines.append((TextWidth.truncate(speakers, to: textWidth), false)) }
        if lines.count > height {
            lines = Array(lines.prefix(height))
            // The last line that fits says there is more.
            lines[height - 1].0 = TextWidth.truncate(lines[height - 1].0 + " …", to: textWidth)
        }
        let color = session.trackID.flatMap(browser.index.track(id:))?.color.flatMap(DataColor.xterm256)
        for row in placement.rows where visible.contains(row) {
            let y = plan.timeRows.y + row - state.grid.topRow
            let line = row - placement.rows.lowerBound
            let isFirst = line == 0
            let role: StyleRole = selected ? .selected : (isFirst ? .blockTitle : .block)
            buffer.fill(Rect(x: x, y: y, width: width, height: 1), role: role)
            buffer.mark(isFirst ? "▌" : "▏", x: x, y: y, role: selected ? .selected : .block, dataColor: color)
            if line < lines.count {
                let (text, isTitle) = lines[line]
                buffer.writeFitted(text, x: x + 1, y: y, width: textWidth, role: selected ? .selected : (isTitle && isFirst ? .blockTitle : .block))
            }
        }
    }

    /// The selected session in one line under the grid: time, room, title and speakers.
    private static func drawSelection(_ plan: GridPlan, _ state: AppState, browser: Browser, into buffer: inout CellBuffer) {
        let row = Rect(x: plan.area.x, y: plan.infoRow, width: plan.area.width, height: 1)
        buffer.fill(row, role: .paneTitle)
        guard let session = browser.selectedSession(state) else { return }
        let zone = state.clock.zone(for: browser.index.conference)
        var parts = [SessionTimeText.clock(session, in: zone) ?? SessionTimeText.notPublished]
        if let room = browser.index.room(of: session) { parts.append(room.name) }
        parts.append((state.stars.contains(session.id) ? "★ " : "") + browser.changeMark(session) + session.displayTitle)
        let speakers = browser.index.speakers(of: session).map { $0.fullName }
        if !speakers.isEmpty { parts.append(speakers.joined(separator: ", ")) }
        buffer.writeFitted(" " + parts.joined(separator: " · "), x: row.x, y: row.y, width: row.width, role: .paneTitle)
    }

    private static func drawNoTimes(_ body: Rect, into buffer: inout CellBuffer) {
        let lines = [
            "No room grid for this program:",
            "it publishes no session times.",
            "",
            "4 lists its sessions by day.",
        ]
        let top = body.y + max(0, (body.height - lines.count) / 2)
        for (number, line) in lines.enumerated() {
            let width = TextWidth.width(of: line)
            buffer.writeFitted(line, x: body.x + max(0, (body.width - width) / 2), y: top + number, width: min(width, body.width), role: number == 0 ? .heading : .normal)
        }
    }
}

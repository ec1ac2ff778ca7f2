import ScheduleKit

/// `f`: what the lists, the grid and now-and-next show. A line per room, track and language,
/// toggled with Space; the box says how many sessions the filter leaves.
enum FilterOverlay {
    static func draw(browser: Browser, state: AppState, layout: ScreenLayout, into buffer: inout CellBuffer) {
        guard let list = state.filterPane else { return }
        let items = browser.filterItems()
        guard let (box, inner) = FilterBox(layout, count: items.count).map({ ($0.box, $0.inner) }) else { return }
        OverlayBox.draw(box, title: "Filter", into: &buffer)
        ListWidget.draw(list, count: items.count, in: inner, selection: .selected, into: &buffer) { number, y, buffer in
            let item = items[number]
            let text = browser.filterLine(item, state.filter)
            if case .heading = item {
                buffer.writeFitted(text, x: inner.x, y: y, width: inner.width, role: .heading)
            } else {
                buffer.writeFitted("  " + text, x: inner.x, y: y, width: inner.width, role: .normal)
            }
        }
        let shown = browser.filteredCount(state).map { "\($0.shown) of \($0.total) sessions shown" } ?? "all \(browser.index.sessions.count) sessions shown"
        buffer.writeFitted(shown, x: inner.x, y: box.maxY - 2, width: inner.width, role: .dim)
        if let position = list.positionText(count: items.count, height: inner.height) {
            buffer.write(" \(position) ", x: box.maxX - 3 - TextWidth.width(of: position), y: box.maxY - 1, role: .heading)
        }
    }
}

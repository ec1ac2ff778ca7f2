/// A scrolled list with a selection, as ratatui's `List` with `ListState`: the rows that fit in
/// the area, each drawn by the caller, and the selected one marked across the area's width. The
/// groups, sessions, details, search results and filter lists all draw through it; `ListState`
/// keeps the selection and the first row shown, and says which rows show ("1-21/35").
enum ListWidget {
    /// Draws the rows of `count` that `list` shows in `area`; `selection` is the role the
    /// selected row takes over its whole width, or nil when the list shows no selection now.
    static func draw(_ list: ListState, count: Int, in area: Rect, selection: StyleRole?, into buffer: inout CellBuffer,
                     row draw: (_ index: Int, _ y: Int, _ buffer: inout CellBuffer) -> Void) {
        for (index, row) in list.visible(count: count, height: area.height) {
            let y = area.y + row
            draw(index, y, &buffer)
            if let selection, index == list.selected {
                buffer.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), role: selection)
            }
        }
    }

    /// A pane's title on its top line, bright when the pane has the keyboard.
    static func drawTitle(_ title: String, focused: Bool, rect: Rect, into buffer: inout CellBuffer) {
        buffer.writeFitted(" " + title, x: rect.x, y: rect.y, width: rect.width, role: focused ? .paneTitleFocused : .paneTitle)
    }
}

/// `?`: every key binding with its help text, drawn from the key map, and the search filters.
/// The box is as wide as its longest line allows (up to the screen), and scrolls with j/k when
/// the screen is shorter than the list.
enum HelpOverlay {
    static func draw(browser: Browser, state: AppState, layout: ScreenLayout, into buffer: inout CellBuffer) {
        guard let page = HelpPage(browser: browser, layout: layout) else { return }
        let (box, inner, keyColumn, lines) = (page.box, page.inner, page.keyColumn, page.lines)
        OverlayBox.draw(box, title: "Keys", into: &buffer)
        let scroll = page.clamped(state.helpScroll)
        for (row, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let y = inner.y + row
            buffer.write(line.keys, x: inner.x, y: y, role: .footerKey, clip: inner)
            let x = inner.x + (line.keys.isEmpty && !line.continued ? 0 : keyColumn)
            buffer.writeFitted(line.help, x: x, y: y, width: inner.maxX - x, role: line.keys.isEmpty && !line.continued ? .dim : .normal)
        }
        if lines.count > inner.height {
            let position = " \(scroll + 1)-\(min(lines.count, scroll + inner.height))/\(lines.count) j/k scroll "
            buffer.write(position, x: box.maxX - 2 - TextWidth.width(of: position), y: box.maxY - 1, role: .heading)
        }
    }
}

/// `?`: every key binding with its help text, drawn from the key map, and the search filters.
/// The box is as wide as its longest line allows (up to the screen), and scrolls with j/k when
/// the screen is shorter than the list.
enum HelpOverlay {
    struct Line {
        var keys: String
        var help: String
        /// The rest of a help text wrapped onto another line, under its first.
        var continued = false
    }

    static func lines(browser: Browser) -> [Line] {
        var entries: [(keys: String, help: String, group: String?)] = []
        for binding in browser.keyMap.bindings where binding.context != .help && binding.context != .search && binding.context != .filter {
            if let group = binding.helpGroup, let line = entries.firstIndex(where: { $0.group == group }) {
                // A key bound in two contexts for the same thing is listed once.
                if !entries[line].keys.split(separator: " ").contains(Substring(binding.keyLabel)) { entries[line].keys += " " + binding.keyLabel }
            } else {
                entries.append((binding.keyLabel, binding.helpGroup ?? binding.help, binding.helpGroup))
            }
        }
        let filters = SearchQueryHelp.filters.map { Line(keys: "", help: "  " + $0) }
        return entries.map { Line(keys: $0.keys, help: $0.help) }
            + [Line(keys: "", help: ""), Line(keys: "", help: "In search: ↑/↓ move, Enter opens, Esc returns, C-u clears.")]
            + [Line(keys: "", help: "Search filters narrow a query (topic:ebpf org:intel):")] + filters
            + [Line(keys: "", help: "Mouse: a click selects, the wheel scrolls.")]
    }

    /// The box and the rows inside it for this screen, shared with the reducer's scrolling.
    static func geometry(browser: Browser, layout: ScreenLayout) -> (box: Rect, inner: Rect, keyColumn: Int, lines: [Line])? {
        var lines = lines(browser: browser)
        let keyColumn = (lines.map { TextWidth.width(of: $0.keys) }.max() ?? 6) + 2
        let widest = lines.map { ($0.keys.isEmpty ? 0 : keyColumn) + TextWidth.width(of: $0.help) }.max() ?? 40
        let width = min(layout.body.width - 4, widest + 4)
        // A narrow screen (40×12) wraps what does not fit rather than cutting it.
        let room = width - 4
        lines = lines.flatMap { line -> [Line] in
            let indent = line.keys.isEmpty ? 0 : keyColumn
            let pieces = TextWidth.wrap(line.help, to: max(8, room - indent))
            guard pieces.count > 1 else { return [line] }
            return [Line(keys: line.keys, help: pieces[0])] + pieces.dropFirst().map { Line(keys: "", help: $0, continued: !line.keys.isEmpty) }
        }
        let height = min(layout.body.height, lines.count + 2)
        guard width >= 20, height >= 5 else { return nil }
        let box = Rect(x: (layout.size.columns - width) / 2, y: layout.body.y + (layout.body.height - height) / 2, width: width, height: height)
        return (box, Rect(x: box.x + 2, y: box.y + 1, width: width - 4, height: height - 2), keyColumn, lines)
    }

    /// The first line shown, kept so the last screenful ends at the last line.
    static func clampedScroll(_ scroll: Int, browser: Browser, layout: ScreenLayout) -> Int {
        geometry(browser: browser, layout: layout).map { clamped(scroll, lines: $0.lines.count, rows: $0.inner.height) } ?? 0
    }

    private static func clamped(_ scroll: Int, lines: Int, rows: Int) -> Int {
        min(max(0, scroll), max(0, lines - rows))
    }

    static func draw(browser: Browser, state: AppState, layout: ScreenLayout, into buffer: inout CellBuffer) {
        guard let (box, inner, keyColumn, lines) = geometry(browser: browser, layout: layout) else { return }
        OverlayBox.draw(box, title: "Keys", into: &buffer)
        let scroll = clamped(state.helpScroll, lines: lines.count, rows: inner.height)
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

/// The search filters, as the help and the search pane's hint name them.
enum SearchQueryHelp {
    static let filters = [
        "speaker:NAME   org:COMPANY   track:NAME   topic:NAME",
        "room:NAME   day:2 or day:tue or day:2023-09-26   lang:zh",
    ]
}

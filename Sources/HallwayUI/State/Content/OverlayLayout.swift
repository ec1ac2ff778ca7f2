import ScheduleKit

/// Where the overlays sit on a screen, from the layout alone: the reducer scrolls them and the
/// views draw them from the same answer, so the reducer never asks a view.

/// `f`'s box and the rows inside it for the lines.
struct FilterBox {
    let box: Rect
    let inner: Rect

    init?(_ layout: ScreenLayout, count: Int) {
        let width = min(layout.body.width - 2, 64)
        let height = min(layout.body.height, count + 4)
        guard width >= 24, height >= 5 else { return nil }
        box = Rect(x: (layout.size.columns - width) / 2, y: layout.body.y + (layout.body.height - height) / 2, width: width, height: height)
        inner = Rect(x: box.x + 2, y: box.y + 1, width: width - 4, height: height - 3)
    }

    static func visibleRows(_ layout: ScreenLayout, count: Int) -> Int {
        FilterBox(layout, count: count)?.inner.height ?? 1
    }
}

/// `?`'s lines (every key binding with its help text, from the key map, and the search
/// filters), wrapped to the box they fit in on this screen.
struct HelpPage {
    struct Line {
        var keys: String
        var help: String
        /// The rest of a help text wrapped onto another line, under its first.
        var continued = false
    }

    let box: Rect
    let inner: Rect
    let keyColumn: Int
    let lines: [Line]

    init?(browser: Browser, layout: ScreenLayout) {
        var lines = Self.lines(browser: browser)
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
        box = Rect(x: (layout.size.columns - width) / 2, y: layout.body.y + (layout.body.height - height) / 2, width: width, height: height)
        inner = Rect(x: box.x + 2, y: box.y + 1, width: width - 4, height: height - 2)
        self.keyColumn = keyColumn
        self.lines = lines
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

    /// The first line shown, kept so the last screenful ends at the last line.
    func clamped(_ scroll: Int) -> Int {
        min(max(0, scroll), max(0, lines.count - inner.height))
    }

    static func clampedScroll(_ scroll: Int, browser: Browser, layout: ScreenLayout) -> Int {
        HelpPage(browser: browser, layout: layout)?.clamped(scroll) ?? 0
    }
}

/// The search filters, as the help and the search pane's hint name them.
enum SearchQueryHelp {
    static let filters = [
        "speaker:NAME   org:COMPANY   track:NAME   topic:NAME",
        "room:NAME   day:2 or day:tue or day:2023-09-26   lang:zh",
    ]
}

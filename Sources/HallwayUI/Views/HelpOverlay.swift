/// `?`: every key binding with its help text, drawn from the key map.
enum HelpOverlay {
    static func draw(browser: Browser, layout: ScreenLayout, into buffer: inout CellBuffer) {
        var entries: [(keys: String, help: String, group: String?)] = []
        for binding in browser.keyMap.bindings where binding.context != .help && binding.context != .search {
            if let group = binding.helpGroup, let line = entries.firstIndex(where: { $0.group == group }) {
                entries[line].keys += " " + binding.keyLabel
            } else {
                entries.append((binding.keyLabel, binding.helpGroup ?? binding.help, binding.helpGroup))
            }
        }
        let keyColumn = (entries.map { TextWidth.width(of: $0.keys) }.max() ?? 6) + 2
        let width = min(layout.body.width - 4, 64)
        let extras = ["in search: ↑/↓ move, Enter opens, Esc returns, C-u clears",
                      "mouse: click selects, the wheel scrolls"]
        let height = min(layout.body.height, entries.count + extras.count + 2)
        guard width >= 20, height >= 5 else { return }
        let box = Rect(x: (layout.size.columns - width) / 2, y: layout.body.y + (layout.body.height - height) / 2, width: width, height: height)
        buffer.fill(box, role: .normal)
        let horizontal = String(repeating: "─", count: width - 2)
        buffer.write("┌" + horizontal + "┐", x: box.x, y: box.y, role: .border)
        buffer.write("└" + horizontal + "┘", x: box.x, y: box.maxY - 1, role: .border)
        for y in (box.y + 1)..<(box.maxY - 1) {
            buffer.write("│", x: box.x, y: y, role: .border)
            buffer.write("│", x: box.maxX - 1, y: y, role: .border)
        }
        buffer.write(" Keys ", x: box.x + 2, y: box.y, role: .heading)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: width - 4, height: height - 2)
        let lines: [(keys: String, help: String)] = entries.map { ($0.keys, $0.help) } + extras.map { ("", $0) }
        for (row, line) in lines.prefix(inner.height).enumerated() {
            let y = inner.y + row
            buffer.write(line.keys, x: inner.x, y: y, role: .footerKey, clip: inner)
            buffer.writeFitted(line.help, x: inner.x + (line.keys.isEmpty ? 0 : keyColumn), y: y, width: inner.width - keyColumn, role: line.keys.isEmpty ? .dim : .normal)
        }
        if lines.count > inner.height {
            buffer.writeFitted("… \(lines.count - inner.height + 1) more: enlarge the window", x: inner.x, y: inner.maxY - 1, width: inner.width, role: .dim)
        }
    }
}

/// The bottom row: the key hints of the current context, from the same table as the help.
enum FooterView {
    static func hints(for state: AppState, browser: Browser) -> [(keys: String, hint: String)] {
        if state.showHelp {
            return browser.keyMap.bindings.filter { $0.context == .help }.compactMap { binding in binding.hint.map { (binding.keyLabel, $0) } }
        }
        let contexts = browser.contexts(for: state)
        var hints: [(keys: String, hint: String)] = contexts == [.search] ? [] : [(viewKeys(browser.views(state)), KeyMap.viewKeysHint.hint)]
        for binding in browser.keyMap.bindings where contexts.contains(binding.context) {
            guard let hint = binding.hint else { continue }
            // "Enter jump" only where the cursor is on something to jump to.
            if binding.context == .detail, binding.action == .open, browser.detailCursorLine(state)?.isFollowable != true { continue }
            if binding.action == .back, binding.context != .search, state.history.isEmpty, state.focus == .groups { continue }
            if binding.action == .refreshProgram, !state.canRefresh { continue }
            if binding.context == .grid, browser.catalog.gridDays.count < 2 { continue }
            if hints.contains(where: { $0.hint == hint }) { continue }
            hints.append((binding.keyLabel, hint))
        }
        return hints
    }

    /// "1-6", or "1-4,6" where a view is not offered (the kiosk has no My agenda).
    static func viewKeys(_ views: [ViewKind]) -> String {
        var runs: [ClosedRange<Int>] = []
        for number in views.map(\.rawValue) {
            if let last = runs.last, last.upperBound + 1 == number { runs[runs.count - 1] = last.lowerBound...number } else { runs.append(number...number) }
        }
        return runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }

    static func draw(_ state: AppState, browser: Browser, layout: ScreenLayout, into buffer: inout CellBuffer) {
        let row = layout.footer
        buffer.fill(row, role: .footerText)
        if let terminal = state.undrawnTerminal {
            let drawn = state.size
            _ = buffer.write("The terminal is \(terminal.columns)×\(terminal.rows); Hallway draws its top-left \(drawn.columns)×\(drawn.rows)",
                         x: row.x + 1, y: row.y, role: .footerText)
            return
        }
        var column = row.x + 1
        // "? help" and "q quit" always show: when the row is short, hints before them give way.
        let all = hints(for: state, browser: browser)
        let essential = all.filter { $0.hint == "help" || $0.hint == "quit" }
        let essentialWidth = essential.reduce(0) { $0 + TextWidth.width(of: $1.keys) + TextWidth.width(of: $1.hint) + 3 }
        var kept: [(keys: String, hint: String)] = []
        var used = 0
        for hint in all where !essential.contains(where: { $0 == hint }) {
            let width = TextWidth.width(of: hint.keys) + TextWidth.width(of: hint.hint) + 3
            if used + width + essentialWidth > row.width - 2 { break }
            kept.append(hint)
            used += width
        }
        for (keys, hint) in kept + essential {
            let width = TextWidth.width(of: keys) + 1 + TextWidth.width(of: hint)
            guard column + width <= row.maxX - 1 else { break }
            column += buffer.write(keys, x: column, y: row.y, role: .footerKey)
            column += buffer.write(" " + hint, x: column, y: row.y, role: .footerText)
            column += 2
        }
    }
}

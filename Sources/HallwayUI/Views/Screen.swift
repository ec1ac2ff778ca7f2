extension Browser {
    /// The whole screen for `state`: a pure function, so what tests and `hallway render` see is
    /// exactly what the terminal gets.
    public func render(_ state: AppState) -> CellBuffer {
        var buffer = CellBuffer(size: state.size)
        let layout = layout(state)
        // The booth's board fits any size (it drops the big clock first), so it never says "too small".
        if let kiosk = state.kiosk, kiosk.showingAttract {
            AttractView.draw(kiosk, state, browser: self, into: &buffer)
            return buffer
        }
        if layout.isTooSmall {
            // Wrapped, so even a narrow window reads the whole message, the size it needs included.
            let message = "Terminal too small: \(state.size.columns)×\(state.size.rows). Hallway needs \(ScreenLayout.minimum.columns)×\(ScreenLayout.minimum.rows)."
            let lines = TextWidth.wrap(message, to: max(1, state.size.columns))
            let top = max(0, (state.size.rows - lines.count) / 2)
            for (number, line) in lines.enumerated() {
                buffer.writeFitted(line, x: 0, y: top + number, width: state.size.columns, role: .warning)
            }
            return buffer
        }
        HeaderView.draw(state, catalog: catalog, layout: layout, into: &buffer)
        if let search = state.search {
            SearchPaneView.draw(search, state, browser: self, layout: layout, into: &buffer)
        } else if state.view == .grid {
            GridView.draw(state, browser: self, layout: layout, into: &buffer)
        } else if layout.sideBySide {
            drawPane(.groups, state, layout, titled: true, &buffer)
            drawPane(.sessions, state, layout, titled: true, &buffer)
            drawPane(.detail, state, layout, titled: true, &buffer)
            for pane in [Pane.groups, .sessions] {
                let x = layout.panes[pane]!.maxX
                for y in layout.body.y..<layout.body.maxY { buffer.write("│", x: x, y: y, role: .border) }
            }
        } else {
            drawBreadcrumb(state, layout, &buffer)
            for pane in Pane.allCases where layout.panes[pane] != nil {
                drawPane(pane, state, layout, titled: layout.isTitled(pane), &buffer)
            }
        }
        FooterView.draw(state, browser: self, layout: layout, into: &buffer)
        if state.filterPane != nil { FilterOverlay.draw(browser: self, state: state, layout: layout, into: &buffer) }
        if state.showShareCode { ShareCodeView.draw(browser: self, state: state, layout: layout, into: &buffer) }
        if state.showHelp { HelpOverlay.draw(browser: self, state: state, layout: layout, into: &buffer) }
        if let seconds = state.kiosk?.secondsBeforeReset(now: state.now) {
            drawCountdown(seconds, layout, &buffer)
        }
        return buffer
    }

    /// The idle warning as a box in the middle of the screen that clears what it covers, so no
    /// fragment of the row beneath shows beside it.
    private func drawCountdown(_ seconds: Int, _ layout: ScreenLayout, _ buffer: inout CellBuffer) {
        let lines = ["Still there?", "Back to the start in \(seconds) s", "press any key to stay"]
        let inner = min(layout.size.columns - 4, lines.map { TextWidth.width(of: $0) }.max()! + 2)
        guard inner > 0 else { return }
        let box = Rect(x: (layout.size.columns - inner - 2) / 2, y: max(0, (layout.size.rows - lines.count - 2) / 2),
                       width: inner + 2, height: lines.count + 2)
        buffer.fill(box, role: .warning)
        buffer.write("┌" + String(repeating: "─", count: inner) + "┐", x: box.x, y: box.y, role: .warning)
        buffer.write("└" + String(repeating: "─", count: inner) + "┘", x: box.x, y: box.maxY - 1, role: .warning)
        for (number, line) in lines.enumerated() {
            let y = box.y + 1 + number
            buffer.write("│", x: box.x, y: y, role: .warning)
            buffer.write("│", x: box.maxX - 1, y: y, role: .warning)
            let width = TextWidth.width(of: line)
            buffer.writeFitted(line, x: box.x + 1 + max(0, (inner - width) / 2), y: y, width: min(width, inner), role: .warning)
        }
    }

    private func drawPane(_ pane: Pane, _ state: AppState, _ layout: ScreenLayout, titled: Bool, _ buffer: inout CellBuffer) {
        guard let rect = layout.panes[pane], let content = layout.content(of: pane) else { return }
        switch pane {
        case .groups: ListPaneView.drawGroups(state, browser: self, rect: rect, content: content, titled: titled, into: &buffer)
        case .sessions: ListPaneView.drawSessions(state, browser: self, rect: rect, content: content, titled: titled, into: &buffer)
        case .detail: DetailPaneView.draw(state, browser: self, rect: rect, content: content, titled: titled, into: &buffer)
        }
    }

    /// "Speakers › Zhonghu Xu 徐中虎 › Istio数据…", the path to the pane a narrow screen shows.
    private func drawBreadcrumb(_ state: AppState, _ layout: ScreenLayout, _ buffer: inout CellBuffer) {
        guard let whole = layout.breadcrumb else { return }
        var parts = ["\(state.view.title) (\(titleCount(state)))"]
        if state.focus != .groups, let group = selectedGroup(state) { parts.append("\(group.title) (\(group.sessionCount))") }
        if state.focus == .detail, let session = selectedSession(state) { parts.append(session.displayTitle) }
        buffer.fill(whole, role: .paneTitle)
        var end = whole.maxX
        if state.focus == .detail {
            // Where in the details the reader is, as the wide layout's title row says it.
            if let text = state.position.detail.positionText(count: detailLines(state).count, height: layout.visibleRows(of: .detail)) {
                let indicator = " \(text) "
                end -= TextWidth.width(of: indicator)
                buffer.write(indicator, x: end, y: whole.y, role: .paneTitle)
            }
        }
        let row = Rect(x: whole.x, y: whole.y, width: end - whole.x, height: 1)
        var column = row.x + 1
        for (number, part) in parts.enumerated() {
            let isLast = number == parts.count - 1
            let remaining = row.maxX - column - 1
            guard remaining > 0 else { break }
            // Earlier parts give up room first so the current one stays readable.
            let share = isLast ? remaining : min(TextWidth.width(of: part), max(8, remaining / 3))
            let text = TextWidth.truncate(part, to: share)
            column += buffer.write(text, x: column, y: row.y, role: isLast ? .paneTitleFocused : .paneTitle)
            if !isLast { column += buffer.write(" › ", x: column, y: row.y, role: .paneTitle) }
        }
    }
}

import ScheduleKit

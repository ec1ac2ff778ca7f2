import ScheduleKit

/// `/`: the query line, a status line, the results with their matches marked, and on wide
/// screens the selected result's details beside them.
enum SearchPaneView {
    static let hint = "Search titles, speakers, organisations, tracks, topics, rooms, summaries · filters: speaker: org: track: topic: room: day:"

    static func draw(_ search: SearchState, _ state: AppState, browser: Browser, layout: ScreenLayout, into buffer: inout CellBuffer) {
        let pane = SearchPaneLayout(layout)
        drawInput(search, pane.input, &buffer)
        drawStatus(search, pane.status, &buffer)
        let query = search.results?.query ?? SearchQuery(search.query)
        let rows = search.rows
        // Each result row marks its own selection (its matches stay marked inside it).
        ListWidget.draw(search.list, count: rows.count, in: pane.list, selection: nil, into: &buffer) { index, y, buffer in
            drawRow(rows[index], query: query, selected: index == search.list.selected, browser: browser, state: state,
                    rect: Rect(x: pane.list.x, y: y, width: pane.list.width, height: 1), &buffer)
        }
        // The details of the selected result, beside the list; with nothing found (or nothing
        // typed yet) there is nothing to divide, and a rule down an empty screen reads as a fault.
        if let detail = pane.detail, rows.indices.contains(search.list.selected) {
            for y in pane.list.y..<pane.list.maxY { buffer.write("│", x: detail.x - 1, y: y, role: .border) }
            drawPreview(rows[search.list.selected], state, browser: browser, rect: detail, &buffer)
        }
    }

    private static func drawInput(_ search: SearchState, _ row: Rect, _ buffer: inout CellBuffer) {
        buffer.fill(row, role: .paneTitleFocused)
        var column = row.x + 1
        column += buffer.write("/ ", x: column, y: row.y, role: .paneTitleFocused)
        // Typed text is sanitised like any other; long queries show their end, where typing happens.
        var text = search.query
        let room = row.maxX - column - 2
        if TextWidth.width(of: text) > room {
            while TextWidth.width(of: text) > room - 1, !text.isEmpty { text.removeFirst() }
            text = "…" + text
        }
        column += buffer.write(text, x: column, y: row.y, role: .paneTitleFocused)
        buffer.write(" ", x: column, y: row.y, role: .selected)
    }

    private static func drawStatus(_ search: SearchState, _ row: Rect, _ buffer: inout CellBuffer) {
        if search.wasCut {
            buffer.writeFitted(" The query stops at \(SearchState.maximumQueryLength) characters; the rest was left out",
                               x: row.x, y: row.y, width: row.width, role: .warning)
            return
        }
        guard let results = search.results else {
            buffer.writeFitted(" " + hint, x: row.x, y: row.y, width: row.width, role: .dim)
            return
        }
        if results.sessions.isEmpty {
            var text = " No sessions match “\(search.query)”"
            if let suggestion = results.suggestion { text += " · closest: \(suggestion)" }
            buffer.writeFitted(text, x: row.x, y: row.y, width: row.width, role: .warning)
            return
        }
        // Count every kind of row the list shows, so the numbers add up to what is on screen.
        func counted(_ count: Int, _ one: String, _ many: String) -> String? { count == 0 ? nil : "\(count) \(count == 1 ? one : many)" }
        let speakers = results.entities.filter { if case .speaker = $0 { true } else { false } }.count
        let topics = results.entities.filter { if case .topic = $0 { true } else { false } }.count
        let tracks = results.entities.count - speakers - topics
        let parts = [counted(results.sessions.count, "session", "sessions"), counted(speakers, "speaker", "speakers"),
                     counted(topics, "topic", "topics"), counted(tracks, "track", "tracks")].compactMap { $0 }
        var text = " " + parts.joined(separator: ", ")
        if results.sessions.contains(where: \.viaTypo) { text += " · ~ marks a near match" }
        buffer.writeFitted(text, x: row.x, y: row.y, width: row.width, role: .dim)
    }

    private static func drawRow(_ row: SearchRow, query: SearchQuery, selected: Bool, browser: Browser, state: AppState, rect: Rect,
                                _ buffer: inout CellBuffer) {
        let base: StyleRole = selected ? .selected : .normal
        buffer.fill(rect, role: base)
        var column = rect.x + 1
        let end = rect.maxX - 1
        switch row {
        case .entity(let entity):
            let (kind, name, detail, count) = describe(entity, browser.index)
            column += buffer.write(kind + " ", x: column, y: rect.y, role: selected ? base : .accent, clip: rect)
            column += writeHighlighted(name, query: query, x: column, y: rect.y, width: end - column, base: base, &buffer)
            let tail = (detail.map { " · \($0)" } ?? "") + " · \(count) \(count == 1 ? "session" : "sessions")"
            buffer.writeFitted(tail, x: column, y: rect.y, width: max(0, end - column), role: selected ? base : .dim)
        case .session(let hit):
            let session = browser.index.sessions[hit.position]
            if hit.viaTypo { column += buffer.write("~", x: column, y: rect.y, role: selected ? base : .dim) }
            if state.stars.contains(session.id) { column += buffer.write("★ ", x: column, y: rect.y, role: selected ? base : .accent) }
            let mark = browser.changeMark(session)
            if !mark.isEmpty { column += buffer.write(mark, x: column, y: rect.y, role: selected ? base : .warning) }
            let title = session.displayTitle
            let titleRole: StyleRole = selected ? base : (session.cancelled ? .dim : session.hasKnownTitle ? .normal : .untitled)
            column += writeHighlighted(title, query: query, x: column, y: rect.y, width: end - column, base: titleRole, &buffer)
            let speakers = browser.index.speakers(of: session).map { $0.fullName }.joined(separator: ", ")
            if !speakers.isEmpty, end - column > 4 {
                column += buffer.write(" · ", x: column, y: rect.y, role: selected ? base : .dim, clip: rect)
                _ = writeHighlighted(speakers, query: query, x: column, y: rect.y, width: end - column, base: selected ? base : .dim, &buffer)
            }
        }
    }

    /// Writes `text` cut to `width`, with the query's matches in the match style. Returns columns used.
    private static func writeHighlighted(_ text: String, query: SearchQuery, x: Int, y: Int, width: Int, base: StyleRole, _ buffer: inout CellBuffer) -> Int {
        guard width > 0 else { return 0 }
        let shown = TextWidth.truncate(text, to: width)
        let marked = SearchHighlight.ranges(in: shown, for: query)
        var column = x
        for (index, character) in shown.enumerated() {
            // Inside the selection bar a match keeps the bar's colours, underlined and bold.
            let role: StyleRole = marked.contains { $0.contains(index) } ? (base == .selected ? .selectedMatch : .match) : base
            column += buffer.write(String(character), x: column, y: y, role: role)
        }
        return column - x
    }

    private static func describe(_ entity: SearchEntity, _ index: ScheduleIndex) -> (String, String, String?, Int) {
        switch entity {
        case .speaker(let id):
            let speaker = index.speaker(id: id)
            return ("speaker", speaker?.fullName ?? id, speaker?.organization.map { $0.qualifiedName }, index.sessionCount(speaker: id))
        case .topic(let id):
            return ("topic", index.topic(id: id)?.name ?? id, nil, index.sessionCount(topic: id))
        case .track(let id):
            return ("track", index.track(id: id)?.name ?? id, nil, index.sessionCount(track: id))
        }
    }

    private static func drawPreview(_ row: SearchRow, _ state: AppState, browser: Browser, rect: Rect, _ buffer: inout CellBuffer) {
        let lines: [DetailLine]
        switch row {
        case .session(let hit):
            lines = DetailContent.lines(for: browser.index.sessions[hit.position], in: browser.index, width: rect.width - 2, clock: state.clock)
        case .entity(let entity):
            let (kind, name, detail, _) = describe(entity, browser.index)
            let positions: [Int]
            switch entity {
            case .speaker(let id): positions = browser.index.positions(speaker: id)
            case .topic(let id): positions = browser.index.positions(topic: id)
            case .track(let id): positions = browser.index.positions(track: id)
            }
            lines = [DetailLine(name, .title), DetailLine(kind + (detail.map { " · \($0)" } ?? ""), .accent), DetailLine(""),
                     DetailLine("Sessions", .heading)]
                + positions.map { DetailLine(browser.index.sessions[$0].displayTitle, indent: 2) }
                + [DetailLine(""), DetailLine("Enter opens it in its view", .dim)]
        }
        for (offset, line) in lines.prefix(rect.height).enumerated() {
            buffer.write(line.text, x: rect.x + 1 + line.indent, y: rect.y + offset, role: line.role, clip: rect)
        }
    }
}

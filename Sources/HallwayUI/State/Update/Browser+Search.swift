import FoundationEssentials
import Glibc
import ScheduleKit

extension Browser {
    /// Applies an action while the search pane is open. Returns false for actions it leaves to
    /// the ordinary browser (quit, resize, the clock).
    func reduceSearch(_ state: inout AppState, _ action: Action) -> Bool {
        guard var search = state.search else { return false }
        switch action {
        case .type(let text):
            // A query has a length limit, so no paste or held key makes one search slow.
            let room = SearchState.maximumQueryLength - search.query.count
            search.query += text.prefix(max(0, room))
            search.wasCut = text.count > room
            rerun(&search, now: state.now)
        case .deleteBackward:
            if !search.query.isEmpty { search.query.removeLast() }
            search.wasCut = false
            rerun(&search, now: state.now)
        case .deleteWord:
            while search.query.last == " " { search.query.removeLast() }
            while let last = search.query.last, last != " " { search.query.removeLast() }
            rerun(&search, now: state.now)
        case .clearQuery:
            search.query = ""
            rerun(&search, now: state.now)
        case .move(let movement):
            let rows = search.rows
            search.list = moved(search.list, movement, times: 1, count: rows.count, visible: SearchPaneLayout(layout(state)).listRows) { _ in true }
        case .scroll(_, _, let lines):
            let rows = search.rows
            search.list = moved(search.list, lines > 0 ? .down : .up, times: abs(lines), count: rows.count, visible: SearchPaneLayout(layout(state)).listRows) { _ in true }
        case .click(_, let y):
            let pane = SearchPaneLayout(layout(state))
            let row = search.list.offset + y - pane.list.y
            guard pane.list.contains(x: pane.list.x, y: y), search.rows.indices.contains(row) else { break }
            search.list.selected = row
        case .back:
            remember(search, at: nil, in: &state)
            state.view = search.returnTo.view
            state.positions[search.returnTo.view] = search.returnTo.position
            state.search = nil
            return true
        case .open:
            let rows = search.rows
            guard rows.indices.contains(search.list.selected) else { break }
            state.search = nil
            state.history.append(search.returnTo)
            switch rows[search.list.selected] {
            case .session(let hit):
                remember(search, at: hit.position, in: &state)
                reveal(sessionAt: hit.position, preferring: search.returnTo.view, in: &state)
            case .entity(let entity):
                remember(search, at: nil, in: &state)
                show(entity, keeping: nil, in: &state)
            }
            return true
        case .quit, .resize, .tick, .toggleClock:
            return false
        default:
            break
        }
        state.search = search
        return true
    }

    func openSearch(_ state: inout AppState) {
        state.showHelp = false
        state.search = SearchState(returnTo: AppState.Place(view: state.view, position: state.position))
    }

    private func rerun(_ search: inout SearchState, now: Date) {
        let query = SearchQuery(search.query, now: now)
        search.results = query.isEmpty ? nil : engine.search(query)
        search.list = ListState()
    }

    /// Keeps the hits of a search for `n` and `N`.
    private func remember(_ search: SearchState, at position: Int?, in state: inout AppState) {
        guard let results = search.results, !results.sessions.isEmpty else { return }
        let positions = results.sessions.map(\.position)
        state.lastSearch = LastSearch(query: search.query, positions: positions,
                                      current: position.flatMap { positions.firstIndex(of: $0) } ?? -1)
    }

    /// `n` / `N`: the next or previous hit of the last search, shown in the current view.
    func stepThroughHits(_ state: inout AppState, forward: Bool) {
        guard var last = state.lastSearch, !last.positions.isEmpty else { return }
        let count = last.positions.count
        last.current = forward ? (last.current + 1) % count : ((last.current < 0 ? 0 : last.current) - 1 + count) % count
        state.lastSearch = last
        reveal(sessionAt: last.positions[last.current], preferring: state.view, in: &state)
    }

    /// Shows a session with its details, in `view` when it has a place there (a session without
    /// a track has none in Tracks, say), else in the first view that has one.
    public func reveal(sessionAt position: Int, preferring view: ViewKind, in state: inout AppState) {
        // From the grid a hit is shown in the grid, in its room at its time: `/room:saal 6`
        // then Enter is the way to a room by name in a program of a hundred rooms.
        if view == .grid, selectInGrid(position, &state) { return }
        // My agenda and Changes are lists of the person's own; a hit is shown in the program's views.
        for candidate in ([view] + ViewKind.allCases).filter({ $0 != .agenda && $0 != .changes }) {
            for (groupIndex, group) in groups(of: candidate, in: state).enumerated() where group.rows.contains(.session(position)) {
                var place = ViewPosition()
                place.groups.selected = groupIndex
                place.focus = .detail
                place.reachedByJump = true
                state.view = candidate
                state.positions[candidate] = place
                let row = sessionRow(of: position, in: state) ?? 0
                state.positions[candidate]?.sessions.selected = row
                return
            }
        }
        if !state.filter.admits(index.sessions[position]) {
            state.programNotice = ProgramNotice("hidden by the filter; f shows it again", isWarning: true)
        }
    }
}

/// Where the search pane's parts go: the query line, the results, and (on wide screens) the
/// selected result's details beside them.
struct SearchPaneLayout {
    let input: Rect
    let status: Rect
    let list: Rect
    let detail: Rect?

    init(_ layout: ScreenLayout) {
        let body = layout.body
        input = body.row(0)
        status = body.row(1)
        let results = body.droppingTop(2)
        if layout.sideBySide {
            let listWidth = body.width * 55 / 100
            list = Rect(x: body.x, y: results.y, width: listWidth, height: results.height)
            detail = Rect(x: body.x + listWidth + 1, y: results.y, width: body.width - listWidth - 1, height: results.height)
        } else {
            list = results
            detail = nil
        }
    }

    var listRows: Int { max(1, list.height) }
}

import FoundationEssentials
import Glibc
import ScheduleKit

/// Moving through the panes: the cursor, focus, following what the details point to, going
/// back, the mouse.
extension Browser {
    func reduceNavigation(_ state: inout AppState, _ action: Action, effects: inout [Effect]) -> Bool {
        // With the help open, moving scrolls the help (reduce does that).
        if case .move = action, state.showHelp { return false }
        switch action {
        case .move(let movement):
            state.position.reachedByJump = false
            move(&state, pane: state.focus, movement)
        case .focusRight:
            state.position.reachedByJump = false
            focusRight(&state)
        case .focusLeft:
            state.position.reachedByJump = false
            focusLeft(&state)
        case .open:
            if state.focus == .detail {
                let line = detailCursorLine(state)
                if let target = line?.target {
                    jump(&state, to: target)
                } else if let link = line?.link {
                    if state.kiosk == nil { effects.append(.openLink(link)) }
                }
            } else {
                focusRight(&state)
            }
        case .nextFollowable, .previousFollowable:
            // From the list as well: the details open on their first followable line.
            if state.focus != .detail { focusRight(&state); focusRight(&state) }
            guard state.focus == .detail else { break }
            let lines = detailLines(state)
            let here = state.position.detail.selected
            let forward = action == .nextFollowable
            let candidates = forward ? Array(lines.indices.filter { $0 > here }) : Array(lines.indices.filter { $0 < here }.reversed())
            // A wrapped address is one stop, not one a line.
            let stops = candidates.filter { lines[$0].isFollowable && !($0 > 0 && lines[$0].link != nil && lines[$0 - 1].link == lines[$0].link) }
            if let next = stops.first {
                state.position.detail.selected = next
                state.position.detail.clamp(count: lines.count, visibleRows: layout(state).visibleRows(of: .detail))
            }
        case .back:
            if let place = state.history.popLast() {
                state.view = place.view
                state.positions[place.view] = place.position
            } else {
                focusLeft(&state)
            }
        case .click(let x, let y):
            click(&state, x: x, y: y)
        case .scroll(let x, let y, let lines):
            let layout = layout(state)
            if let pane = layout.panes.first(where: { $0.value.contains(x: x, y: y) })?.key {
                move(&state, pane: pane, lines > 0 ? .down : .up, times: abs(lines))
            }
        default:
            return false
        }
        return true
    }

    func settle(_ list: ListState, count: Int, visibleRows: Int, selectable: (Int) -> Bool) -> ListState {
        var list = list
        list.clamp(count: count, visibleRows: visibleRows)
        if count > 0, !selectable(list.selected) {
            if let next = (list.selected..<count).first(where: selectable) ?? (0..<list.selected).reversed().first(where: selectable) {
                list.selected = next
            }
            list.clamp(count: count, visibleRows: visibleRows)
        }
        return list
    }

    func move(_ state: inout AppState, pane: Pane, _ movement: Movement, times: Int = 1) {
        let layout = layout(state)
        let visible = layout.visibleRows(of: pane)
        var position = state.position
        switch pane {
        case .groups:
            let next = moved(position.groups, movement, times: times, count: groups(state).count, visible: visible) { _ in true }
            position.selectGroup(next.selected)
            position.groups = next
        case .sessions:
            let rows = sessionRows(state)
            let next = moved(position.sessions, movement, times: times, count: rows.count, visible: visible) { rows[$0].sessionPosition != nil }
            position.selectSession(next.selected)
            position.sessions = next
        case .detail:
            let lines = detailLines(state)
            position.detail = moved(position.detail, movement, times: times, count: lines.count, visible: visible) { !lines[$0].text.isEmpty }
        }
        state.position = position
    }

    func moved(_ list: ListState, _ movement: Movement, times: Int, count: Int, visible: Int,
                       selectable: (Int) -> Bool) -> ListState {
        guard count > 0 else { return ListState() }
        var list = list
        let page = max(1, visible)
        let step: Int
        switch movement {
        case .up: step = -times
        case .down: step = times
        case .pageUp: step = -page
        case .pageDown: step = page
        case .halfPageUp: step = -max(1, page / 2)
        case .halfPageDown: step = max(1, page / 2)
        case .top:
            list.selected = (0..<count).first(where: selectable) ?? 0
            list.clamp(count: count, visibleRows: visible)
            return list
        case .bottom:
            list.selected = (0..<count).reversed().first(where: selectable) ?? count - 1
            list.clamp(count: count, visibleRows: visible)
            return list
        }
        var target = min(max(0, list.selected + step), count - 1)
        if !selectable(target) {
            let forward = step > 0
            let ahead = forward ? Array(target..<count) : Array((0...target).reversed())
            let behind = forward ? Array((0..<target).reversed()) : Array(target..<count)
            target = ahead.first(where: selectable) ?? behind.first(where: selectable) ?? list.selected
        }
        let previous = list.selected
        list.selected = target
        if movement == .pageDown || movement == .pageUp || movement == .halfPageUp || movement == .halfPageDown {
            // Paging moves the view with the selection, as pagers do.
            list.offset += target - previous
        }
        list.clamp(count: count, visibleRows: visible)
        return list
    }

    func focusRight(_ state: inout AppState) {
        switch state.focus {
        case .groups:
            if sessionRows(state).contains(where: { $0.sessionPosition != nil }) { state.focus = .sessions }
        case .sessions:
            if selectedSession(state) != nil {
                state.focus = .detail
                state.position.detail = ListState()
            }
        case .detail:
            break
        }
    }

    func focusLeft(_ state: inout AppState) {
        switch state.focus {
        case .groups: break
        case .sessions: state.focus = .groups
        case .detail: state.focus = .sessions
        }
    }

    /// Enter on a speaker, topic or track in the details: show it, keeping the session it came
    /// from selected there; Esc returns.
    func jump(_ state: inout AppState, to target: SearchEntity) {
        let origin = AppState.Place(view: state.view, position: state.position)
        if show(target, keeping: selectedSession(state)?.id, in: &state) { state.history.append(origin) }
    }

    /// Shows a speaker, topic or track in its own view with its sessions focused; the session
    /// `sessionID`, when it is among them, selected. False when the program has no such group.
    @discardableResult
    func show(_ entity: SearchEntity, keeping sessionID: String?, in state: inout AppState) -> Bool {
        guard let (view, groupPosition) = locate(entity.subject, in: state) else { return false }
        var position = ViewPosition()
        position.groups.selected = groupPosition
        position.focus = .sessions
        position.reachedByJump = true
        state.view = view
        state.position = position
        // A session not among the group's starts the list at its first session (normalize settles it).
        state.position.sessions.selected = sessionID.flatMap(index.position(ofSession:)).flatMap { sessionRow(of: $0, in: state) } ?? 0
        return true
    }

    func click(_ state: inout AppState, x: Int, y: Int) {
        let layout = layout(state)
        if layout.header.contains(x: x, y: y) {
            if let view = HeaderView.tabs(for: state, catalog: catalog, width: layout.size.columns).first(where: { $0.columns.contains(x) })?.view {
                state.view = view
            }
            return
        }
        guard let pane = layout.panes.first(where: { $0.value.contains(x: x, y: y) })?.key,
              let content = layout.content(of: pane), content.contains(x: x, y: y) else { return }
        var position = state.position
        let row = y - content.y
        switch pane {
        case .groups:
            let target = position.groups.offset + row
            guard target < groups(state).count else { return }
            position.selectGroup(target)
        case .sessions:
            let rows = sessionRows(state)
            let target = position.sessions.offset + row
            guard rows.indices.contains(target), rows[target].sessionPosition != nil else { return }
            position.selectSession(target)
        case .detail:
            let lines = detailLines(state)
            let target = position.detail.offset + row
            guard lines.indices.contains(target), !lines[target].text.isEmpty else { return }
            position.detail.selected = target
        }
        position.focus = pane
        state.position = position
    }
}

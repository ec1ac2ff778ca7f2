import ScheduleKit

/// The groups pane and the sessions pane.
enum ListPaneView {
    static func drawGroups(_ state: AppState, browser: Browser, rect: Rect, content: Rect, titled: Bool, into buffer: inout CellBuffer) {
        let groups = browser.groups(state)
        let focused = state.focus == .groups
        if titled {
            ListWidget.drawTitle("\(state.view.title) (\(browser.titleCount(state)))", focused: focused, rect: rect, into: &buffer)
        }
        if state.view == .changes, let digest = browser.changes {
            // Which release the changes are counted from.
            let note = "since " + ChangeText.release(digest.from, seenIn: state.localZone)
            if groups.count + 1 < content.height {
                buffer.writeFitted(" " + note, x: content.x, y: content.y + groups.count + 1, width: content.width, role: .dim)
            }
        }
        if state.view == .agenda {
            let agenda = browser.agenda(state)
            var notes: [String] = []
            if groups.isEmpty { notes += ["No starred sessions yet.", "Press s on a session to star it."] }
            if !agenda.conflicts.isEmpty { notes.append("! two stars at one time") }
            if agenda.missing > 0 {
                notes.append("\(agenda.missing) starred \(agenda.missing == 1 ? "session is" : "sessions are") no longer in the program")
            }
            for (number, note) in notes.enumerated() where groups.count + number < content.height {
                buffer.writeFitted(" " + note, x: content.x, y: content.y + groups.count + number, width: content.width, role: .dim)
            }
        }
        let list = state.position.groups
        ListWidget.draw(list, count: groups.count, in: content, selection: focused ? .selected : .selectedUnfocused, into: &buffer) { index, y, buffer in
            let group = groups[index]
            let count = String(group.sessionCount)
            let countWidth = TextWidth.width(of: count)
            let room = content.width - countWidth - 4
            let label = fittedFields(group.title, group.detail, width: room)
            let isSelected = index == list.selected
            buffer.writeFitted(" " + label, x: content.x, y: y, width: content.width - countWidth - 3, role: .normal)
            if case .track(let id) = group.subject, let color = browser.index.track(id: id)?.color.flatMap(DataColor.xterm256) {
                buffer.mark("▌", x: content.x, y: y, role: .accent, dataColor: color)
            }
            if group.detail != nil, !isSelected, TextWidth.width(of: label) > TextWidth.width(of: group.title) {
                // The organisation reads as secondary: dim it where it was drawn.
                let nameWidth = 1 + TextWidth.width(of: group.title)
                let detailWidth = TextWidth.width(of: label) - TextWidth.width(of: group.title)
                buffer.restyle(Rect(x: content.x + nameWidth, y: y, width: min(detailWidth, content.width - countWidth - 3 - nameWidth), height: 1), role: .dim)
            }
            buffer.writeFitted(count + " ", x: content.maxX - countWidth - 2, y: y, width: countWidth + 2, role: .dim)
        }
    }

    static func drawSessions(_ state: AppState, browser: Browser, rect: Rect, content: Rect, titled: Bool, into buffer: inout CellBuffer) {
        let rows = browser.sessionRows(state)
        let focused = state.focus == .sessions
        if titled {
            let group = browser.selectedGroup(state)
            let count = group?.sessionCount ?? 0
            ListWidget.drawTitle("\(group?.title ?? "Sessions") (\(count))", focused: focused, rect: rect, into: &buffer)
        }
        if rows.isEmpty {
            buffer.writeFitted(" No sessions", x: content.x, y: content.y, width: content.width, role: .dim)
            return
        }
        let list = state.position.sessions
        let zone = state.clock.zone(for: browser.index.conference)
        let showsTimes = state.view == .schedule || state.view == .agenda
        let conflicts = state.stars.isEmpty ? [:] : browser.agenda(state).conflicts
        // Sessions stay under their conference day; one that falls on another date in the zone shown says which.
        var groupDay: CivilDate?
        if case .day(let day)? = browser.selectedGroup(state)?.subject { groupDay = day }
        // What runs now and what starts next, marked by the style of their time (the shared computation).
        var running = Set<String>(), upcoming = Set<String>()
        if state.view == .schedule || state.view == .agenda {
            let board = NowAndNext(browser.index, at: state.now, among: rows.compactMap(\.sessionPosition))
            running = Set(board.rows.compactMap { $0.current?.session.id })
            if board.phase == .during { upcoming = Set(board.rows.compactMap { $0.next?.session.id }) }
        }
        ListWidget.draw(list, count: rows.count, in: content, selection: focused ? .selected : .selectedUnfocused, into: &buffer) { index, y, buffer in
            switch rows[index] {
            case .heading(let text):
                buffer.writeFitted(" ── \(text) ", x: content.x, y: y, width: content.width, role: .heading)
            case .note(let text, let role):
                buffer.writeFitted(" " + text, x: content.x, y: y, width: content.width, role: role)
            case .now(let text):
                let rule = String(repeating: "─", count: max(0, content.width - TextWidth.width(of: text) - 3))
                buffer.writeFitted(" \(text) \(rule)", x: content.x, y: y, width: content.width, role: .match)
            case .session(let position):
                let session = browser.catalog.session(at: position)
                var column = content.x + 1
                buffer.fill(Rect(x: content.x, y: y, width: content.width, height: 1), role: .normal)
                if let color = session.trackID.flatMap(browser.index.track(id:))?.color.flatMap(DataColor.xterm256) {
                    buffer.mark("▌", x: content.x, y: y, role: .accent, dataColor: color)
                }
                if showsTimes, let start = session.start {
                    let date = CivilDate(start, in: zone)
                    let shifted = groupDay.map { $0 != date } == true ? date.weekdayName.prefix(3) + " " : ""
                    let role: StyleRole = running.contains(session.id) ? .match : upcoming.contains(session.id) ? .heading
                        : browser.isOver(session, at: state.now) && groupDay == browser.today(state) ? .dim : .accent
                    column += buffer.write(shifted + SessionTimeText.hourMinute(start, in: zone), x: column, y: y, role: role)
                    column += buffer.write(" ", x: column, y: y, role: .normal)
                }
                // Starred sessions carry a star; two starred sessions at once are flagged on both rows.
                if state.stars.contains(session.id) {
                    column += buffer.write(conflicts[position] == nil ? "★ " : "! ", x: column, y: y, role: conflicts[position] == nil ? .accent : .warning)
                }
                let mark = browser.changeMark(session)
                if !mark.isEmpty { column += buffer.write(mark, x: column, y: y, role: .warning) }
                var titleEnd = content.maxX - 1
                if showsTimes, content.width >= 40, let room = browser.index.room(of: session) {
                    // Sessions at the same time differ by room, so the schedule names it.
                    let name = TextWidth.truncate(room.name, to: min(14, content.width / 4))
                    titleEnd -= TextWidth.width(of: name) + 1
                    buffer.write(name, x: titleEnd + 1, y: y, role: .dim)
                }
                // Cancelled talks, and today's that are over, read as past.
                let over = showsTimes && groupDay == browser.today(state) && browser.isOver(session, at: state.now)
                let role: StyleRole = session.cancelled || over ? .dim : session.hasKnownTitle ? .normal : .untitled
                buffer.writeFitted(session.displayTitle, x: column, y: y, width: titleEnd - column - 1, role: role)
            }
        }
    }

    /// "Name · Organisation" cut where a reader expects: whole words of the organisation with "…",
    /// or the name alone when not one word fits; never a separator left hanging before "…".
    static func fittedFields(_ title: String, _ detail: String?, width: Int) -> String {
        guard let detail else { return title }
        let full = title + " · " + detail
        if TextWidth.width(of: full) <= width { return full }
        let words = detail.split(separator: " ")
        for count in stride(from: words.count - 1, through: 1, by: -1) {
            let shortened = title + " · " + words.prefix(count).joined(separator: " ") + " …"
            if TextWidth.width(of: shortened) <= width { return shortened }
        }
        return title
    }
}

import Foundation
import ScheduleKit

/// The browser's behaviour: input events become actions through the key map, `reduce` turns
/// actions into new state, and `render` (in Views/) draws state. All pure; the terminal and the
/// clock are outside.
public struct Browser: Sendable {
    public let catalog: Catalog
    public let keyMap: KeyMap
    /// Built on first use: on 38C3 the index is a fifth of start-up (docs/PERFORMANCE.md).
    private let lazyEngine: Lazy<SearchEngine>
    private let details = Memo<DetailRequest, [DetailLine]>(capacity: 8)
    private let codes = Memo<CodeRequest, QRCode?>(capacity: 64)

    private struct CodeRequest: Hashable, Sendable {
        let url: String
        let quietZone: Int
    }
    private let filteredGroups = Memo<FilteredGroups, [GroupRow]>(capacity: 8)

    private struct FilteredGroups: Hashable, Sendable {
        let view: ViewKind
        let filter: ProgramFilter
    }

    /// What the selected session's details depend on.
    private struct DetailRequest: Hashable, Sendable {
        let session: String
        let width: Int
        let clock: ClockMode
        let starred: Bool
        let overlaps: [String]
    }

    public init(index: ScheduleIndex, keyMap: KeyMap = .standard, changes: ChangeDigest? = nil) {
        catalog = Catalog(index, changes: changes)
        lazyEngine = Lazy { SearchEngine(index) }
        self.keyMap = keyMap
    }

    public var engine: SearchEngine { lazyEngine.value }

    /// Makes what the first frame left for later (speakers and topics in order, the search index)
    /// on another thread, so the first search or visit to Speakers does not wait for it.
    public func prepareInBackground() {
        let (catalog, lazy) = (catalog, lazyEngine)
        Thread.detachNewThread {
            _ = catalog.groups(.speakers)
            _ = catalog.groups(.topics)
            _ = lazy.value
        }
    }

    public var index: ScheduleIndex { catalog.index }

    // MARK: Events to actions

    public func actions(for event: InputEvent, in state: AppState) -> [Action] {
        // In the kiosk every key, click or paste first counts as a visitor's presence (a key may
        // be part of the unlock sequence); on the attract board it only wakes the browser.
        if let kiosk = state.kiosk, let presence = Self.presence(of: event) {
            return kiosk.showingAttract ? [presence] : [presence] + actions(for: event, in: awake(state))
        }
        switch event {
        case .resize(let size): return [.resize(size)]
        case .tick(let date): return [.tick(date)]
        case .paste(let text):
            // A paste is a search: typed into the open pane, or opening it.
            if state.showHelp { return [] }
            return state.search != nil ? [.type(text)] : [.openSearch, .type(text)]
        case .mouse(let mouse):
            switch mouse.kind {
            case .press: return [.click(x: mouse.x, y: mouse.y)]
            case .wheelUp: return [.scroll(x: mouse.x, y: mouse.y, lines: -3)]
            case .wheelDown: return [.scroll(x: mouse.x, y: mouse.y, lines: 3)]
            }
        case .key(let key):
            if state.showHelp {
                // Any key closes the help; the help context names the ones the footer suggests.
                return [keyMap.action(for: key, in: [.help]) ?? .toggleHelp]
            }
            if state.filterPane != nil { return keyMap.action(for: key, in: [.filter]).map { [$0] } ?? [] }
            // Any key puts the code away.
            if state.showShareCode { return [.toggleShareCode] }
            if state.search != nil {
                if let action = keyMap.action(for: key, in: [.search]) { return [action] }
                if case .character(let character) = key { return [.type(String(character))] }
                return []
            }
            return keyMap.action(for: key, in: contexts(for: state)).map { [$0] } ?? []
        }
    }

    /// What a visitor's input says to the kiosk: someone is here (and, for a key, which one).
    private static func presence(of event: InputEvent) -> Action? {
        switch event {
        case .key(let key): .kioskKey(key)
        case .mouse, .paste: .kioskKey(nil)
        case .resize, .tick: nil
        }
    }

    /// The same state with the kiosk taken away, to map a key as the plain browser would.
    private func awake(_ state: AppState) -> AppState {
        var plain = state
        plain.kiosk = nil
        return plain
    }

    public func contexts(for state: AppState) -> [KeyContext] {
        if state.showHelp { return [.help] }
        if state.filterPane != nil { return [.filter] }
        if state.search != nil { return [.search] }
        if state.view == .grid { return [.grid, .lists, .everywhere] }
        return state.focus == .detail ? [.detail, .everywhere] : [.lists, .everywhere]
    }

    // MARK: Reading state

    public func layout(_ state: AppState) -> ScreenLayout {
        // The group count sizes the narrow screen's list above its preview; nothing else needs it,
        // so it is counted only then (layout is asked for many times an action).
        let kiosk = state.kiosk != nil
        let narrow = state.size.columns < (kiosk ? ScreenLayout.kioskSideBySideColumns : ScreenLayout.sideBySideColumns)
        return ScreenLayout(size: state.size, focus: state.focus, kiosk: kiosk,
                            groupCount: narrow && state.focus == .groups ? groups(state).count : nil)
    }

    public func views(_ state: AppState) -> [ViewKind] { ViewKind.offered(in: state, catalog: catalog) }

    public var changes: ChangeDigest? { catalog.changes }

    /// The groups pane's rows for the current view: fixed for most views, derived from the stars for My agenda.
    public func groups(_ state: AppState) -> [GroupRow] { groups(of: state.view, in: state) }

    /// A view's groups as they are shown: My agenda from the stars, the others with the filter applied.
    func groups(of view: ViewKind, in state: AppState) -> [GroupRow] {
        switch view {
        case .agenda: return AgendaRows.groups(Agenda(index, starred: state.stars), index: index)
        case .changes: return ChangeRows.groups(catalog.changes, stars: state.stars, index: index)
        case .grid: return []
        default:
            let groups = catalog.groups(view)
            guard !state.filter.isEmpty else { return groups }
            return filteredGroups.value(for: FilteredGroups(view: view, filter: state.filter)) { Self.filtered(groups, by: state.filter, in: index) }
        }
    }

    /// Where a jump to `subject` lands: the view and the group's position in it, as shown.
    func locate(_ subject: GroupRow.Subject, in state: AppState) -> (ViewKind, Int)? {
        for view in [ViewKind.tracks, .speakers, .topics, .schedule] {
            if let position = groups(of: view, in: state).firstIndex(where: { $0.subject == subject }) { return (view, position) }
        }
        return nil
    }

    public func selectedGroup(_ state: AppState) -> GroupRow? {
        let groups = groups(state)
        return groups.indices.contains(state.position.groups.selected) ? groups[state.position.groups.selected] : nil
    }

    /// A starred session starting within the reminder time, not yet reminded of: says so in the
    /// header and asks for the bell, once per session. Never in the kiosk, which keeps no stars.
    func remind(_ state: inout AppState) -> Bool {
        guard state.remindMinutes > 0, state.kiosk == nil, !state.stars.isEmpty else { return false }
        let horizon = state.now.addingTimeInterval(TimeInterval(state.remindMinutes * 60))
        // Keyed by session and start, so a starred talk that moved is reminded of at its new time;
        // a cancelled one never rings.
        let due = state.stars.compactMap(index.session(id:)).filter { session in
            guard let start = session.start, !session.cancelled, !state.reminded.contains(Self.reminderKey(session)) else { return false }
            return start > state.now && start <= horizon
        }.sorted { $0.start! < $1.start! }
        guard let first = due.first else { return false }
        state.reminded.formUnion(due.map(Self.reminderKey))
        let minutes = NowAndNext.minutes(from: state.now, to: first.start!)
        let room = index.room(of: first).map { " in \($0.name)" } ?? ""
        var text = "in \(minutes) min\(room): \(first.displayTitle)"
        // Starred talks that clash with it are named too: the reminder is when to choose.
        let position = index.position(ofSession: first.id)
        let clashing = position.flatMap { agenda(state).conflicts[$0] }?.map { index.sessions[$0] }.filter { !$0.cancelled } ?? []
        if !clashing.isEmpty {
            text += " ! clashes with " + clashing.map { session in
                session.displayTitle + (index.room(of: session).map { " (\($0.name))" } ?? "")
            }.joined(separator: ", ")
        }
        state.programNotice = ProgramNotice(text, isWarning: true)
        return true
    }

    static func reminderKey(_ session: Session) -> String {
        "\(session.id)@\(Int(session.start?.timeIntervalSince1970 ?? 0))"
    }

    /// The agenda of the current stars, for marks and conflicts.
    public func agenda(_ state: AppState) -> Agenda { Agenda(index, starred: state.stars) }

    /// The count in the groups pane's title: what the view lists, as validate counts it; in My
    /// agenda the starred sessions, not the days they fall on.
    func titleCount(_ state: AppState) -> Int {
        switch state.view {
        case .agenda: agenda(state).days.reduce(0) { $0 + $1.positions.count }
        case .changes: changes?.changes.count ?? 0
        default: groups(state).namedCount
        }
    }

    /// The sessions pane's rows: the group's sessions, under a speaker's page in the Speakers view.
    public func sessionRows(_ state: AppState) -> [SessionRow] {
        guard let group = selectedGroup(state) else { return [] }
        if state.view == .schedule || state.view == .agenda, case .day(let day) = group.subject, day == today(state) {
            return withNowDivider(group.rows, state)
        }
        guard case .speaker(let id) = group.subject, let speaker = index.speaker(id: id) else { return group.rows }
        let width = (layout(state).panes[.sessions]?.width ?? state.size.columns) - 2
        return SpeakerPage.rows(for: speaker, width: width) + group.rows
    }

    /// Where a session sits among a group's rows as the sessions pane shows them.
    func sessionRow(of sessionPosition: Int, in state: AppState) -> Int? {
        sessionRows(state).firstIndex(of: .session(sessionPosition))
    }

    public func selectedSession(_ state: AppState) -> Session? {
        if state.view == .grid { return state.grid.selected.map(catalog.session(at:)) }
        let rows = sessionRows(state)
        let selected = state.position.sessions.selected
        guard rows.indices.contains(selected), let position = rows[selected].sessionPosition else { return nil }
        return catalog.session(at: position)
    }

    public func detailLines(_ state: AppState) -> [DetailLine] {
        guard let session = selectedSession(state) else { return [] }
        let reserved = handOff(state).map { $0.code.width + 2 } ?? 0
        let starred = state.stars.contains(session.id)
        let overlaps = starred ? (index.position(ofSession: session.id).flatMap { agenda(state).conflicts[$0] } ?? []).map { index.sessions[$0] } : []
        let width = layout(state).detailTextWidth - reserved
        let request = DetailRequest(session: session.id, width: width, clock: state.clock, starred: starred, overlaps: overlaps.map(\.id))
        return details.value(for: request) {
            DetailContent.lines(for: session, in: index, width: width, clock: state.clock, starred: starred, overlaps: overlaps,
                                change: changes?.change(of: session.id))
        }
    }

    func shareCode(_ url: String, quietZone: Int = QRCode.quietZone) -> QRCode? {
        codes.value(for: CodeRequest(url: url, quietZone: quietZone)) { QRCode(url, quietZone: quietZone) }
    }

    /// The detail line under the cursor, when the detail pane has focus.
    public func detailCursorLine(_ state: AppState) -> DetailLine? {
        guard state.focus == .detail else { return nil }
        let lines = detailLines(state)
        return lines.indices.contains(state.position.detail.selected) ? lines[state.position.detail.selected] : nil
    }

    // MARK: Reduce

    /// Applies one action. The state is normalised afterwards, so every list selection is valid.
    public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        var effects: [Effect] = []
        if reduceKiosk(&state, action, effects: &effects) {
            normalize(&state)
            return effects
        }
        // In the search pane the selected result is starred (C-t: every printable key is text there).
        if action == .toggleStar, let search = state.search {
            if search.rows.indices.contains(search.list.selected), case .session(let hit) = search.rows[search.list.selected] {
                toggleStar(index.sessions[hit.position], &state, &effects)
            }
            normalize(&state)
            return effects
        }
        if reduceFilter(&state, action) || reduceSearch(&state, action) || reduceGrid(&state, action) {
            normalize(&state)
            return effects
        }
        switch action {
        case .quit:
            effects.append(.quit)
        case .toggleHelp:
            state.showHelp.toggle()
            state.helpScroll = 0
        case .move(let movement) where state.showHelp:
            let page = max(1, layout(state).body.height - 4)
            // g and G reach either end: the scroll is clamped to the help's length.
            let step = [Movement.down: 1, .up: -1, .pageDown: page, .pageUp: -page, .halfPageDown: page / 2, .halfPageUp: -page / 2,
                        .top: -state.helpScroll, .bottom: 1 << 20][movement] ?? 0
            state.helpScroll = HelpPage.clampedScroll(state.helpScroll + step, browser: self, layout: layout(state))
        case .toggleClock:
            state.clock = state.clock == .venue ? .zone(state.localZone) : .venue
        case .resize(let size):
            state.setTerminal(size)
        case .tick(let date):
            state.now = date
            if remind(&state) { effects.append(.bell) }
        case .openSearch:
            openSearch(&state)
        case .nextHit:
            stepThroughHits(&state, forward: true)
        case .previousHit:
            stepThroughHits(&state, forward: false)
        case .type, .deleteBackward, .deleteWord, .clearQuery, .kioskKey, .nextDay, .previousDay, .firstRoom, .lastRoom,
             .openFilter, .toggleFilterItem, .closeFilter:
            break
        case .copyLink:
            guard state.kiosk == nil, let session = selectedSession(state) else { break }
            if let link = sharedLink(state) {
                effects.append(.copyToClipboard(link.url))
                state.programNotice = ProgramNotice("copied: " + TerminalSafe.line(link.url))
            } else {
                state.programNotice = ProgramNotice("this session has no link to copy", isWarning: true)
            }
        case .toggleShareCode:
            if state.showShareCode {
                state.showShareCode = false
            } else if selectedSession(state) != nil {
                if sharedLink(state) == nil {
                    state.programNotice = ProgramNotice("this session has no link to show as a code", isWarning: true)
                } else {
                    state.showShareCode = true
                }
            }
            break
        case .refreshProgram:
            if state.canRefresh, state.kiosk == nil {
                state.programNotice = ProgramNotice("refreshing…")
                effects.append(.refreshProgram)
            }
        case .programNotice(let notice):
            state.programNotice = notice
        case .jumpToNow:
            jumpToNow(&state)
        case .showView(let view):
            guard views(state).contains(view) else { break }
            state.view = view
            // A view the user reached by a jump opens at its top level; one they left somewhere themselves, there.
            if state.position.reachedByJump {
                state.position.focus = .groups
                state.position.reachedByJump = false
            }
        case .nextView, .previousView:
            let views = self.views(state)
            let current = views.firstIndex(of: state.view) ?? 0
            state.view = views[(current + (action == .nextView ? 1 : views.count - 1)) % views.count]
        case .toggleStar:
            if let session = selectedSession(state) { toggleStar(session, &state, &effects) }
        case .loadStars:
            if state.kiosk == nil { effects.append(.loadStars(conference: index.conference.id)) }
        case .starsLoaded(let stars, let writable, let notice):
            state.stars = stars
            state.starsWritable = writable
            let gone = Agenda(index, starred: stars).missing
            if let notice {
                state.programNotice = ProgramNotice(notice, isWarning: true)
            } else if gone > 0 {
                state.programNotice = ProgramNotice("\(gone) starred \(gone == 1 ? "session is" : "sessions are") no longer in the program", isWarning: true)
            }
        case .starsSaved(let stars):
            state.stars = stars
            state.starsWritable = true
        case .starsNotSaved(let reason):
            state.starsWritable = false
            state.programNotice = ProgramNotice("stars cannot be saved: \(reason)", isWarning: true)
        case .linkOpened:
            state.programNotice = ProgramNotice("opened in your browser")
        case .linkNotOpened(.noDesktop):
            state.programNotice = ProgramNotice("no desktop to open links in; the address is on screen", isWarning: true)
        case .linkNotOpened(.noOpener):
            state.programNotice = ProgramNotice("cannot open links: xdg-open is not installed", isWarning: true)
        case .clipboardRefused:
            state.programNotice = ProgramNotice("this terminal takes no copies (OSC 52); Q shows the link as a code", isWarning: true)
        case .refreshed(.unchanged):
            state.programNotice = nil
        case .refreshed(.offline(let copyFrom)):
            let when = copyFrom.map { "\(CivilDate($0, in: state.machineZone).shortDisplay) \(SessionTimeText.hourMinute($0, in: state.machineZone))" }
            state.programNotice = ProgramNotice("offline, copy from \(when ?? "earlier")", isWarning: true)
        case .refreshed(.newCopyUnreadable):
            state.programNotice = ProgramNotice("the new copy does not load; showing the old one", isWarning: true)
        case .programReplaced(let replacement):
            // The runner has swapped this browser in; the header says once what changed.
            if replacement.releaseIsNew, let digest = changes, !digest.isEmpty {
                state.programNotice = ProgramNotice(digest.headline(starred: state.stars))
            } else if let problem = replacement.problem {
                state.programNotice = ProgramNotice(problem, isWarning: true)
            } else {
                state.programNotice = ProgramNotice("updated \(SessionTimeText.hourMinute(state.now, in: state.machineZone))")
            }
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
        }
        normalize(&state)
        return effects
    }

    /// Stars or unstars a session and asks for it to be saved; never in the kiosk; says so when
    /// stars are read-only.
    private func toggleStar(_ session: Session, _ state: inout AppState, _ effects: inout [Effect]) {
        guard state.starsWritable else {
            state.programNotice = ProgramNotice("stars are read-only", isWarning: true)
            return
        }
        guard state.kiosk == nil else { return }
        let starred = !state.stars.contains(session.id)
        if starred { state.stars.insert(session.id) } else { state.stars.remove(session.id) }
        effects.append(.saveStar(StarChange(conference: index.conference.id, session: session.id, starred: starred)))
    }

    /// Clamps every selection of the current view to its list and visible height, and keeps
    /// selections off headings and blank lines.
    public func normalize(_ state: inout AppState) {
        // A view this program does not offer (Changes, remembered from a program that had some) opens Tracks.
        if !views(state).contains(state.view) { state.view = .tracks }
        let layout = layout(state)
        if var search = state.search {
            search.list.clamp(count: search.rows.count, visibleRows: SearchPaneLayout(layout).listRows)
            state.search = search
        }
        var position = state.position
        position.groups.clamp(count: groups(state).count, visibleRows: layout.visibleRows(of: .groups))
        state.position = position

        let rows = sessionRows(state)
        position.sessions = settle(position.sessions, count: rows.count, visibleRows: layout.visibleRows(of: .sessions)) {
            rows[$0].sessionPosition != nil
        }
        state.position = position

        let lines = detailLines(state)
        position.detail = settle(position.detail, count: lines.count, visibleRows: layout.visibleRows(of: .detail)) {
            !lines[$0].text.isEmpty
        }
        if rows.allSatisfy({ $0.sessionPosition == nil }), position.focus != .groups { position.focus = .groups }
        state.position = position
        normalizeGrid(&state)
    }

    private func settle(_ list: ListState, count: Int, visibleRows: Int, selectable: (Int) -> Bool) -> ListState {
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

    private func move(_ state: inout AppState, pane: Pane, _ movement: Movement, times: Int = 1) {
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

    private func focusRight(_ state: inout AppState) {
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

    private func focusLeft(_ state: inout AppState) {
        switch state.focus {
        case .groups: break
        case .sessions: state.focus = .groups
        case .detail: state.focus = .sessions
        }
    }

    /// Enter on a speaker, topic or track in the details: show it, keeping the session it came
    /// from selected there; Esc returns.
    private func jump(_ state: inout AppState, to target: SearchEntity) {
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

    private func click(_ state: inout AppState, x: Int, y: Int) {
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

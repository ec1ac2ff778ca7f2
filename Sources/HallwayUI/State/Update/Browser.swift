import FoundationEssentials
import Glibc
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

    /// `engine`, when given, is `index`'s search index made elsewhere (for the snapshot) or to be.
    public init(index: ScheduleIndex, keyMap: KeyMap = .standard, changes: ChangeDigest? = nil, engine: Lazy<SearchEngine>? = nil) {
        catalog = Catalog(index, changes: changes)
        lazyEngine = engine ?? Lazy { SearchEngine(index) }
        self.keyMap = keyMap
    }

    public var engine: SearchEngine { lazyEngine.value }

    /// Makes what the first frame left for later (speakers and topics in order, the search index)
    /// on another thread, so the first search or visit to Speakers does not wait for it.
    public func prepareInBackground() {
        let (catalog, lazy) = (catalog, lazyEngine)
        BackgroundThread.detachNew {
            _ = catalog.groups(.speakers)
            _ = catalog.groups(.topics)
            _ = lazy.value
        }
    }

    public var index: ScheduleIndex { catalog.index }

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
        if reduceFilter(&state, action) || reduceSearch(&state, action) || reduceGrid(&state, action) || reduceAnswer(&state, action)
            || reduceSharing(&state, action, effects: &effects) || reduceNavigation(&state, action, effects: &effects) {
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
        case .refreshProgram:
            if state.canRefresh, state.kiosk == nil {
                state.programNotice = ProgramNotice("refreshing…")
                effects.append(.refreshProgram)
            }
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
        default:
            // Typing, the grid's, the filter's and the kiosk's keys were taken above.
            break
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
}

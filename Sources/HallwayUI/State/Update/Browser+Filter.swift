import ScheduleKit

/// A line of the filter overlay (`f`).
public enum FilterItem: Sendable, Hashable {
    case heading(String)
    case everything
    case room(String)
    case track(String)
    case anyLanguage
    case language(String)
    case recordedOnly

    var isChoice: Bool {
        if case .heading = self { return false }
        return true
    }
}

/// Hiding rooms and tracks, one language, recorded talks only: the overlay's lines, what toggling
/// one does, and the program's lists with the filter applied (kept until the filter changes).
extension Browser {
    /// The overlay's lines, made once a program: asked for on every key and frame while it is open.
    public func filterItems() -> [FilterItem] { catalog.filterItems.value }

    /// Rooms and tracks in the program's order, the languages sessions are given in, and
    /// "recorded only" when the file says some talks will not be.
    static func filterItems(of index: ScheduleIndex) -> [FilterItem] {
        var items: [FilterItem] = [.everything]
        if !index.conference.rooms.isEmpty { items += [.heading("Rooms")] + index.conference.rooms.map { .room($0.id) } }
        if !index.conference.tracks.isEmpty { items += [.heading("Tracks")] + index.conference.tracks.map { .track($0.id) } }
        let languages = ProgramFilter.languages(in: index)
        if languages.count > 1 { items += [.heading("Language"), .anyLanguage] + languages.map(FilterItem.language) }
        if index.sessions.contains(where: { $0.recorded == false }) { items += [.heading("Recording"), .recordedOnly] }
        return items
    }

    /// "[x] Saal 1", "(•) en": how a line reads under `filter`.
    func filterLine(_ item: FilterItem, _ filter: ProgramFilter) -> String {
        func box(_ on: Bool) -> String { on ? "[x] " : "[ ] " }
        func dot(_ on: Bool) -> String { on ? "(•) " : "( ) " }
        switch item {
        case .heading(let text): return text
        case .everything: return filter.isEmpty ? "Everything is shown" : "Show everything again"
        case .room(let id): return box(!filter.hiddenRooms.contains(id)) + TerminalSafe.line(index.room(id: id)?.name ?? id)
        case .track(let id): return box(!filter.hiddenTracks.contains(id)) + TerminalSafe.line(index.track(id: id)?.name ?? id)
        case .anyLanguage: return dot(filter.language == nil) + "any language"
        case .language(let code): return dot(filter.language == code) + TerminalSafe.line(LanguageName.display(code))
        case .recordedOnly: return box(filter.recordedOnly) + "only talks that will be recorded"
        }
    }

    func toggled(_ item: FilterItem, _ filter: ProgramFilter) -> ProgramFilter {
        var filter = filter
        switch item {
        case .heading: break
        case .everything: filter = ProgramFilter()
        case .room(let id): if filter.hiddenRooms.remove(id) == nil { filter.hiddenRooms.insert(id) }
        case .track(let id): if filter.hiddenTracks.remove(id) == nil { filter.hiddenTracks.insert(id) }
        case .anyLanguage: filter.language = nil
        case .language(let code): filter.language = filter.language == code ? nil : code
        case .recordedOnly: filter.recordedOnly.toggle()
        }
        return filter
    }

    /// The overlay's keys. True when the action was the overlay's.
    func reduceFilter(_ state: inout AppState, _ action: Action) -> Bool {
        if action == .openFilter, state.kiosk == nil, state.search == nil {
            state.filterPane = state.filterPane == nil ? ListState() : nil
            return true
        }
        guard var list = state.filterPane else { return false }
        let items = filterItems()
        switch action {
        case .move(let movement):
            list = moved(list, movement, times: 1, count: items.count, visible: FilterBox.visibleRows(layout(state), count: items.count)) { items[$0].isChoice }
            state.filterPane = list
        case .toggleFilterItem:
            if items.indices.contains(list.selected) { state.filter = toggled(items[list.selected], state.filter) }
        case .back, .quit, .closeFilter:
            state.filterPane = nil
        case .resize, .tick:
            return false
        default:
            break
        }
        return true
    }

    /// How many sessions the lists show, of how many, when a filter hides some.
    public func filteredCount(_ state: AppState) -> (shown: Int, total: Int)? { catalog.filteredCount(state.filter) }

    /// A view's groups with the filter applied: hidden sessions gone, then headings left with
    /// nothing under them, then groups left with nothing in them.
    static func filtered(_ groups: [GroupRow], by filter: ProgramFilter, in index: ScheduleIndex) -> [GroupRow] {
        groups.compactMap { group in
            var rows = group.rows.filter { row in row.sessionPosition.map { filter.admits(index.sessions[$0]) } ?? true }
            rows = rows.enumerated().filter { number, row in
                guard case .heading = row else { return true }
                let rest = rows[(number + 1)...]
                let next = rest.firstIndex { if case .heading = $0 { return true } else { return $0.sessionPosition != nil } }
                return next.map { rows[$0].sessionPosition != nil } ?? false
            }.map(\.element)
            guard rows.contains(where: { $0.sessionPosition != nil }) else { return nil }
            var kept = group
            kept.rows = rows
            return kept
        }
    }
}

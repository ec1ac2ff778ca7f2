import FoundationEssentials
import Glibc
import ScheduleKit

/// The browser's views, in tab order.
public enum ViewKind: Int, Sendable, Hashable, CaseIterable {
    case tracks = 1, speakers, topics, schedule, agenda, grid, changes

    public var title: String {
        switch self {
        case .tracks: "Tracks"
        case .speakers: "Speakers"
        case .topics: "Topics"
        case .schedule: "Schedule"
        case .agenda: "My agenda"
        case .grid: "Room grid"
        case .changes: "Changes"
        }
    }

    /// The view's name in files and on the command line.
    public var name: String {
        switch self {
        case .tracks: "tracks"
        case .speakers: "speakers"
        case .topics: "topics"
        case .schedule: "schedule"
        case .agenda: "agenda"
        case .grid: "grid"
        case .changes: "changes"
        }
    }

    public init?(name: String) {
        guard let view = ViewKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = view
    }
}

extension ViewKind {
    /// The views the tabs offer: all of them, but My agenda and Changes in the kiosk, which never
    /// keeps stars (its board tells the moves), and Changes only when an earlier release is known.
    static func offered(in state: AppState, catalog: Catalog) -> [ViewKind] {
        allCases.filter { view in
            switch view {
            case .agenda: state.kiosk == nil
            case .changes: state.kiosk == nil && catalog.changes?.isEmpty == false
            default: true
            }
        }
    }
}

/// Groups on the left, their sessions in the middle, the selected session's details on the right.
public enum Pane: Int, Sendable, Hashable, CaseIterable {
    case groups, sessions, detail
}

/// A selection and the first visible row of a list. Clamped whenever the list or its height may
/// have changed, so it is valid whatever the list length (ratatui's ListState).
public struct ListState: Sendable, Hashable {
    public var selected: Int = 0
    public var offset: Int = 0

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// The items drawn when `height` rows are visible, each with the row it is drawn on.
    public func visible(count: Int, height: Int) -> [(index: Int, row: Int)] {
        let end = min(count, offset + max(0, height))
        return offset < end ? (offset..<end).map { ($0, $0 - offset) } : []
    }

    /// "1-21/35": which rows show, when not all of them fit; nil when they do.
    public func positionText(count: Int, height: Int) -> String? {
        guard count > height, height > 0 else { return nil }
        return "\(offset + 1)-\(min(count, offset + height))/\(count)"
    }

    public mutating func clamp(count: Int, visibleRows: Int) {
        guard count > 0 else {
            selected = 0
            offset = 0
            return
        }
        selected = min(max(0, selected), count - 1)
        let rows = max(1, visibleRows)
        if selected < offset { offset = selected }
        if selected >= offset + rows { offset = selected - rows + 1 }
        offset = min(max(0, offset), max(0, count - rows))
    }
}

/// Where the user is within one view; each view remembers its own.
public struct ViewPosition: Sendable, Hashable {
    public var groups = ListState()
    public var sessions = ListState()
    public var detail = ListState()
    public var focus: Pane = .groups
    /// Set when a jump (Enter on a speaker, a search result, n) put the view here rather than the
    /// user's own moves: the view's key then opens its top level again.
    public var reachedByJump = false

    public init() {}

    /// Selects a group; another group's sessions and details start from their tops.
    mutating func selectGroup(_ index: Int) {
        guard index != groups.selected else { return }
        groups.selected = index
        sessions = ListState()
        detail = ListState()
    }

    /// Selects a session row; another session's details start from the top.
    mutating func selectSession(_ index: Int) {
        guard index != sessions.selected else { return }
        sessions.selected = index
        detail = ListState()
    }
}

/// A line about the program's source, shown in the header; a warning when the network failed.
public struct ProgramNotice: Sendable, Hashable {
    public var text: String
    public var isWarning: Bool

    public init(_ text: String, isWarning: Bool = false) {
        self.text = text
        self.isWarning = isWarning
    }
}

public struct AppState: Sendable, Hashable {
    public var view: ViewKind = .tracks
    public var positions: [ViewKind: ViewPosition] = [:]
    public var showHelp = false
    /// The first line of the help shown, when the screen is shorter than the help.
    public var helpScroll = 0
    /// What is drawn: the terminal's size, cut to `Size.drawable`.
    public var size: Size
    /// The terminal's own size when it is larger than what is drawn, so the screen can say so.
    public var undrawnTerminal: Size?
    public var clock: ClockMode = .venue
    /// The reader's zone, which `t` switches to from venue time (the zone `--tz` names, when it names one).
    public var localZone: Zone
    /// The machine's own zone, given at start: the header calls a chosen zone "local" when it is this.
    public var machineZone: Zone
    public var now: Date
    /// The room grid's day, selection and scroll.
    public var grid = GridPosition()
    /// Places to return to with Esc after a jump.
    public var history: [Place] = []
    /// The search pane, while it is open.
    public var search: SearchState?
    public var lastSearch: LastSearch?
    /// Set when running as a booth display (`--kiosk`).
    public var kiosk: KioskState?
    /// True when the program came from a URL, so `r` can fetch it again.
    public var canRefresh = false
    /// Keys of the sessions starred in this conference (the kiosk has none and cannot star).
    public var stars: Set<String> = []
    /// False when stars cannot be saved (a newer Hallway's file, say); starring is then refused.
    public var starsWritable = true
    /// Minutes before a starred session starts to remind (a status line and one bell); 0 for never.
    public var remindMinutes = 0
    /// Sessions already reminded of, so each rings once.
    public var reminded: Set<String> = []
    /// What the header says about where the program came from ("offline, copy from …").
    public var programNotice: ProgramNotice?
    /// Rooms and tracks hidden, one language, recorded talks only (`f`); kept per conference.
    public var filter = ProgramFilter()
    /// The filter overlay's selection, while it is open.
    public var filterPane: ListState?
    /// `Q`: the selected talk's link as a QR code over the screen.
    public var showShareCode = false

    public struct Place: Sendable, Hashable {
        public var view: ViewKind
        public var position: ViewPosition
    }

    /// The same session over a new copy of the program: the view, clock and notices stay, while
    /// selections, history and searches, which point into the old program, start afresh.
    public func carriedOver() -> AppState {
        var state = AppState(size: size, now: now, clock: clock, localZone: localZone, machineZone: machineZone)
        state.view = view
        state.grid.day = grid.day
        state.canRefresh = canRefresh
        state.programNotice = programNotice
        state.stars = stars
        state.starsWritable = starsWritable
        state.remindMinutes = remindMinutes
        state.reminded = reminded
        state.kiosk = kiosk
        state.filter = filter
        return state
    }

    public init(size: Size, now: Date, clock: ClockMode = .venue, localZone: Zone = .current, machineZone: Zone = .current) {
        self.size = size.drawable
        self.now = now
        self.clock = clock
        self.localZone = localZone
        self.machineZone = machineZone
        setTerminal(size)
    }

    /// The terminal's size as the window claims it: what is drawn is cut to `Size.drawable`, and
    /// the rest remembered so the screen can say so.
    mutating func setTerminal(_ terminal: Size) {
        size = terminal.drawable
        undrawnTerminal = terminal.drawable == terminal ? nil : terminal
    }

    /// Whether a frame must be drawn: the state changed beyond the clock's seconds. The header
    /// shows minutes, so an idle browser draws once a minute, not every second; the kiosk, whose
    /// board and countdown move by the second, draws on every change.
    public func showsSomethingNew(since before: AppState) -> Bool {
        guard self != before else { return false }
        guard kiosk == nil else { return true }
        var clockOnly = before
        clockOnly.now = now
        let minute = { (date: Date) in Int(date.timeIntervalSince1970 / 60) }
        return clockOnly != self || minute(now) != minute(before.now)
    }

    public var position: ViewPosition {
        get { positions[view] ?? ViewPosition() }
        set { positions[view] = newValue }
    }

    public var focus: Pane {
        get { position.focus }
        set { position.focus = newValue }
    }
}

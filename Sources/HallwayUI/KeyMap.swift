/// Where a binding applies. The footer shows the bindings of the current context; the help
/// overlay shows them all. Both come from this one table (Bubbles' key.Binding habit).
public enum KeyContext: Sendable, Hashable {
    case everywhere
    case lists
    case detail
    case help
    /// The room grid, on top of the lists' keys (which move between sessions and rooms there).
    case grid
    /// The search pane: printable keys are text here, so only non-printing keys are bound.
    case search
    /// The filter overlay (`f`).
    case filter
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// How the keys are written in hints: "j/↓".
    public var keyLabel: String
    /// Footer hint; nil keeps the binding out of the footer.
    public var hint: String?
    /// The help overlay's line.
    public var help: String
    public var context: KeyContext
    /// Bindings with the same group share one line of the help overlay ("j/↓ k/↑  move down / up").
    public var helpGroup: String?

    public init(_ keys: [Key], _ action: Action, keyLabel: String, hint: String? = nil, help: String,
                context: KeyContext = .everywhere, helpGroup: String? = nil) {
        self.keys = keys
        self.action = action
        self.keyLabel = keyLabel
        self.hint = hint
        self.help = help
        self.context = context
        self.helpGroup = helpGroup
    }
}

public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    public static let standard = KeyMap(bindings: [
        KeyBinding([.character("1")], .showView(.tracks), keyLabel: "1", help: "Tracks", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("2")], .showView(.speakers), keyLabel: "2", help: "Speakers", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("3")], .showView(.topics), keyLabel: "3", help: "Topics", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("4")], .showView(.schedule), keyLabel: "4", help: "Schedule by day and time", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("5")], .showView(.agenda), keyLabel: "5", help: "My agenda", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("6")], .showView(.grid), keyLabel: "6", help: "Room grid: rooms side by side, time down", helpGroup: "the views named in the tabs above"),
        KeyBinding([.character("7"), .character("c")], .showView(.changes), keyLabel: "7/c", help: "Changes since the release seen before", helpGroup: "the views named in the tabs above"),
        KeyBinding([.tab], .nextView, keyLabel: "Tab", hint: "views", help: "next view", helpGroup: "next / previous view"),
        KeyBinding([.backTab], .previousView, keyLabel: "S-Tab", help: "previous view", helpGroup: "next / previous view"),
        KeyBinding([.character("j"), .down], .move(.down), keyLabel: "j/↓", hint: "move", help: "move down", helpGroup: "move down / up"),
        KeyBinding([.character("k"), .up], .move(.up), keyLabel: "k/↑", help: "move up", helpGroup: "move down / up"),
        KeyBinding([.character("g"), .home], .move(.top), keyLabel: "g/Home", help: "first row", helpGroup: "first / last row"),
        KeyBinding([.character("G"), .end], .move(.bottom), keyLabel: "G/End", help: "last row", helpGroup: "first / last row"),
        KeyBinding([.pageDown], .move(.pageDown), keyLabel: "PgDn", help: "page down", helpGroup: "page down / up"),
        KeyBinding([.pageUp], .move(.pageUp), keyLabel: "PgUp", help: "page up", helpGroup: "page down / up"),
        KeyBinding([.control("d")], .move(.halfPageDown), keyLabel: "C-d", help: "half a page down", helpGroup: "half a page down / up"),
        KeyBinding([.control("u")], .move(.halfPageUp), keyLabel: "C-u", help: "half a page up", helpGroup: "half a page down / up"),
        KeyBinding([.enter], .open, keyLabel: "Enter", hint: "open", help: "open the selected group or session", context: .lists),
        KeyBinding([.character("l"), .right], .focusRight, keyLabel: "l/→", help: "pane to the right", context: .lists),
        KeyBinding([.enter], .open, keyLabel: "Enter", hint: "follow", help: "in details: follow the speaker, topic, track or link", context: .detail),
        KeyBinding([.character("]")], .nextFollowable, keyLabel: "]", hint: "next link", help: "in details: next speaker, topic, track or link", context: .detail, helpGroup: "in details: next / previous thing to follow"),
        KeyBinding([.character("[")], .previousFollowable, keyLabel: "[", help: "in details: previous one", context: .detail, helpGroup: "in details: next / previous thing to follow"),
        // From a list, ] opens the details on their first thing to follow.
        KeyBinding([.character("]")], .nextFollowable, keyLabel: "]", help: "in details: next speaker, topic, track or link", context: .lists, helpGroup: "in details: next / previous thing to follow"),
        KeyBinding([.character("h"), .left], .focusLeft, keyLabel: "h/←", help: "pane to the left"),
        KeyBinding([.escape, .backspace], .back, keyLabel: "Esc/BS", hint: "back", help: "back to where you were"),
        KeyBinding([.character("/")], .openSearch, keyLabel: "/", hint: "search", help: "search titles, speakers, topics…"),
        KeyBinding([.character("n")], .nextHit, keyLabel: "n", help: "next hit of the last search", helpGroup: "next / previous hit of the last search"),
        KeyBinding([.character("N")], .previousHit, keyLabel: "N", help: "previous hit of the last search", helpGroup: "next / previous hit of the last search"),
        KeyBinding([.character("t")], .toggleClock, keyLabel: "t", hint: "venue/local", help: "times in venue time or local time"),
        KeyBinding([.character("s"), .character(" ")], .toggleStar, keyLabel: "s", hint: "star", help: "star or unstar the session (see My agenda)"),
        KeyBinding([.character("r")], .refreshProgram, keyLabel: "r", hint: "refresh", help: "fetch the program from its URL again"),
        KeyBinding([.character("]")], .nextDay, keyLabel: "]", hint: "day", help: "room grid: next day", context: .grid, helpGroup: "room grid: next / previous day"),
        KeyBinding([.character("[")], .previousDay, keyLabel: "[", help: "room grid: previous day", context: .grid, helpGroup: "room grid: next / previous day"),
        KeyBinding([.character("0")], .firstRoom, keyLabel: "0", help: "room grid: first room, at the same time", context: .grid, helpGroup: "room grid: first / last room"),
        KeyBinding([.character("$")], .lastRoom, keyLabel: "$", help: "room grid: last room, at the same time", context: .grid, helpGroup: "room grid: first / last room"),
        KeyBinding([.character("y")], .copyLink, keyLabel: "y", help: "copy the talk's link (to the terminal's clipboard, OSC 52)", helpGroup: "share the talk: copy its link / its QR code"),
        KeyBinding([.character("Q")], .toggleShareCode, keyLabel: "Q", help: "the talk's link as a QR code", helpGroup: "share the talk: copy its link / its QR code"),
        KeyBinding([.character("f")], .openFilter, keyLabel: "f", hint: "filter", help: "filter: hide rooms and tracks, one language, recorded talks only"),
        KeyBinding([.character(".")], .jumpToNow, keyLabel: ".", help: "now: today, at what runs now or next"),
        KeyBinding([.character("?")], .toggleHelp, keyLabel: "?", hint: "help", help: "this help"),
        KeyBinding([.character("q")], .quit, keyLabel: "q", hint: "quit", help: "quit"),
        KeyBinding([.down, .control("n")], .move(.down), keyLabel: "↓/C-n", hint: "move", help: "next result", context: .search),
        KeyBinding([.up, .control("p")], .move(.up), keyLabel: "↑/C-p", help: "previous result", context: .search),
        KeyBinding([.pageDown], .move(.pageDown), keyLabel: "PgDn", help: "page down", context: .search),
        KeyBinding([.pageUp], .move(.pageUp), keyLabel: "PgUp", help: "page up", context: .search),
        KeyBinding([.enter], .open, keyLabel: "Enter", hint: "open", help: "open the result", context: .search),
        KeyBinding([.control("t")], .toggleStar, keyLabel: "C-t", hint: "star", help: "star or unstar the result", context: .search),
        KeyBinding([.escape], .back, keyLabel: "Esc", hint: "close", help: "close the search, back to where you were", context: .search),
        KeyBinding([.backspace], .deleteBackward, keyLabel: "BS", help: "delete a character", context: .search),
        KeyBinding([.control("w")], .deleteWord, keyLabel: "C-w", help: "delete a word", context: .search),
        KeyBinding([.control("u")], .clearQuery, keyLabel: "C-u", hint: "clear", help: "clear the query", context: .search),
        KeyBinding([.character("j"), .down], .move(.down), keyLabel: "j/k", hint: "scroll", help: "scroll the help", context: .help),
        KeyBinding([.character("k"), .up], .move(.up), keyLabel: "k", help: "scroll the help back", context: .help),
        KeyBinding([.pageDown, .character(" ")], .move(.pageDown), keyLabel: "PgDn", help: "a page of help", context: .help),
        KeyBinding([.pageUp], .move(.pageUp), keyLabel: "PgUp", help: "a page of help back", context: .help),
        KeyBinding([.character("g"), .home], .move(.top), keyLabel: "g", help: "the top of the help", context: .help),
        KeyBinding([.character("G"), .end], .move(.bottom), keyLabel: "G", help: "the end of the help", context: .help),
        KeyBinding([.character("?"), .escape, .character("q"), .enter], .toggleHelp, keyLabel: "?/Esc", hint: "close help", help: "close this help", context: .help),
        KeyBinding([.character("j"), .down], .move(.down), keyLabel: "j/k", hint: "move", help: "next line", context: .filter),
        KeyBinding([.character("k"), .up], .move(.up), keyLabel: "k", help: "previous line", context: .filter),
        KeyBinding([.character("g"), .home], .move(.top), keyLabel: "g", help: "first line", context: .filter),
        KeyBinding([.character("G"), .end], .move(.bottom), keyLabel: "G", help: "last line", context: .filter),
        KeyBinding([.pageDown], .move(.pageDown), keyLabel: "PgDn", help: "page down", context: .filter),
        KeyBinding([.pageUp], .move(.pageUp), keyLabel: "PgUp", help: "page up", context: .filter),
        KeyBinding([.character(" "), .enter, .character("x")], .toggleFilterItem, keyLabel: "Space", hint: "show/hide", help: "show or hide", context: .filter),
        KeyBinding([.escape, .character("f"), .character("q")], .closeFilter, keyLabel: "Esc/f", hint: "done", help: "close the filter", context: .filter),
    ])

    /// The booth display's keys: everything a visitor needs, and no way out.
    public static let kiosk = KeyMap(bindings: standard.bindings.filter {
        $0.action != .quit && $0.action != .refreshProgram && $0.action != .toggleStar && $0.action != .showView(.agenda)
            && $0.action != .showView(.changes) && $0.action != .openFilter && $0.action != .copyLink
    })

    /// The number keys are shown once, as a range ("1-6 views"), rather than as a hint each.
    public static let viewKeysHint = (keys: "1-6", hint: "views")
}

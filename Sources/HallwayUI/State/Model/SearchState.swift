import ScheduleKit

/// One row of the search pane: a speaker, topic or track to open, or a session.
public enum SearchRow: Sendable, Hashable {
    case entity(SearchEntity)
    case session(SessionHit)
}

/// The open search pane: what is typed, what it found, and where to go back to.
public struct SearchState: Sendable, Hashable {
    public var query = ""
    /// Set when typing or a paste went past `maximumQueryLength` and the rest was left out.
    public var wasCut = false
    public var results: SearchResults?
    public var list = ListState()
    /// Characters a query may have: more than any title, few enough that one search stays quick.
    public static let maximumQueryLength = 200

    /// Where the browser was when `/` was pressed; Esc returns there.
    public var returnTo: AppState.Place

    /// Sessions whose titles matched come first (what a person typing a talk's words wants on
    /// Enter), then matching speakers, topics and tracks, then the other sessions.
    public var rows: [SearchRow] {
        guard let results else { return [] }
        let titleLevel = SearchEngine.titlePrefixScore * Double(max(1, results.query.words.count))
        let leading = results.sessions.prefix { $0.score >= titleLevel }
        return leading.map(SearchRow.session) + results.entities.map(SearchRow.entity)
            + results.sessions.dropFirst(leading.count).map(SearchRow.session)
    }
}

/// The sessions the last search found, so `n` and `N` can step through them after it closes.
public struct LastSearch: Sendable, Hashable {
    public var query: String
    public var positions: [Int]
    public var current: Int
}

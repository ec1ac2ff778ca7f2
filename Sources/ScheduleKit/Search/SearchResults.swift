import FoundationEssentials
import Glibc

/// A session that matched, with how well and where.
public struct SessionHit: Sendable, Hashable {
    /// Position in `ScheduleIndex.sessions`.
    public var position: Int
    public var score: Double
    public var fields: SearchField
    /// True when some word matched only through typo tolerance.
    public var viaTypo: Bool
}

/// A speaker, topic or track whose name matched: the search pane offers to open it.
public enum SearchEntity: Sendable, Hashable {
    case speaker(String)
    case topic(String)
    case track(String)
}

public struct SearchResults: Sendable, Hashable {
    public var query: SearchQuery
    public var sessions: [SessionHit]
    public var entities: [SearchEntity]
    /// When nothing matched: the closest topic or speaker, as words to show ("topic eBPF").
    public var suggestion: String?
}

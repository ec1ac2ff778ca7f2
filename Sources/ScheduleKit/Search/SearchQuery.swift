import FoundationEssentials
import Glibc

/// What was typed into the search pane: words that must all match somewhere, and `field:value`
/// filters (`speaker:`, `org:`, `track:`, `topic:`, `room:`, `day:`, `lang:`) that narrow where.
public struct SearchQuery: Sendable, Hashable {
    public enum FilterField: String, Sendable, Hashable, CaseIterable {
        case speaker, org, track, topic, room, day, lang

        var searchField: SearchField {
            switch self {
            case .speaker: .speaker
            case .org: .organization
            case .track: .track
            case .topic: .topic
            case .room: .room
            case .day, .lang: []
            }
        }

        static func named(_ name: String) -> FilterField? {
            switch name.lowercased() {
            case "speaker", "by", "person": .speaker
            case "org", "organization", "organisation", "company": .org
            case "track": .track
            case "topic", "tag": .topic
            case "room", "where": .room
            case "day", "date": .day
            case "lang", "language": .lang
            default: nil
            }
        }
    }

    public struct Filter: Sendable, Hashable {
        public var field: FilterField
        public var value: String
        public var tokens: [SearchToken]
    }

    public var text: String
    public var words: [SearchToken]
    public var filters: [Filter]

    public var isEmpty: Bool { words.isEmpty && filters.isEmpty }
    /// The time `day:today`, `day:tomorrow` and `day:yesterday` count from (the venue's dates).
    public var now: Date?

    public init(_ text: String, now: Date? = nil) {
        self.text = text
        self.now = now
        var words: [SearchToken] = []
        var filters: [Filter] = []
        for piece in SearchQuery.pieces(of: text) {
            if let colon = piece.firstIndex(of: ":"), let field = FilterField.named(String(piece[..<colon])) {
                let value = String(piece[piece.index(after: colon)...]).trimmingCharacters(in: ["\""])
                guard !value.isEmpty else { continue }
                filters.append(Filter(field: field, value: value, tokens: SearchToken.tokens(ofFolded: SearchFolding.fold(value))))
            } else {
                words += SearchToken.tokens(ofFolded: SearchFolding.fold(piece))
            }
        }
        // A word given twice asks nothing more of a session; searching it once keeps a repeated
        // paste as cheap as the words in it.
        var seen = Set<SearchToken>()
        self.words = words.filter { seen.insert($0).inserted }
        self.filters = filters
    }

    /// Splits on spaces, keeping `"quoted text"` together (so `speaker:"jimmy song"` is one piece).
    private static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle(); current.append(character); continue }
            if character.isWhitespace, !quoted {
                if !current.isEmpty { pieces.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

extension String {
    func trimmingCharacters(in characters: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return String(result)
    }
}

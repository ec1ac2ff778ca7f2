/// A published document that facts in a schedule come from.
public struct Source: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var url: String?
    public var published: String?
    public var note: String?

    public init(id: String, title: String, url: String? = nil, published: String? = nil, note: String? = nil) {
        self.id = id
        self.title = title
        self.url = url
        self.published = published
        self.note = note
    }
}

/// How firmly a source supports a claim. The browser shows anything short of `confirmed` as such.
public enum Certainty: String, Sendable, Hashable, CaseIterable {
    case confirmed
    case likely
    case inferred
}

/// A title in one language, with the sources that give it.
public struct SourcedTitle: Sendable, Hashable {
    public var language: String
    public var text: String
    public var certainty: Certainty
    public var sourceIDs: [String]
    public var note: String?

    public init(language: String, text: String, certainty: Certainty = .confirmed, sourceIDs: [String] = [], note: String? = nil) {
        self.language = language
        self.text = text
        self.certainty = certainty
        self.sourceIDs = sourceIDs
        self.note = note
    }
}

extension SourcedTitle {
    /// The title, followed by "(likely title)" when no source states it outright.
    public var qualifiedText: String {
        certainty == .confirmed ? text : "\(text) (\(certainty.rawValue) title)"
    }
}

public struct Link: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case website, schedule, cfp, report, video, slides, code, background, other
    }

    public var kind: Kind
    public var url: String
    public var title: String?
    public var sourceIDs: [String]

    public init(kind: Kind, url: String, title: String? = nil, sourceIDs: [String] = []) {
        self.kind = kind
        self.url = url
        self.title = title
        self.sourceIDs = sourceIDs
    }
}

import Foundation

public struct Session: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case keynote, talk, panel, workshop, lightning, `break`, other
    }

    public var id: String
    public var kind: Kind
    /// Titles in each language a source gives; empty when no title is known.
    public var titles: [SourcedTitle]
    /// Other names the session is known by (a video title, say).
    public var aliases: [SourcedTitle]
    /// A descriptive label for a session whose title is unknown; never presented as a title.
    public var label: String?
    public var day: CivilDate?
    public var start: Date?
    public var end: Date?
    public var roomID: String?
    /// Position within the day when a source gives it.
    public var programOrder: Int?
    public var trackID: String?
    public var topicIDs: [String]
    public var speakerIDs: [String]
    public var summary: String?
    /// The longer description some formats give beside the abstract, as clean text.
    public var details: String?
    public var subtitle: String?
    /// The producer's own name for the kind of session ("lecture", "Workshop"), shown as given.
    public var typeName: String?
    /// The language the session is held in, as the file names it ("en", "de").
    public var language: String?
    /// False when the file says the session will not be recorded; nil when it does not say.
    public var recorded: Bool?
    /// An all-day entry (iCalendar `VALUE=DATE`): it has a day but no start or end time.
    public var allDay: Bool = false
    /// True when the speakers were read out of the title ("… (talk by Name)") rather than given.
    public var speakersInferred: Bool = false
    public var links: [Link]
    public var sourceIDs: [String]
    public var notes: String?

    public init(id: String, kind: Kind = .talk, titles: [SourcedTitle] = [], aliases: [SourcedTitle] = [],
                label: String? = nil, day: CivilDate? = nil, start: Date? = nil, end: Date? = nil,
                roomID: String? = nil, programOrder: Int? = nil, trackID: String? = nil,
                topicIDs: [String] = [], speakerIDs: [String] = [], summary: String? = nil,
                details: String? = nil, subtitle: String? = nil, typeName: String? = nil, language: String? = nil,
                recorded: Bool? = nil, links: [Link] = [], sourceIDs: [String] = [], notes: String? = nil) {
        self.id = id
        self.kind = kind
        self.titles = titles
        self.aliases = aliases
        self.label = label
        self.day = day
        self.start = start
        self.end = end
        self.roomID = roomID
        self.programOrder = programOrder
        self.trackID = trackID
        self.topicIDs = topicIDs
        self.speakerIDs = speakerIDs
        self.summary = summary
        self.details = details
        self.subtitle = subtitle
        self.typeName = typeName
        self.language = language
        self.recorded = recorded
        self.links = links
        self.sourceIDs = sourceIDs
        self.notes = notes
    }

    public func title(language: String) -> SourcedTitle? {
        titles.first { $0.language == language }
    }

    /// The title shown first: English where known, else any language.
    public var primaryTitle: SourcedTitle? { title(language: "en") ?? titles.first }

    public var hasKnownTitle: Bool { !titles.isEmpty }

    /// What lists show: the English title, else any title, else the label, else the id.
    public var displayTitle: String {
        if let title = primaryTitle { return title.text }
        if let label, !label.isEmpty { return label }
        return id
    }

    public var hasPublishedTime: Bool { start != nil }
}

import FoundationEssentials
import Glibc

public struct Session: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case keynote, talk, panel, workshop, lightning, `break`, other
    }

    // Stored fields are laid out in the order declared, so they are declared to leave few bytes
    // to alignment: a session is 128 bytes, and a file of 100,000 sessions holds 100,000 of them.
    public var id: String
    /// The room, the track and a title's language, which many sessions of a program hold alike:
    /// one box they share (`SessionSettings`) in 8 bytes, where the three took 48 in each.
    private(set) var setting: OutOfLine<Setting>
    public var topicIDs: [String]
    public var speakerIDs: [String]
    /// A session page, a video, slides: most sessions of a foreign program have one, so they are
    /// kept here rather than making the out-of-line extras for it alone (176 bytes).
    public var links: [Link]
    /// What few sessions of most programs have, kept out of line (`Extras`); nil when none is.
    private var extras: OutOfLine<Extras>?
    // Times as seconds beside a flag each: a `Date?` takes 16 bytes in a struct, two of them 32.
    private var startSeconds: Double = 0
    private var endSeconds: Double = 0
    private var storedTitles: StoredTitles
    public var kind: Kind
    private var flags: Flags = []
    private var storedDay = Session.noDay
    /// `Int32.min` when the source gives none; a given position is clamped above it.
    private var storedProgramOrder = Int32.min
    /// The summary, which may be left in the schedule file until it is shown (`LongText`).
    public var summaryText: LongText?

    /// The one title every foreign reader gives (a language and a text, stated, with no sources),
    /// its text here and its language in `setting`: as an array it was a 96-byte allocation a
    /// session. Titles that are none, several, or one with sources, a note or less than certain
    /// are listed (the bundled program's, Hallway JSON's): kept here, not in the extras, which
    /// sessions giving the same sources share.
    private enum StoredTitles: Sendable, Hashable {
        case plain(String)
        case listed([SourcedTitle])
    }

    /// Whether each field that may be missing is there, and the session's marks, in one byte.
    private struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt8
        static let hasStart = Flags(rawValue: 1 << 0)
        static let hasEnd = Flags(rawValue: 1 << 1)
        static let hasDay = Flags(rawValue: 1 << 2)
        static let allDay = Flags(rawValue: 1 << 3)
        static let speakersInferred = Flags(rawValue: 1 << 4)
        static let cancelled = Flags(rawValue: 1 << 5)
    }

    private func has(_ flag: Flags) -> Bool { flags.contains(flag) }
    private mutating func set(_ flag: Flags, _ on: Bool) {
        if on { flags.insert(flag) } else { flags.remove(flag) }
    }

    /// What sessions of a program hold alike, boxed once for all of them that do.
    struct Setting: Sendable, Hashable {
        var roomID: String?
        var trackID: String?
        /// The language of the one plain title; empty when the titles are listed (`StoredTitles`).
        var titleLanguage = ""
    }

    /// The box of a session with no room, no track and no plain title: one for every such session.
    private static let unset = OutOfLine(Setting())

    private mutating func changeSetting(_ change: (inout Setting) -> Void) {
        var changed = setting.value
        change(&changed)
        setting = Session.box(changed)
    }

    static func box(_ setting: Setting) -> OutOfLine<Setting> {
        setting == Setting() ? unset : OutOfLine(setting)
    }

    /// The language `titles` leave in a session's setting: the one plain title's, else none.
    static func settingLanguage(of titles: [SourcedTitle]) -> String {
        isPlain(titles) ? titles[0].language : ""
    }

    /// Takes the box of an earlier session with the same setting in place of its own, when there
    /// is one; else its own is the one later sessions take.
    mutating func shareSetting(_ settings: inout SessionSettings) {
        setting = settings.box(for: setting.value)
    }

    /// Whether the two hold their settings in one box (tests).
    func sharesSetting(with other: Session) -> Bool { setting.isSameBox(as: other.setting) }

    public var roomID: String? {
        get { setting.value.roomID }
        set { changeSetting { $0.roomID = newValue } }
    }

    public var trackID: String? {
        get { setting.value.trackID }
        set { changeSetting { $0.trackID = newValue } }
    }

    /// An all-day entry (iCalendar `VALUE=DATE`): it has a day but no start or end time.
    public var allDay: Bool {
        get { has(.allDay) }
        set { set(.allDay, newValue) }
    }
    /// True when the speakers were read out of the title ("… (talk by Name)") rather than given.
    public var speakersInferred: Bool {
        get { has(.speakersInferred) }
        set { set(.speakersInferred, newValue) }
    }
    /// True when the program marks the session cancelled (schedule2's `state`, iCalendar's
    /// `STATUS:CANCELLED`, a "CANCELLED:" title prefix), or when it left a program the reader had
    /// seen before (`ChangeDigest.keepingRemoved`): shown marked, never as if it were on.
    public var cancelled: Bool {
        get { has(.cancelled) }
        set { set(.cancelled, newValue) }
    }

    /// Titles in each language a source gives; empty when no title is known.
    public var titles: [SourcedTitle] {
        get {
            switch storedTitles {
            case .plain(let text): [SourcedTitle(language: setting.value.titleLanguage, text: text)]
            case .listed(let titles): titles
            }
        }
        set {
            storedTitles = Session.isPlain(newValue) ? .plain(newValue[0].text) : .listed(newValue)
            let language = Session.settingLanguage(of: newValue)
            if setting.value.titleLanguage != language { changeSetting { $0.titleLanguage = language } }
        }
    }

    /// Whether `titles` are the one title every foreign reader gives (a language and a text,
    /// stated, with no sources), which is held inline: as an array it was a 96-byte allocation a
    /// session. Not for titles that are none, several, or one with sources, a note or less than
    /// certain.
    private static func isPlain(_ titles: [SourcedTitle]) -> Bool {
        titles.count == 1 && titles[0].certainty == .confirmed && titles[0].sourceIDs.isEmpty && titles[0].note == nil
    }

    /// Each title's text, in order, with no array made.
    func forEachTitleText(_ body: (String) -> Void) {
        switch storedTitles {
        case .plain(let text): body(text)
        case .listed(let titles): for title in titles { body(title.text) }
        }
    }

    public var start: Date? {
        get { has(.hasStart) ? Date(timeIntervalSinceReferenceDate: startSeconds) : nil }
        set {
            set(.hasStart, newValue != nil)
            startSeconds = newValue?.timeIntervalSinceReferenceDate ?? 0
        }
    }

    public var end: Date? {
        get { has(.hasEnd) ? Date(timeIntervalSinceReferenceDate: endSeconds) : nil }
        set {
            set(.hasEnd, newValue != nil)
            endSeconds = newValue?.timeIntervalSinceReferenceDate ?? 0
        }
    }

    public var day: CivilDate? {
        get { has(.hasDay) ? storedDay : nil }
        set {
            set(.hasDay, newValue != nil)
            storedDay = newValue ?? Session.noDay
        }
    }

    /// What `storedDay` holds when there is no day, so that two sessions without one are equal.
    private static let noDay = CivilDate(year: 0, month: 0, day: 0)

    /// Position within the day when a source gives it.
    public var programOrder: Int? {
        get { storedProgramOrder == .min ? nil : Int(storedProgramOrder) }
        set { storedProgramOrder = newValue.map { Int32(clamping: max($0, Int(Int32.min) + 1)) } ?? .min }
    }

    public var summary: String? {
        get { summaryText?.string }
        set { summaryText = newValue.map(LongText.init) }
    }

    /// Fields most sessions leave empty (frab's subtitles and types, labels, notes). Inline they
    /// took 110 of a session's 300 bytes whether set or not: 11 MB at 100,000 sessions.
    private struct Extras: Sendable, Hashable {
        var aliases: [SourcedTitle] = []
        var label: String?
        var details: String?
        /// A description as the file wrote it (HTML, Markdown), made clean text when it is read:
        /// most descriptions are never shown, and converting them all was a third of loading a
        /// 10,000-session frab export. Left in the file it came from when the reader can (frab
        /// JSON and XML): at 10,000 sessions the descriptions are 10 MB of a 24.8 MB export.
        var detailsMarkup: LongText?
        var subtitle: String?
        var typeName: String?
        var language: String?
        var recorded: Bool?
        /// What the facts come from (the bundled program's sources); foreign programs give none.
        var sourceIDs: [String] = []
        var notes: String?
    }

    /// Takes `other`'s out-of-line extras in place of an equal copy of its own: the sessions of
    /// a program often give the same sources, and each held its own copy (160 bytes a session of
    /// Hallway JSON). Extras with a description are never compared: one left in its file would
    /// be read back to be compared.
    mutating func shareExtras(with other: Session) {
        guard let mine = extras, let theirs = other.extras, mine.value.detailsMarkup == nil, theirs.value.detailsMarkup == nil,
              mine == theirs else { return }
        extras = theirs
    }

    /// Whether the two hold their extras in one box (tests).
    func sharesExtras(with other: Session) -> Bool {
        guard let mine = extras, let theirs = other.extras else { return false }
        return mine.isSameBox(as: theirs)
    }

    private mutating func changeExtras(_ change: (inout Extras) -> Void) {
        var changed = extras?.value ?? Extras()
        change(&changed)
        extras = changed == Extras() ? nil : OutOfLine(changed)
    }

    /// Other names the session is known by (a video title, say).
    public var aliases: [SourcedTitle] {
        get { extras?.value.aliases ?? [] }
        set { changeExtras { $0.aliases = newValue } }
    }
    /// A descriptive label for a session whose title is unknown; never presented as a title.
    public var label: String? {
        get { extras?.value.label }
        set { changeExtras { $0.label = newValue } }
    }
    /// The longer description some formats give beside the abstract, as clean text; nil when
    /// it says nothing the summary does not.
    public var details: String? {
        get {
            guard let extras = extras?.value else { return nil }
            if let details = extras.details { return details }
            guard let markup = extras.detailsMarkup else { return nil }
            let plain = RichText.plain(markup.string)
            return plain.isEmpty || plain == summary ? nil : plain
        }
        set { changeExtras { $0.details = newValue; $0.detailsMarkup = nil } }
    }

    /// The description as the file wrote it, left to be made clean text when `details` is read.
    var detailsMarkup: LongText? {
        get { extras?.value.details == nil ? extras?.value.detailsMarkup : nil }
        set { changeExtras { $0.details = nil; $0.detailsMarkup = newValue } }
    }

    /// The description already clean (not left as markup), for the snapshot's writer.
    var plainDetails: String? { extras?.value.details }

    /// Never fewer bytes than `details` has: clean text is what is left of markup.
    var detailsByteCountUpperBound: Int {
        extras?.value.details?.utf8.count ?? extras?.value.detailsMarkup?.byteCountUpperBound ?? 0
    }
    public var subtitle: String? {
        get { extras?.value.subtitle }
        set { changeExtras { $0.subtitle = newValue } }
    }
    /// The producer's own name for the kind of session ("lecture", "Workshop"), shown as given.
    public var typeName: String? {
        get { extras?.value.typeName }
        set { changeExtras { $0.typeName = newValue } }
    }
    /// The language the session is held in, as the file names it ("en", "de").
    public var language: String? {
        get { extras?.value.language }
        set { changeExtras { $0.language = newValue } }
    }
    /// False when the file says the session will not be recorded; nil when it does not say.
    public var recorded: Bool? {
        get { extras?.value.recorded }
        set { changeExtras { $0.recorded = newValue } }
    }
    public var sourceIDs: [String] {
        get { extras?.value.sourceIDs ?? [] }
        set { changeExtras { $0.sourceIDs = newValue } }
    }
    public var notes: String? {
        get { extras?.value.notes }
        set { changeExtras { $0.notes = newValue } }
    }

    public init(id: String, kind: Kind = .talk, titles: [SourcedTitle] = [], aliases: [SourcedTitle] = [],
                label: String? = nil, day: CivilDate? = nil, start: Date? = nil, end: Date? = nil,
                roomID: String? = nil, programOrder: Int? = nil, trackID: String? = nil,
                topicIDs: [String] = [], speakerIDs: [String] = [], summary: String? = nil,
                details: String? = nil, subtitle: String? = nil, typeName: String? = nil, language: String? = nil,
                recorded: Bool? = nil, links: [Link] = [], sourceIDs: [String] = [], notes: String? = nil) {
        self.init(id: id, kind: kind, titles: titles, aliases: aliases, label: label, day: day, start: start, end: end, roomID: roomID,
                  programOrder: programOrder, trackID: trackID, topicIDs: topicIDs, speakerIDs: speakerIDs, summary: summary,
                  details: details, subtitle: subtitle, typeName: typeName, language: language, recorded: recorded, links: links,
                  sourceIDs: sourceIDs, notes: notes, detailsMarkup: nil)
    }

    /// The same, with the description left as the file wrote it (`detailsMarkup`, in place of
    /// `details` when given): the readers that leave it so boxed the extras twice, once here and
    /// once more to set it. `setting`: the box of the room, track and title language given,
    /// shared with other sessions (`SessionSettings`); made here when nil.
    init(id: String, kind: Kind = .talk, titles: [SourcedTitle] = [], aliases: [SourcedTitle] = [],
         label: String? = nil, day: CivilDate? = nil, start: Date? = nil, end: Date? = nil,
         roomID: String? = nil, programOrder: Int? = nil, trackID: String? = nil,
         topicIDs: [String] = [], speakerIDs: [String] = [], summary: String? = nil,
         details: String? = nil, subtitle: String? = nil, typeName: String? = nil, language: String? = nil,
         recorded: Bool? = nil, links: [Link] = [], sourceIDs: [String] = [], notes: String? = nil, detailsMarkup: LongText?,
         setting shared: OutOfLine<Setting>? = nil) {
        self.id = id
        self.kind = kind
        let plain = Session.isPlain(titles)
        assert(shared == nil || shared!.value == Setting(roomID: roomID, trackID: trackID, titleLanguage: Session.settingLanguage(of: titles)))
        self.setting = shared ?? Session.box(Setting(roomID: roomID, trackID: trackID, titleLanguage: Session.settingLanguage(of: titles)))
        self.storedTitles = plain ? .plain(titles[0].text) : .listed(titles)
        self.topicIDs = topicIDs
        self.speakerIDs = speakerIDs
        self.summaryText = summary.map(LongText.init)
        self.links = links
        // As setting `detailsMarkup` does: the markup, when given, stands in place of `details`.
        let extras = Extras(aliases: aliases, label: label, details: detailsMarkup == nil ? details : nil, detailsMarkup: detailsMarkup,
                            subtitle: subtitle, typeName: typeName, language: language, recorded: recorded, sourceIDs: sourceIDs, notes: notes)
        self.extras = extras == Extras() ? nil : OutOfLine(extras)
        self.start = start
        self.end = end
        self.day = day
        self.programOrder = programOrder
    }

    public func title(language: String) -> SourcedTitle? {
        switch storedTitles {
        case .plain(let text): setting.value.titleLanguage == language ? SourcedTitle(language: language, text: text) : nil
        case .listed(let titles): titles.first { $0.language == language }
        }
    }

    /// The title shown first: English where known, else any language.
    public var primaryTitle: SourcedTitle? {
        switch storedTitles {
        case .plain(let text): SourcedTitle(language: setting.value.titleLanguage, text: text)
        case .listed(let titles): title(language: "en") ?? titles.first
        }
    }

    public var hasKnownTitle: Bool {
        if case .listed(let titles) = storedTitles { return !titles.isEmpty }
        return true
    }

    /// What lists show: the English title, else any title, else the label, else the id.
    public var displayTitle: String {
        if let title = primaryTitle { return title.text }
        if let label, !label.isEmpty { return label }
        return id
    }

    public var hasPublishedTime: Bool { start != nil }
}

import FoundationEssentials
import Glibc

/// What the readers of other producers' formats (frab and pretalx `schedule.json`, the c3voc
/// schedule2 draft, frab XML) collect from a file, before one builder turns it into a
/// `Conference`. Each reader knows its syntax; the builder alone knows how the pieces fit, so the
/// formats cannot drift apart in how they key sessions, name rooms or derive topics.
struct ForeignProgram {
    var title: String
    var acronym: String?
    /// The producer's name for this release (`<version>`, `schedule.version`).
    var version: String?
    /// The zone the file names (`time_zone_name`); nil when it names none.
    var timeZone: Zone?
    /// False when `timeZone` is only the reader's own, the file not saying where the venue is.
    var timeZoneIsKnown = true
    /// The UTC offset of the first dated event, for files that name no zone.
    var observedOffset: Int?
    /// pentabarf's `<day_change>` in minutes after midnight: a clock time before it belongs to
    /// the night after the day it is listed under (`<start>00:30</start>` under Friday is
    /// Saturday 00:30).
    var dayChangeMinutes: Int?
    var url: String?
    var tracks: [ForeignTrack] = []
    var rooms: [ForeignRoom] = []
    var days: [ForeignDay] = []
    var events: [ForeignEvent] = []
    /// Details of people given apart from the events (schedule2's top-level `persons`), by key.
    var people: [String: ForeignPerson] = [:]
    /// The zone `--venue-tz` names: clock times written without a zone are read in it.
    var venueZone: Zone?
    /// A clock time was read with neither a zone nor an offset anywhere to place it.
    private var readWallClockWithoutZone = false

    init(title: String, venueZone: Zone? = nil) {
        self.title = title
        self.venueZone = venueZone
    }

    /// The zone a clock time written without one (`<start>09:00</start>`) is read in: the one
    /// --venue-tz names, else the file's, else its dates' offset, else, the file naming none,
    /// the reader's: wall times are shown as written (a FOSDEM export names no zone; reading it
    /// as UTC showed "09:00 UTC" and --venue-tz then shifted every talk by an hour).
    mutating func wallClockZone() -> Zone {
        if let venueZone { return venueZone }
        if let timeZone { return timeZone }
        if let observedOffset, let zone = Zone(secondsFromGMT: observedOffset) { return zone }
        readWallClockWithoutZone = true
        return Zone.current
    }

    /// --venue-tz: the venue's zone whatever the file says.
    mutating func applyVenueZone(_ zone: Zone?) {
        guard let zone else { return }
        timeZone = zone
        timeZoneIsKnown = true
    }

    /// The zone the builder places sessions in is settled: named (by the file or --venue-tz) or
    /// read off a written offset. Until it is, events are held, since a later one may settle it.
    var builderZoneIsSettled: Bool {
        venueZone != nil || timeZone != nil || observedOffset != nil
    }

    /// After reading: a program placed only by wall-clock times knows no venue zone, and says so.
    mutating func settleZone(sink: DiagnosticSink) {
        guard readWallClockWithoutZone, venueZone == nil, timeZone == nil, observedOffset == nil else { return }
        timeZone = Zone.current
        timeZoneIsKnown = false
        sink.report(.file, "the file names no time zone and its times carry no offset: they are shown as written, in your zone, until --venue-tz Area/City names the venue's", severity: .warning)
    }
}

struct ForeignTrack {
    var name: String
    var slug: String?
    var color: String?
}

struct ForeignRoom {
    var name: String
    var guid: String?
    var capacity: Int?
    var location: String?
    var url: String?
}

struct ForeignDay {
    var date: CivilDate
    var start: Date?
    var end: Date?
}

struct ForeignPerson {
    /// guid, else pretalx code, else the numeric id, else the name: what identifies them across events.
    var key: String
    var name: String
    var biography: String?
    var links: [Link] = []
}

struct ForeignEvent {
    /// The producer's stable key; nil when the file gives none.
    var guid: String?
    /// The key used when there is no guid (the event's id or code).
    var fallbackKey: String
    /// Where the event is in the file, for messages.
    var place: Diagnostic.Location
    var title: String
    var subtitle: String?
    var typeName: String?
    var language: String?
    /// A track's name or slug.
    var track: String?
    var room: String?
    var start: Date?
    var end: Date?
    /// The conference day the file lists the event under.
    var day: CivilDate?
    var abstract: String?
    /// The abstract made plain by the reader (`RichText.placement`): left in the file when it was
    /// plain text already, else held; read in place of `abstract`. Abstracts are a tenth of a frab export and searched, so
    /// unlike descriptions they were all held, twice while a JSON file's events waited.
    var plainAbstract: LongText?
    /// Left in the file when the reader can: it is only read again when shown.
    var description: LongText?
    var persons: [ForeignPerson] = []
    var links: [Link] = []
    var url: String?
    var recorded: Bool?
    var keywords: [String] = []
    var allDay = false
    var speakersInferred = false
    /// The file marks the event cancelled (schedule2's `state`, iCalendar's `STATUS`).
    var cancelled = false
}

extension ForeignEvent {
    /// What is left in a list of events where one was taken out to be made a session.
    static let taken = ForeignEvent(guid: nil, fallbackKey: "", place: .file, title: "")
}

extension ForeignProgram {
    /// Links as producers write them: a URL string, or an object with `url`/`href` and a title and type.
    static func link(url: String, title: String?, type: String?) -> Link? {
        let trimmed = url.trimmed
        guard trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://") else { return nil }
        let kind: Link.Kind
        switch (type ?? "").lowercased() {
        case "slides": kind = .slides
        case "media", "video", "recording": kind = .video
        case "paper", "article", "blog", "web", "related": kind = .background
        case "origin": kind = .schedule
        default:
            let lowered = (title ?? "").lowercased() + " " + trimmed.lowercased()
            let says = { (word: String) in RichText.containsBytes(lowered, word) }
            if says("slides") || lowered.hasSuffix(".pdf") { kind = .slides }
            else if says("video") || says("media.ccc.de") || says("youtu") { kind = .video }
            else if says("github.com") || says("gitlab") || says("codeberg") { kind = .code }
            else { kind = .other }
        }
        let cleanTitle = title?.trimmed
        return Link(kind: kind, url: trimmed, title: (cleanTitle?.isEmpty ?? true) ? nil : cleanTitle)
    }
}

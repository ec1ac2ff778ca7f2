import FoundationEssentials
import Glibc

public struct Venue: Sendable, Hashable {
    public var name: String
    public var nameZh: String?
    public var address: String?
    public var sourceIDs: [String]
    public var note: String?

    public init(name: String, nameZh: String? = nil, address: String? = nil, sourceIDs: [String] = [], note: String? = nil) {
        self.name = name
        self.nameZh = nameZh
        self.address = address
        self.sourceIDs = sourceIDs
        self.note = note
    }
}

public struct Sponsor: Sendable, Hashable {
    public var name: String
    public var level: String?
    public var sourceIDs: [String]

    public init(name: String, level: String? = nil, sourceIDs: [String] = []) {
        self.name = name
        self.level = level
        self.sourceIDs = sourceIDs
    }
}

/// A whole conference program: the event, and every session, speaker and grouping in it.
public struct Conference: Sendable {
    public var id: String
    public var name: String
    public var nameZh: String?
    /// The short name a producer gives ("38c3", "democon").
    public var acronym: String?
    /// The producer's name for this release of the program (frab's `<version>`, `schedule.version`).
    public var version: String?
    public var days: [CivilDate]
    public var timeZone: Zone
    /// False when the file does not say where the venue is (Sched's feeds give only UTC): times
    /// are then shown in `timeZone`, the reader's own, and the browser says the venue zone is unknown.
    public var timeZoneIsKnown = true
    public var attendance: String?
    public var colocatedWith: String?
    public var organizers: String?
    public var venue: Venue?
    public var programCommitteeIDs: [String]
    public var sponsors: [Sponsor]
    public var links: [Link]
    public var sourceIDs: [String]
    public var notes: [String]
    /// True when tracks were grouped by the data's authors rather than published by the organisers.
    public var tracksAreEditorial: Bool

    public var sources: [Source]
    public var tracks: [Track]
    public var topics: [Topic]
    public var rooms: [Room]
    public var speakers: [Speaker]
    public var sessions: [Session]

    public init(id: String, name: String, nameZh: String? = nil, acronym: String? = nil, days: [CivilDate] = [],
                timeZone: Zone = Zone(identifier: "UTC")!, attendance: String? = nil,
                colocatedWith: String? = nil, organizers: String? = nil, venue: Venue? = nil,
                programCommitteeIDs: [String] = [], sponsors: [Sponsor] = [], links: [Link] = [],
                sourceIDs: [String] = [], notes: [String] = [], tracksAreEditorial: Bool = false,
                sources: [Source] = [], tracks: [Track] = [], topics: [Topic] = [], rooms: [Room] = [],
                speakers: [Speaker] = [], sessions: [Session] = []) {
        self.id = id
        self.name = name
        self.nameZh = nameZh
        self.acronym = acronym
        self.days = days
        self.timeZone = timeZone
        self.attendance = attendance
        self.colocatedWith = colocatedWith
        self.organizers = organizers
        self.venue = venue
        self.programCommitteeIDs = programCommitteeIDs
        self.sponsors = sponsors
        self.links = links
        self.sourceIDs = sourceIDs
        self.notes = notes
        self.tracksAreEditorial = tracksAreEditorial
        self.sources = sources
        self.tracks = tracks
        self.topics = topics
        self.rooms = rooms
        self.speakers = speakers
        self.sessions = sessions
    }
}

extension Conference {
    func withZoneKnown(_ known: Bool) -> Conference {
        var copy = self
        copy.timeZoneIsKnown = known
        return copy
    }
}

import FoundationEssentials
import Glibc

/// The lookups the browser needs, built once at load: sessions by track, speaker, topic, room
/// and day, each list in program order; speakers in name order.
public struct ScheduleIndex: Sendable {
    public let conference: Conference
    /// Every session, in program order (day, then start time, then published position, then file
    /// order); `conference.sessions` is the same array.
    public let sessions: [Session]
    /// Topics with the most sessions first; ties by name (made on first use, like the speakers' order).
    public var topicsByCount: [Topic] { topicOrder.value }
    public let days: [CivilDate]

    /// Positions by session id, kept by the id's hash (`FirstPositions`): a dictionary of the ids
    /// was the largest thing a search made besides the sessions, at its peak.
    private let sessionPosition: FirstPositions
    /// Places in `conference.speakers`: a table of the speakers themselves held a second copy of
    /// each (taking it out took 18 MB off the first frame's peak at 100,000 sessions).
    private let speakerPosition: [String: Int32]
    private let trackByID: [String: Track]
    private let topicByID: [String: Topic]
    private let roomByID: [String: Room]
    private let sourceByID: [String: Source]
    private let byTrack: [String: [Int]]
    /// Sessions by speaker and by topic, gathered on first use: the first frame shows neither
    /// (the Speakers and Topics views, the search index and the filter ask after it), and at
    /// 100,700 sessions gathering them was a tenth of what opening a program seen before did on
    /// its main thread before the first frame.
    private let bySpeakerAndTopic: Lazy<PeopleAndTopics>
    private var bySpeaker: [String: [Int]] { bySpeakerAndTopic.value.bySpeaker }
    private var byTopic: [String: [Int]] { bySpeakerAndTopic.value.byTopic }

    private struct PeopleAndTopics: Sendable {
        let bySpeaker: [String: [Int]]
        let byTopic: [String: [Int]]
    }
    private let byRoom: [String: [Int]]
    private let byDay: [CivilDate: [Int]]
    private let undated: [Int]
    private let speakerOrder: Lazy<[Speaker]>
    private let topicOrder: Lazy<[Topic]>

    public init(_ conference: Conference) {
        var conference = conference
        self.init(ordering: &conference)
    }

    /// The index of `conference`, whose sessions are put in program order in place.
    public init(ordering conference: inout Conference) {
        // Positions are sorted, not sessions: copying the large structs about was a tenth of a
        // load. The conference keeps its sessions in program order too, so one array is held, not
        // two (18 MB at 100,000 sessions), and a snapshot written from it is read back in order
        // with nothing to sort or copy. A file already in program order (most are) shares it as
        // is; another (frab's, room by room) is put in order in place, by swaps, not copied.
        let keys = conference.sessions.indices.map { ScheduleIndex.programOrderKey(conference.sessions, $0) }
        if !zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) {
            conference.sessions.permute(to: keys.indices.sorted { keys[$0] < keys[$1] })
        }
        self.conference = conference
        let ordered = conference.sessions
        sessions = ordered

        // Sessions are read in place by position throughout: iterating them by value copies
        // each one (a score of references to count), which made this grow faster than the program.
        var sessionPosition = FirstPositions()
        sessionPosition.reserveCapacity(ordered.count)
        for position in ordered.indices { _ = sessionPosition.firstOrRecord(ordered[position].id, at: position) { ordered[$0].id } }
        self.sessionPosition = sessionPosition
        speakerPosition = Dictionary(conference.speakers.indices.map { (conference.speakers[$0].id, Int32($0)) }, uniquingKeysWith: { first, _ in first })
        trackByID = Dictionary(conference.tracks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        topicByID = Dictionary(conference.topics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        roomByID = Dictionary(conference.rooms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sourceByID = Dictionary(conference.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var byTrack = PositionsByID(), byRoom = PositionsByID()
        var byDay: [CivilDate: [Int]] = [:], undated: [Int] = []
        for position in ordered.indices {
            if let track = ordered[position].trackID { byTrack.add(track, at: position) }
            if let room = ordered[position].roomID { byRoom.add(room, at: position) }
            if let day = ordered[position].day { byDay[day, default: []].append(position) } else { undated.append(position) }
        }
        let bySpeakerAndTopic = Lazy {
            var bySpeaker = PositionsByID(), byTopic = PositionsByID()
            for position in ordered.indices {
                // A name listed twice counts once; lists are a few names long, so no set is made.
                let speakers = ordered[position].speakerIDs, topics = ordered[position].topicIDs
                for (at, speaker) in speakers.enumerated() where !speakers[..<at].contains(speaker) {
                    bySpeaker.add(speaker, at: position)
                }
                for (at, topic) in topics.enumerated() where !topics[..<at].contains(topic) {
                    byTopic.add(topic, at: position)
                }
            }
            return PeopleAndTopics(bySpeaker: bySpeaker.byID, byTopic: byTopic.byID)
        }
        self.bySpeakerAndTopic = bySpeakerAndTopic
        self.byTrack = byTrack.byID
        self.byRoom = byRoom.byID
        self.byDay = byDay
        self.undated = undated

        topicOrder = Lazy { [topics = conference.topics] in
            let byTopic = bySpeakerAndTopic.value.byTopic
            let keys = NameCollation.sortKeys(topics.map(\.name))
            let ranked: [(topic: Topic, count: Int, key: String)] = topics.indices.map { index in
                (topics[index], byTopic[topics[index].id]?.count ?? 0, keys[index])
            }
            return ranked.sorted { lhs, rhs in
                lhs.count != rhs.count ? lhs.count > rhs.count : lhs.key < rhs.key
            }.map { $0.topic }
        }
        days = Set(conference.days).union(byDay.keys).sorted()
        speakerOrder = Lazy { [speakers = conference.speakers] in NameCollation.sorted(speakers) { $0.name } }
    }

    /// Reads the three fields in place: taking the session as a value copied all of it.
    private static func programOrderKey(_ sessions: [Session], _ fileIndex: Int) -> (CivilDate, Double, Int, Int) {
        (sessions[fileIndex].day ?? CivilDate(year: 9999, month: 12, day: 31),
         sessions[fileIndex].start?.timeIntervalSince1970 ?? .infinity,
         sessions[fileIndex].programOrder ?? Int.max,
         fileIndex)
    }

    public func session(id: String) -> Session? { position(ofSession: id).map { sessions[$0] } }
    public func room(of session: Session) -> Room? { session.roomID.flatMap { roomByID[$0] } }
    public func speaker(id: String) -> Speaker? { speakerPosition[id].map { conference.speakers[Int($0)] } }

    /// Speakers in name order across scripts. Made on the first request, not at load: ordering
    /// Chinese names loads ICU's transliteration rules, which only the Speakers view needs.
    public func speakersSortedByName() -> [Speaker] { speakerOrder.value }
    public func track(id: String) -> Track? { trackByID[id] }
    public func topic(id: String) -> Topic? { topicByID[id] }
    public func room(id: String) -> Room? { roomByID[id] }
    public func source(id: String) -> Source? { sourceByID[id] }

    public func sessions(track id: String) -> [Session] { positions(track: id).map { sessions[$0] } }
    public func sessions(speaker id: String) -> [Session] { positions(speaker: id).map { sessions[$0] } }
    public func sessions(topic id: String) -> [Session] { positions(topic: id).map { sessions[$0] } }
    public func sessions(room id: String) -> [Session] { positions(room: id).map { sessions[$0] } }
    public func sessions(day: CivilDate) -> [Session] { positions(day: day).map { sessions[$0] } }
    /// Sessions whose day is not known at all.
    public var undatedSessions: [Session] { undatedPositions.map { sessions[$0] } }

    // Positions in `sessions`, for callers that keep many lists and should not copy sessions into each.
    public func positions(track id: String) -> [Int] { byTrack[id] ?? [] }
    public func positions(speaker id: String) -> [Int] { bySpeaker[id] ?? [] }
    public func positions(topic id: String) -> [Int] { byTopic[id] ?? [] }
    public func positions(room id: String) -> [Int] { byRoom[id] ?? [] }
    public func positions(day: CivilDate) -> [Int] { byDay[day] ?? [] }
    public var undatedPositions: [Int] { undated }
    public func position(ofSession id: String) -> Int? { sessionPosition.first(id) { sessions[$0].id } }

    /// Each session's room as its place in `conference.rooms` (-1 when it has none or the program
    /// does not list it), by position: what `room(of:)` gives each session, found room by room.
    public func roomPlaces() -> [Int32] {
        var places = [Int32](repeating: -1, count: sessions.count)
        var placed = Set<String>()
        for (place, room) in conference.rooms.enumerated() where placed.insert(room.id).inserted {
            for position in positions(room: room.id) { places[position] = Int32(place) }
        }
        return places
    }

    public func speakers(of session: Session) -> [Speaker] { session.speakerIDs.compactMap { speaker(id: $0) } }
    public func topics(of session: Session) -> [Topic] { session.topicIDs.compactMap { topicByID[$0] } }
    public func sessionCount(speaker id: String) -> Int { bySpeaker[id]?.count ?? 0 }
    public func sessionCount(topic id: String) -> Int { byTopic[id]?.count ?? 0 }
    public func sessionCount(track id: String) -> Int { byTrack[id]?.count ?? 0 }

    /// Sessions with no track, so a by-track listing can still show every session.
    public var sessionsWithoutTrack: [Session] { positionsWithoutTrack.map { sessions[$0] } }

    public var positionsWithoutTrack: [Int] {
        sessions.indices.filter { sessions[$0].trackID.map { trackByID[$0] == nil } ?? true }
    }
}

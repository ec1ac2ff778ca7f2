import FoundationEssentials
import Glibc
import ScheduleKit

/// A row of the sessions pane: a session (by its position in the index), a heading between them,
/// or a line of text above them (a speaker's organisation, biography and links).
public enum SessionRow: Sendable, Hashable {
    case heading(String)
    case session(Int)
    case note(String, StyleRole)
    /// `▶ now 13:05`: where the clock stands among today's sessions.
    case now(String)

    public var sessionPosition: Int? {
        if case .session(let position) = self { return position }
        return nil
    }
}

/// A row of the groups pane: a track, a speaker, a topic or a day, with its sessions.
public struct GroupRow: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case track(String), speaker(String), topic(String), day(CivilDate), unassigned
        /// A kind of change in the Changes view.
        case change(SessionChange.Kind)
    }

    public var subject: Subject
    public var title: String
    public var detail: String?
    public var rows: [SessionRow]

    public var sessionCount: Int { rows.reduce(0) { $0 + ($1.sessionPosition == nil ? 0 : 1) } }
}

extension [GroupRow] {
    /// The groups that name something (tracks, speakers, topics, days): what a pane's title
    /// counts, as `validate` does. A "No track" row is listed but is not a track.
    public var namedCount: Int { reduce(0) { $0 + ($1.subject == .unassigned ? 0 : 1) } }
}

extension SearchEntity {
    /// The group that shows this speaker, topic or track.
    var subject: GroupRow.Subject {
        switch self {
        case .speaker(let id): .speaker(id)
        case .topic(let id): .topic(id)
        case .track(let id): .track(id)
        }
    }
}

/// The index shaped as the browser's views, built once at load. Strings here are sanitised.
public struct Catalog: Sendable {
    public let index: ScheduleIndex
    private let groupsByView: [ViewKind: [GroupRow]]
    /// Ordering names across scripts loads ICU's transliteration rules (about 95 ms here when a
    /// name is in Chinese), which only the Speakers and Topics views need; so they wait until asked for.
    private let speakerGroups: Lazy<[GroupRow]>
    private let topicGroups: Lazy<[GroupRow]>
    /// The days the room grid can show: those with sessions at published times.
    public let gridDays: [CivilDate]
    /// What changed since the release of this program seen before; nil when none was seen.
    public let changes: ChangeDigest?
    /// The filter overlay's lines (`Browser.filterItems`).
    let filterItems: Lazy<[FilterItem]>

    public init(_ index: ScheduleIndex, changes: ChangeDigest? = nil) {
        self.index = index
        self.changes = changes
        filterItems = Lazy { Browser.filterItems(of: index) }
        let safe = TerminalSafe.line
        let sessionRows = { (positions: [Int]) in positions.map(SessionRow.session) }

        var tracks = index.conference.tracks.map { track in
            GroupRow(subject: .track(track.id), title: safe(track.name), detail: nil, rows: sessionRows(index.positions(track: track.id)))
        }
        let untracked = index.positionsWithoutTrack
        if !untracked.isEmpty {
            tracks.append(GroupRow(subject: .unassigned, title: "No track", detail: nil, rows: sessionRows(untracked)))
        }

        speakerGroups = Lazy {
            index.speakersSortedByName().map { speaker in
                GroupRow(subject: .speaker(speaker.id), title: TerminalSafe.line(speaker.fullName),
                         detail: speaker.organization.map { TerminalSafe.line($0.qualifiedName) },
                         rows: index.positions(speaker: speaker.id).map(SessionRow.session))
            }
        }

        topicGroups = Lazy {
            index.topicsByCount.map { topic in
                GroupRow(subject: .topic(topic.id), title: TerminalSafe.line(topic.name), detail: nil,
                         rows: index.positions(topic: topic.id).map(SessionRow.session))
            }
        }

        let ranks = Catalog.roomRanks(index)
        var days = index.days.map { day in
            GroupRow(subject: .day(day), title: day.shortDisplay, detail: nil,
                     rows: Catalog.scheduleRows(index.positions(day: day), index: index, roomRanks: ranks))
        }
        if !index.undatedPositions.isEmpty {
            days.append(GroupRow(subject: .unassigned, title: "Day not published", detail: nil, rows: sessionRows(index.undatedPositions)))
        }

        gridDays = RoomGrid.days(in: index)
        groupsByView = [.tracks: tracks, .schedule: days]
    }

    private let admittedCounts = Memo<ProgramFilter, Int>(capacity: 4)

    /// How many sessions `filter` leaves, of how many; nil when it hides nothing.
    public func filteredCount(_ filter: ProgramFilter) -> (shown: Int, total: Int)? {
        guard !filter.isEmpty else { return nil }
        return (admittedCounts.value(for: filter) { index.sessions.reduce(0) { $0 + (filter.admits($1) ? 1 : 0) } }, index.sessions.count)
    }

    public func groups(_ view: ViewKind) -> [GroupRow] {
        switch view {
        case .speakers: speakerGroups.value
        case .topics: topicGroups.value
        default: groupsByView[view] ?? []
        }
    }

    public func group(_ view: ViewKind, at position: Int) -> GroupRow? {
        let groups = groups(view)
        return groups.indices.contains(position) ? groups[position] : nil
    }

    public func session(at position: Int) -> Session { index.sessions[position] }

    /// A day's sessions by start time, then room; those with no published time under their own heading.
    static func scheduleRows(_ positions: [Int], index: ScheduleIndex, roomRanks rank: RoomRanks) -> [SessionRow] {
        // By start, then room name, then file order, each session's key made once: looking both
        // rooms up by id in each comparison was most of a large program's first frame.
        let timed = positions.compactMap { position -> (start: Date, room: Int, position: Int)? in
            let place = Int(rank.placeOfSession[position])
            return index.sessions[position].start.map { ($0, place >= 0 ? rank.byPlace[place] : rank.none, position) }
        }.sorted { $0 < $1 }.map(\.position)
        let untimed = positions.filter { index.sessions[$0].start == nil }
        var rows = timed.map(SessionRow.session)
        if !untimed.isEmpty {
            rows.append(.heading(SessionTimeText.notPublished))
            rows += untimed.map(SessionRow.session)
        }
        return rows
    }

    /// Each room's rank by its place in the program's rooms, each session's room by place
    /// (`ScheduleIndex.roomPlaces`), and the rank of none: looking each session's room up by its id
    /// hashed every id, after Unicode normalisation when it is not ASCII (a tenth of opening a
    /// program of 100,000 sessions seen before).
    typealias RoomRanks = (byPlace: [Int], placeOfSession: [Int32], none: Int)

    /// Rooms ranked by name as `<` orders them; a session with no room (or one the program does
    /// not list) ranks as a room named "" would.
    static func roomRanks(_ index: ScheduleIndex) -> RoomRanks {
        let names = Array(Set(index.conference.rooms.map(\.name) + [""])).sorted()
        let rankOfName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        return (index.conference.rooms.map { rankOfName[$0.name]! }, index.roomPlaces(), rankOfName[""]!)
    }
}

import FoundationEssentials
import Glibc

/// What became of one session between two releases of a program.
public struct SessionChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case cancelled, moved, retimed, retitled, speakers, language, added, reinstated

        /// The heading of the Changes view's group.
        public var heading: String {
            switch self {
            case .cancelled: "Cancelled"
            case .moved: "Moved"
            case .retimed: "Length changed"
            case .retitled: "Retitled"
            case .speakers: "Speakers changed"
            case .language: "Language changed"
            case .added: "New"
            case .reinstated: "Back on"
            }
        }
    }

    public var key: String
    /// Nil for a session new in this release.
    public var old: SessionFacts?
    /// Nil for a session no longer in the program.
    public var new: SessionFacts?
    public var kinds: [Kind]

    public var title: String { (new ?? old)?.title ?? key }
    /// True when the session left the program rather than being marked cancelled in it.
    public var leftTheProgram: Bool { new == nil }
    /// Where and when it is now, else where it was: what the lists sort by.
    var placement: SessionFacts { (new ?? old)! }

    init?(old: SessionFacts?, new: SessionFacts?) {
        guard let key = (new ?? old)?.key else { return nil }
        var kinds: [Kind] = []
        switch (old, new) {
        case (nil, let new?):
            kinds = [new.cancelled ? .cancelled : .added]
        case (let old?, nil):
            if !old.cancelled { kinds = [.cancelled] }
        case (let old?, let new?):
            if !old.cancelled, new.cancelled { kinds.append(.cancelled) }
            if old.cancelled, !new.cancelled { kinds.append(.reinstated) }
            if old.start != new.start || old.room != new.room || (old.start == nil && old.day != new.day) { kinds.append(.moved) }
            if old.minutes != new.minutes { kinds.append(.retimed) }
            if old.title != new.title { kinds.append(.retitled) }
            if old.speakers != new.speakers && Set(old.speakers) != Set(new.speakers) { kinds.append(.speakers) }
            if old.language != new.language { kinds.append(.language) }
        case (nil, nil):
            return nil
        }
        guard !kinds.isEmpty else { return nil }
        self.key = key
        self.old = old
        self.new = new
        self.kinds = kinds
    }

    /// Speakers who joined, who left, and who kept their id under another name.
    public var speakerChanges: (added: [String], removed: [String], renamed: [(from: String, to: String)]) {
        let before = old?.speakers ?? [], after = new?.speakers ?? []
        let beforeByID = Dictionary(before.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let afterIDs = Set(after.map(\.id))
        var added: [String] = [], renamed: [(String, String)] = []
        for person in after {
            if let name = beforeByID[person.id] {
                if name != person.name { renamed.append((name, person.name)) }
            } else if !before.contains(where: { $0.name == person.name }) {
                added.append(person.name)
            }
        }
        let afterNames = Set(after.map(\.name))
        let removed = before.filter { !afterIDs.contains($0.id) && !afterNames.contains($0.name) }.map(\.name)
        return (added, removed, renamed)
    }
}

/// Everything that changed between two releases of one program, session by session, compared by
/// the session's key (the file's guid, else its id, else the key Hallway makes).
public struct ChangeDigest: Sendable {
    public let from: ProgramVersion
    public let to: ProgramVersion
    /// By the time the session is (or was) on, then title.
    public let changes: [SessionChange]
    private let positionByKey: [String: Int]

    public init(from: ProgramVersion, to: ProgramVersion) {
        self.from = from
        self.to = to
        var changes: [SessionChange] = []
        var (i, j) = (0, 0)
        let (old, new) = (from.sessions, to.sessions)
        // Both lists are in key order: one pass pairs them.
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && old[i].key < new[j].key) {
                if let change = SessionChange(old: old[i], new: nil) { changes.append(change) }
                i += 1
            } else if i == old.count || new[j].key < old[i].key {
                if let change = SessionChange(old: nil, new: new[j]) { changes.append(change) }
                j += 1
            } else {
                if let change = SessionChange(old: old[i], new: new[j]) { changes.append(change) }
                i += 1
                j += 1
            }
        }
        changes.sort { a, b in
            let (x, y) = (a.placement, b.placement)
            if x.start != y.start { return (x.start ?? .distantFuture) < (y.start ?? .distantFuture) }
            return a.title != b.title ? a.title < b.title : a.key < b.key
        }
        self.changes = changes
        positionByKey = Dictionary(changes.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func change(of key: String) -> SessionChange? { positionByKey[key].map { changes[$0] } }

    public var isEmpty: Bool { changes.isEmpty }

    /// The changes that touch the given sessions (the starred ones, say).
    public func touching(_ keys: Set<String>) -> [SessionChange] { changes.filter { keys.contains($0.key) } }

    /// "3 changes · 1 starred talk moved": what the header says once after a refresh.
    public func headline(starred: Set<String>) -> String {
        var text = "\(changes.count) \(changes.count == 1 ? "change" : "changes")"
        let mine = touching(starred)
        guard !mine.isEmpty else { return text }
        let kinds = Set(mine.map { $0.kinds[0] })
        let verb = kinds.count == 1 ? Self.pastTense(kinds.first!) : "changed"
        text += " · \(mine.count) starred \(mine.count == 1 ? "talk" : "talks") \(verb)"
        return text
    }

    private static func pastTense(_ kind: SessionChange.Kind) -> String {
        switch kind {
        case .cancelled: "cancelled"
        case .moved: "moved"
        case .retimed: "retimed"
        case .retitled: "retitled"
        case .speakers: "with other speakers"
        case .language: "in another language"
        case .added: "added"
        case .reinstated: "back on"
        }
    }

    /// The program with the sessions that left it since `from` put back, marked cancelled, so a
    /// starred talk that was dropped shows as cancelled in My agenda instead of vanishing.
    public func keepingRemoved(in conference: Conference) -> Conference {
        let gone = changes.filter(\.leftTheProgram).compactMap(\.old)
        guard !gone.isEmpty else { return conference }
        var program = conference
        let roomByName = Dictionary(conference.rooms.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let speakerIDs = Set(conference.speakers.map(\.id))
        for facts in gone {
            var session = Session(id: facts.key, kind: .other, titles: [SourcedTitle(language: facts.language ?? "und", text: facts.title)],
                                  day: facts.day, start: facts.start,
                                  end: facts.start.flatMap { start in facts.minutes.map { start.addingTimeInterval(TimeInterval($0 * 60)) } },
                                  roomID: facts.room.flatMap { roomByName[$0] },
                                  speakerIDs: facts.speakers.map(\.id).filter(speakerIDs.contains), language: facts.language)
            session.cancelled = true
            program.sessions.append(session)
        }
        return program
    }
}

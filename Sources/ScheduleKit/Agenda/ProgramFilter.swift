/// What a reader chose not to see: rooms and tracks hidden, one language only, only talks that
/// will be recorded. The lists, the room grid and now-and-next honour it; search and My agenda
/// do not (a search finds everything, and a starred talk stays yours). Kept per conference with
/// the remembered place.
public struct ProgramFilter: Sendable, Hashable {
    /// Room ids.
    public var hiddenRooms: Set<String> = []
    /// Track ids.
    public var hiddenTracks: Set<String> = []
    /// A language code ("en"): sessions in another language are hidden; those whose language the
    /// file does not give are kept (unknown is not a reason to hide).
    public var language: String?
    /// Hide sessions the file says will not be recorded (`do_not_record`).
    public var recordedOnly = false

    public init(hiddenRooms: Set<String> = [], hiddenTracks: Set<String> = [], language: String? = nil, recordedOnly: Bool = false) {
        self.hiddenRooms = hiddenRooms
        self.hiddenTracks = hiddenTracks
        self.language = language
        self.recordedOnly = recordedOnly
    }

    public var isEmpty: Bool { hiddenRooms.isEmpty && hiddenTracks.isEmpty && language == nil && !recordedOnly }

    public func admits(_ session: Session) -> Bool {
        if let room = session.roomID, hiddenRooms.contains(room) { return false }
        if let track = session.trackID, hiddenTracks.contains(track) { return false }
        if let language, let spoken = session.language, spoken.lowercased() != language { return false }
        if recordedOnly, session.recorded == false { return false }
        return true
    }

    /// The filter as it applies to `index`: choices naming rooms or tracks it does not have are
    /// dropped, so a filter kept from another release never hides what it cannot show.
    public func within(_ index: ScheduleIndex) -> ProgramFilter {
        var kept = self
        kept.hiddenRooms = hiddenRooms.filter { index.room(id: $0) != nil }
        kept.hiddenTracks = hiddenTracks.filter { index.track(id: $0) != nil }
        if let language, !Self.languages(in: index).contains(language) { kept.language = nil }
        return kept
    }

    /// The languages sessions are given in, as codes in lower case, sorted.
    public static func languages(in index: ScheduleIndex) -> [String] {
        Set(index.sessions.compactMap { $0.language?.lowercased() }.filter { !$0.isEmpty && $0 != "und" }).sorted()
    }
}

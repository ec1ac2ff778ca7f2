import FoundationEssentials
import Glibc

/// What one release of a program says of a session, in the terms an attendee compares: where and
/// when, how long, what it is called, who speaks, in what language, whether it is still on.
/// Whitespace inside texts is collapsed, so a re-indented file says the same thing.
public struct SessionFacts: Sendable, Hashable {
    public struct Person: Sendable, Hashable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The session's identity across releases: the file's guid, else its id, else Hallway's key.
    public var key: String
    public var title: String
    public var day: CivilDate?
    public var start: Date?
    public var minutes: Int?
    public var room: String?
    public var speakers: [Person]
    public var language: String?
    public var cancelled: Bool

    public init(key: String, title: String, day: CivilDate? = nil, start: Date? = nil, minutes: Int? = nil, room: String? = nil,
                speakers: [Person] = [], language: String? = nil, cancelled: Bool = false) {
        self.key = key
        self.title = title
        self.day = day
        self.start = start
        self.minutes = minutes
        self.room = room
        self.speakers = speakers
        self.language = language
        self.cancelled = cancelled
    }
}

/// One release of a program as Hallway saw it: its sessions' facts in key order, so two releases
/// that list the same sessions in another order are the same content.
public struct ProgramVersion: Sendable, Equatable {
    public var conference: String
    public var name: String
    /// The producer's own version string, when the file gives one.
    public var version: String?
    /// When Hallway first saw this content.
    public var seen: Date
    public var zone: Zone
    public var sessions: [SessionFacts]

    public init(conference: String, name: String, version: String?, seen: Date, zone: Zone, sessions: [SessionFacts]) {
        self.conference = conference
        self.name = name
        self.version = version
        self.seen = seen
        self.zone = zone
        self.sessions = sessions.sorted { $0.key < $1.key }
    }

    /// The facts of every session of `conference` as loaded from its file, as seen at `seen`.
    public init(_ conference: Conference, seen: Date) {
        var speakerNames: [String: String] = [:]
        for speaker in conference.speakers { speakerNames[speaker.id] = speaker.name }
        var roomNames: [String: String] = [:]
        for room in conference.rooms { roomNames[room.id] = room.name }
        let facts = conference.sessions.map { session -> SessionFacts in
            let minutes = session.start.flatMap { start in session.end.map { Int(($0.timeIntervalSince(start) / 60).rounded()) } }
            return SessionFacts(key: session.id, title: Self.collapsed(session.displayTitle), day: session.day, start: session.start,
                                minutes: minutes, room: session.roomID.map { Self.collapsed(roomNames[$0] ?? $0) },
                                speakers: session.speakerIDs.map { SessionFacts.Person(id: $0, name: Self.collapsed(speakerNames[$0] ?? $0)) },
                                language: session.language.map { $0.trimmed.lowercased() }.flatMap { $0.isEmpty ? nil : $0 },
                                cancelled: session.cancelled)
        }
        self.init(conference: conference.id, name: conference.name, version: conference.version, seen: seen,
                  zone: conference.timeZone, sessions: facts)
    }

    /// True when the two releases say the same of every session (order, layout and the version
    /// string aside).
    public func sameContent(as other: ProgramVersion) -> Bool { sessions == other.sessions }

    public func facts(of key: String) -> SessionFacts? {
        var low = 0, high = sessions.count
        while low < high {
            let middle = (low + high) / 2
            if sessions[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low < sessions.count && sessions[low].key == key ? sessions[low] : nil
    }

    static func collapsed(_ text: String) -> String {
        if isSingleSpaced(text) { return text }
        guard text.contains(where: { $0.isWhitespace && $0 != " " }) || text.contains("  ") || text.first == " " || text.last == " " else { return text }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// True when the text certainly has no white space but single spaces between other
    /// characters, told on bytes: asking each character whether it is white space was a tenth
    /// of a browser's first frame (two kept releases of 38C3 are read). Anything unsure (a white
    /// space beyond ASCII, a space before a character that might join it) says false, and the
    /// character-wise check above decides.
    static func isSingleSpaced(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, first != 0x20, last != 0x20 else { return text.isEmpty }
        // Walked in place, on the string's own bytes when it has them so (nearly always): a copy
        // was an allocation per field read, and its index walk three times the work.
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            var iterator = bytes.makeIterator()
            return isSingleSpaced(&iterator)
        } ?? {
            var iterator = text.utf8.makeIterator()
            return isSingleSpaced(&iterator)
        }()
    }

    private static func isSingleSpaced(_ utf8: inout some IteratorProtocol<UInt8>) -> Bool {
        var afterSpace = false
        while let byte = utf8.next() {
            if byte < 0x80 {
                if byte == 0x20 && afterSpace || (0x09...0x0D).contains(byte) { return false }
                afterSpace = byte == 0x20
                continue
            }
            // A scalar beyond ASCII: its value from its two to four bytes.
            let length = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1
            var value = UInt32(byte) & (length == 3 ? 0x07 : length == 2 ? 0x0F : 0x1F)
            for _ in 0..<length {
                guard let next = utf8.next() else { return false }
                value = value << 6 | UInt32(next & 0x3F)
            }
            let whiteSpace = value == 0x85 || value == 0xA0 || value == 0x1680 || (0x2000...0x200A).contains(value)
                || value == 0x2028 || value == 0x2029 || value == 0x202F || value == 0x205F || value == 0x3000
            // Below U+0300 nothing joins a space before it into one character, nor do dashes and
            // quotes, CJK ideographs, CJK and full-width punctuation (their marks are left out).
            let cannotJoin = value < 0x300 || (0x2010...0x2027).contains(value) || (0x4E00...0x9FFF).contains(value)
                || (0x3001...0x3029).contains(value) || (0xFF01...0xFF9D).contains(value)
            if whiteSpace || afterSpace && !cannotJoin { return false }
            afterSpace = false
        }
        return true
    }
}

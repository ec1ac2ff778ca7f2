import FoundationEssentials
import Glibc

/// The keys the direct readers know, numbered so that a key read is told apart by one small
/// integer (the reader's number for the key, then this table) rather than by comparing strings.
enum HallwayField: UInt8, CaseIterable {
    case unknown
    case id, kind, titles, aliases, label, day, start, end, room, programOrder, track, topics, speakers, summary, links, sources, notes
    case lang, text, certainty, note
    case name, nameZh, organization, roles
    case url, title

    /// Written out: a case's name told by reflection (`"\(field)"`) cost over a million
    /// instructions at every start that reads Hallway JSON, the bundled program's included.
    static let byName: [String: HallwayField] = [
        "id": .id, "kind": .kind, "titles": .titles, "aliases": .aliases, "label": .label, "day": .day,
        "start": .start, "end": .end, "room": .room, "programOrder": .programOrder, "track": .track,
        "topics": .topics, "speakers": .speakers, "summary": .summary, "links": .links, "sources": .sources,
        "notes": .notes, "lang": .lang, "text": .text, "certainty": .certainty, "note": .note, "name": .name,
        "nameZh": .nameZh, "organization": .organization, "roles": .roles, "url": .url, "title": .title,
    ]

    init(name: String) { self = Self.byName[name] ?? .unknown }

    var bit: UInt32 { 1 << UInt32(rawValue) }
}

/// Hallway's sessions and speakers read straight from their bytes into the model, without a
/// tape or cursors: at 100,000 sessions the tape and the cursors were most of a load
/// (docs/PERFORMANCE.md). Only the plain case is read here. At the first thing out of the
/// ordinary (a value of the wrong type, a missing field, an unknown or repeated key, bad JSON)
/// a reader answers nil and the item is read again through a tape by `HallwayFormat`, which
/// says what is wrong and where; so for every good item both must give the same value
/// (`DirectReadTests` holds them to it). Nothing here throws or reports.
extension JSONReader {
    mutating func directSession() -> Session? {
        var seen: UInt32 = 0
        var id: String?, kind: Session.Kind?, titles: [SourcedTitle]?, aliases: [SourcedTitle] = [], label: String?
        var day: CivilDate?, start: Date?, end: Date?, room: String?, order: Int?, track: String?
        var topics: [String]?, speakers: [String]?, summary: LongText?, links: [Link] = [], sources: [String]?, notes: String?
        let read = directObject(seen: &seen) { reader, field in
            switch field {
            case .id: id = reader.directString().flatMap(SchemaForm.id)
            case .kind: kind = reader.directString().flatMap(Session.Kind.init(rawValue:))
            case .titles: titles = reader.directList { $0.directTitle() }
            case .aliases: return reader.directList { $0.directTitle() }.map { aliases = $0 } != nil
            case .label: return reader.directOptional { $0.directString() }.map { label = $0 } != nil
            case .day: day = reader.directString().flatMap { CivilDate(iso: $0) }
            case .start: return reader.directOptional { $0.directInstant() }.map { start = $0 } != nil
            case .end: return reader.directOptional { $0.directInstant() }.map { end = $0 } != nil
            case .room: return reader.directOptional { $0.directString() }.map { room = $0 } != nil
            case .programOrder:
                guard let value = reader.directOptional({ $0.directInteger() }), (value ?? 1) >= 1 else { return false }
                order = value
                return true
            case .track: return reader.directOptional { $0.directString() }.map { track = $0 } != nil
            case .topics: topics = reader.directStrings()
            case .speakers: speakers = reader.directStrings()
            case .summary: return reader.directOptional { $0.directLongText() }.map { summary = $0 } != nil
            case .links: return reader.directList { $0.directLink() }.map { links = $0 } != nil
            case .sources: sources = reader.directSourceIDs()
            case .notes: return reader.directString().map { notes = $0 } != nil
            default: return false
            }
            return true
        }
        // start, end, room and track must be there even when null; a session needs a title or a label.
        let present = HallwayField.start.bit | HallwayField.end.bit | HallwayField.room.bit | HallwayField.track.bit
        guard read, seen & present == present, let id, let kind, let titles, let day, let topics, let speakers, let sources,
              !titles.isEmpty || !(label ?? "").isEmpty else { return nil }
        var session = Session(id: id, kind: kind, titles: titles, aliases: aliases, label: label, day: day, start: start, end: end,
                              roomID: room, programOrder: order, trackID: track, topicIDs: topics, speakerIDs: speakers,
                              links: links, sourceIDs: sources, notes: notes)
        session.summaryText = summary
        return session
    }

    mutating func directSpeaker() -> Speaker? {
        var seen: UInt32 = 0
        var id: String?, name: String?, nameZh: String?, organization: Organization?, roles: [String] = [], sources: [String]?
        let read = directObject(seen: &seen) { reader, field in
            switch field {
            case .id: id = reader.directString().flatMap(SchemaForm.id)
            case .name: name = reader.directString().flatMap { $0.isEmpty ? nil : $0 }
            case .nameZh: return reader.directOptional { $0.directString() }.map { nameZh = $0 } != nil
            case .organization: return reader.directOptional { $0.directOrganization() }.map { organization = $0 } != nil
            case .roles: return reader.directList { $0.directString().flatMap(SchemaForm.role) }.map { roles = $0 } != nil
            case .sources: sources = reader.directSourceIDs()
            default: return false
            }
            return true
        }
        guard read, let id, let name, let sources else { return nil }
        return Speaker(id: id, name: name, nameZh: nameZh, organization: organization, roles: roles, sourceIDs: sources)
    }

    private mutating func directTitle() -> SourcedTitle? {
        var seen: UInt32 = 0
        var language: String?, text: String?, sourcing = Sourcing()
        let read = directObject(seen: &seen) { reader, field in
            switch field {
            case .lang: language = reader.directString().flatMap(SchemaForm.language)
            case .text: text = reader.directString()
            default: return reader.directSourcing(field, into: &sourcing)
            }
            return true
        }
        guard read, let language, let text, !text.trimmed.isEmpty, let certainty = sourcing.certainty, let sources = sourcing.sources else { return nil }
        return SourcedTitle(language: language, text: text, certainty: certainty, sourceIDs: sources, note: sourcing.note)
    }

    private mutating func directOrganization() -> Organization? {
        var seen: UInt32 = 0
        var name: String?, sourcing = Sourcing()
        let read = directObject(seen: &seen) { reader, field in
            if field == .name {
                name = reader.directString()
                return true
            }
            return reader.directSourcing(field, into: &sourcing)
        }
        guard read, let name, let certainty = sourcing.certainty, let sources = sourcing.sources else { return nil }
        return Organization(name: name, certainty: certainty, sourceIDs: sources, note: sourcing.note)
    }

    /// What a title and an organisation both say of where they come from.
    private struct Sourcing {
        var certainty: Certainty?, sources: [String]?, note: String?
    }

    /// Reads `field` when it is one of `Sourcing`'s; false for any other field, or a value that gives up.
    private mutating func directSourcing(_ field: HallwayField, into sourcing: inout Sourcing) -> Bool {
        switch field {
        case .certainty: sourcing.certainty = directString().flatMap(Certainty.init(rawValue:))
        case .sources: sourcing.sources = directSourceIDs()
        case .note: return directString().map { sourcing.note = $0 } != nil
        default: return false
        }
        return true
    }

    private mutating func directLink() -> Link? {
        var seen: UInt32 = 0
        var kind: Link.Kind?, url: String?, title: String?, sources: [String] = []
        let read = directObject(seen: &seen) { reader, field in
            switch field {
            case .kind: kind = reader.directString().flatMap(Link.Kind.init(rawValue:))
            case .url: url = reader.directString()
            case .title: return reader.directString().map { title = $0 } != nil
            case .sources: return reader.directSourceIDs().map { sources = $0 } != nil
            default: return false
            }
            return true
        }
        guard read, let kind, let url, url.hasPrefix("https://") || url.hasPrefix("http://") else { return nil }
        return Link(kind: kind, url: url, title: title, sourceIDs: sources)
    }

    // The steps. Each leaves the reader just past what it read, or answers nil (false) and leaves
    // it anywhere: the caller then starts the item again another way.

    /// An object whose every key is a field `value` knows and reads (false: give up), none twice.
    /// The fields met are added to `seen`; a value is nil when it was absent or of the wrong type,
    /// which the caller's checks of what it needs then refuse.
    private mutating func directObject(seen: inout UInt32, _ value: (inout JSONReader, HallwayField) -> Bool) -> Bool {
        guard var more = directOpen(UInt8(ascii: "{"), UInt8(ascii: "}")) else { return false }
        while more {
            guard let field = directKey(), seen & field.bit == 0 else { return false }
            seen |= field.bit
            guard value(&self, field), let next = directNext(UInt8(ascii: "}")) else { return false }
            more = next
        }
        return true
    }

    /// Past the bracket `opening` and the space after it: whether a member follows before
    /// `closing` (which is then read too); nil when the value does not start with `opening`.
    private mutating func directOpen(_ opening: UInt8, _ closing: UInt8) -> Bool? {
        guard index < bytes.count, bytes[index] == opening else { return nil }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == closing {
            index += 1
            return false
        }
        return true
    }

    /// After a member: true past a `,` (another member follows), false past `closing`, nil for
    /// anything else.
    private mutating func directNext(_ closing: UInt8) -> Bool? {
        skipSpace()
        guard index < bytes.count else { return nil }
        if bytes[index] == closing {
            index += 1
            return false
        }
        guard bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        skipSpace()
        return true
    }

    /// A key of plain ASCII, and the `:` after it: its field, or nil for a key no reader knows.
    private mutating func directKey() -> HallwayField? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count, end - start <= 32 {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20, byte < 0x80 else { return nil }
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        let number = keyNames.number(of: raw)
        while directFields.count <= number {
            directFields.append(HallwayField(name: String(decoding: keyNames.word(directFields.count), as: UTF8.self)))
        }
        index = end + 1
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipSpace()
        let field = directFields[number]
        return field == .unknown ? nil : field
    }

    /// An instant in the form the schema gives (no fractions of a second, which the parser takes).
    private mutating func directInstant() -> Date? {
        directString().flatMap(SchemaForm.instant).flatMap(ISOInstant.parse)
    }

    private mutating func directString() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        return try? string()
    }

    /// A string left where it is in the file when the reader has one (`LongText`), else held.
    /// Read in full all the same: a text that would be refused must be refused now.
    private mutating func directLongText() -> LongText? {
        let opening = index
        guard let text = directString() else { return nil }
        if let textFile, let stored = LongText(in: textFile, range: (windowOffset + opening)..<(windowOffset + index), encoding: .jsonString) {
            return stored
        }
        return LongText(text)
    }

    /// A value that may be null: .some(nil) for null, nil when `read` gives up.
    private mutating func directOptional<T>(_ read: (inout JSONReader) -> T?) -> T?? {
        if index < bytes.count, bytes[index] == UInt8(ascii: "n") {
            guard (try? literal("null")) != nil else { return nil }
            return .some(nil)
        }
        return read(&self).map { .some($0) }
    }

    /// Integers as `JSONCursor.integer` takes them: whole, and small enough to be exact.
    private mutating func directInteger() -> Int? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]),
              let number = try? number(), number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    /// Lists of source ids, which a program repeats item after item (every session and title
    /// of the bundled program cites one or two of its few sources), share one array each: at
    /// 100,000 sessions that is 16 MB not kept.
    private mutating func directSourceIDs() -> [String]? {
        guard let list = directStrings() else { return nil }
        guard list.count <= 4 else { return list }
        if let shared = sharedSourceLists[list] { return shared }
        if sharedSourceLists.count < 1024 { sharedSourceLists[list] = list }
        return list
    }

    private mutating func directStrings() -> [String]? {
        directList { $0.directString() }
    }

    private mutating func directList<T>(_ item: (inout JSONReader) -> T?) -> [T]? {
        guard var more = directOpen(UInt8(ascii: "["), UInt8(ascii: "]")) else { return nil }
        var items: [T] = []
        while more {
            guard let value = item(&self), let next = directNext(UInt8(ascii: "]")) else { return nil }
            items.append(value)
            more = next
        }
        return items
    }
}

/// The forms the schema's patterns and lists ask of ids, languages, instants and roles, checked
/// byte by byte: a value that passes is one the schema takes, so an item read directly needs no
/// schema check (`HallwayFormat`). Each answers the value, or nil where the schema might refuse
/// it, and the item is then read and checked the other way. `DirectReadTests` holds every item
/// read directly to the schema.
enum SchemaForm {
    /// `^[A-Za-z0-9][A-Za-z0-9._-]*$`
    static func id(_ text: String) -> String? {
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), first.isASCIILetterOrDigit else { return nil }
        while let byte = bytes.next() {
            guard byte.isASCIILetterOrDigit || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else { return nil }
        }
        return text
    }

    /// `^[a-z]{2,3}(-[A-Za-z0-9]+)*$`
    static func language(_ text: String) -> String? {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let head = parts.first, (2...3).contains(head.count), head.allSatisfy({ $0 &- 0x61 < 26 }),
              parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIILetterOrDigit) }) else { return nil }
        return text
    }

    /// `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})$`
    static func instant(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && bytes[range].allSatisfy(\.isASCIIDigit) }
        func byte(_ at: Int, _ expected: Unicode.Scalar) -> Bool { at < bytes.count && bytes[at] == UInt8(ascii: expected) }
        guard digits(0..<4), byte(4, "-"), digits(5..<7), byte(7, "-"), digits(8..<10), byte(10, "T"),
              digits(11..<13), byte(13, ":"), digits(14..<16) else { return nil }
        var at = 16
        if byte(at, ":") {
            guard digits((at + 1)..<(at + 3)) else { return nil }
            at += 3
        }
        if byte(at, "Z") { return at + 1 == bytes.count ? text : nil }
        guard byte(at, "+") || byte(at, "-"), digits((at + 1)..<(at + 3)), byte(at + 3, ":"), digits((at + 4)..<(at + 6)),
              at + 6 == bytes.count else { return nil }
        return text
    }

    /// The schema's list of roles.
    static func role(_ text: String) -> String? {
        text == "program-committee" || text == "review-committee" ? text : nil
    }
}

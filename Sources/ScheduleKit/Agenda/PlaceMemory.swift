import FoundationEssentials
import Glibc

/// Where the reader left off: the view and the zone times were shown in. Kept in
/// `$XDG_STATE_HOME/hallway/place.json` (default `~/.local/state/hallway/`), folder 0700, file
/// 0600, written durably. It is a convenience: a damaged or foreign file is ignored, never fatal.
public struct RememberedPlace: Sendable, Equatable {
    /// A view's name ("schedule", "agenda", …).
    public var view: String?
    /// "venue", "local" or an IANA zone name.
    public var zone: String?
    /// What the reader hid (`f`); nil when nothing.
    public var filter: ProgramFilter?

    public init(view: String? = nil, zone: String? = nil, filter: ProgramFilter? = nil) {
        self.view = view
        self.zone = zone
        self.filter = filter
    }
}

/// Places are kept per conference (quitting one on Topics must not open the next on Topics, nor
/// a program without times on its room grid): `{"format": "hallway-place", "version": 2,
/// "conferences": [{"id": …, "view": …, "zone": …}, …]}`, the most recent first, at most
/// `maximumConferences`. A version 1 file (one place for all) is read as no place.
public struct PlaceMemory: Sendable {
    public let folder: URL
    private var file: URL { folder.appendingPathComponent("place.json") }
    static let format = "hallway-place"
    static let maximumConferences = 100

    public init(folder: URL) {
        self.folder = folder
    }

    /// The memory of this user, when HOME or XDG_STATE_HOME says where it lives.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> PlaceMemory? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return PlaceMemory(folder: URL(fileURLWithPath: state).appendingPathComponent("hallway"))
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return PlaceMemory(folder: URL(fileURLWithPath: home).appendingPathComponent(".local/state/hallway"))
    }

    /// Where the reader left `conference`; nothing when it was never left or cannot be read.
    public func load(conference: String) -> RememberedPlace {
        entries().first { $0.id == conference }?.place ?? RememberedPlace()
    }

    public func save(_ place: RememberedPlace, conference: String) throws(DurableFile.Failure) {
        do {
            try PrivateCache.prepare(folder)
        } catch {
            throw DurableFile.Failure(description: error.description)
        }
        let kept = [(id: conference, place: place)] + entries().filter { $0.id != conference }
        let conferences: [JSONValue] = kept.prefix(Self.maximumConferences).map { entry in
            var object: JSONObject = ["id": .string(entry.id)]
            if let view = entry.place.view { _ = object.insert(.string(view), forKey: "view") }
            if let zone = entry.place.zone { _ = object.insert(.string(zone), forKey: "zone") }
            if let filter = entry.place.filter, !filter.isEmpty {
                var kept: JSONObject = ["hiddenRooms": .array(filter.hiddenRooms.sorted().map(JSONValue.string)),
                                        "hiddenTracks": .array(filter.hiddenTracks.sorted().map(JSONValue.string))]
                if let language = filter.language { _ = kept.insert(.string(language), forKey: "language") }
                if filter.recordedOnly { _ = kept.insert(.bool(true), forKey: "recordedOnly") }
                _ = object.insert(.object(kept), forKey: "filter")
            }
            return .object(object)
        }
        let object: JSONValue = .object(["format": .string(Self.format), "version": .number(2), "conferences": .array(conferences)])
        try DurableFile.replace(file, with: Data((object.written() + "\n").utf8))
    }

    /// A kept filter; nothing of one that does not read (at most 1,000 rooms or tracks of 512 bytes).
    private static func filter(_ value: JSONValue) -> ProgramFilter? {
        func names(_ key: String) -> Set<String> {
            guard case .array(let items)? = value[key], items.count <= 1000 else { return [] }
            return Set(items.compactMap { if case .string(let name) = $0, name.utf8.count <= 512 { name } else { nil } })
        }
        var filter = ProgramFilter(hiddenRooms: names("hiddenRooms"), hiddenTracks: names("hiddenTracks"))
        if case .string(let language)? = value["language"], language.utf8.count <= 32 { filter.language = language }
        if case .bool(true)? = value["recordedOnly"] { filter.recordedOnly = true }
        return filter.isEmpty ? nil : filter
    }

    /// The places kept, most recent first; none when the file is missing, damaged or foreign.
    private func entries() -> [(id: String, place: RememberedPlace)] {
        guard let data = try? PrivateCache.read(file, limit: 1 << 20), let root = try? JSONReader.parse(data),
              case .string(Self.format)? = root["format"], case .array(let items)? = root["conferences"] else { return [] }
        return items.compactMap { item in
            func text(_ key: String) -> String? {
                guard case .string(let value)? = item[key], value.utf8.count <= 64 else { return nil }
                return value
            }
            guard case .string(let id)? = item["id"], id.utf8.count <= 512 else { return nil }
            return (id, RememberedPlace(view: text("view"), zone: text("zone"), filter: item["filter"].flatMap(Self.filter)))
        }
    }
}

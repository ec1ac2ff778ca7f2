import Foundation

/// Where the reader left off: the view and the zone times were shown in. Kept in
/// `$XDG_STATE_HOME/hallway/place.json` (default `~/.local/state/hallway/`), folder 0700, file
/// 0600, written durably. It is a convenience: a damaged or foreign file is ignored, never fatal.
public struct RememberedPlace: Sendable, Equatable {
    /// A view's name ("schedule", "agenda", …).
    public var view: String?
    /// "venue", "local" or an IANA zone name.
    public var zone: String?

    public init(view: String? = nil, zone: String? = nil) {
        self.view = view
        self.zone = zone
    }
}

public struct PlaceMemory: Sendable {
    public let folder: URL
    private var file: URL { folder.appendingPathComponent("place.json") }
    static let format = "hallway-place"

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

    public func load() -> RememberedPlace {
        guard let data = try? PrivateCache.read(file), let root = try? JSONReader.parse(data),
              case .string(Self.format)? = root["format"] else { return RememberedPlace() }
        func text(_ key: String) -> String? {
            guard case .string(let value)? = root[key], value.utf8.count <= 64 else { return nil }
            return value
        }
        return RememberedPlace(view: text("view"), zone: text("zone"))
    }

    public func save(_ place: RememberedPlace) throws(DurableFile.Failure) {
        do {
            try PrivateCache.prepare(folder)
        } catch {
            throw DurableFile.Failure(description: error.description)
        }
        var object: [String: Any] = ["format": Self.format, "version": 1]
        object["view"] = place.view
        object["zone"] = place.zone
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        try DurableFile.replace(file, with: data + Data("\n".utf8))
    }
}

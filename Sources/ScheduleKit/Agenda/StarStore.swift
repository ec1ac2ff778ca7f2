import Foundation

/// Which sessions a person starred, per conference: conference id → session keys.
public struct Stars: Sendable, Equatable {
    public var byConference: [String: Set<String>]

    public init(_ byConference: [String: Set<String>] = [:]) {
        self.byConference = byConference
    }

    public func keys(for conference: String) -> Set<String> { byConference[conference] ?? [] }
}

/// One star set or cleared: what the browser asks a store to save.
public struct StarChange: Sendable, Hashable {
    public var conference: String
    public var session: String
    public var starred: Bool

    public init(conference: String, session: String, starred: Bool) {
        self.conference = conference
        self.session = session
        self.starred = starred
    }
}

/// What loading found: the stars, whether they may be changed, and anything worth saying.
public struct StarsLoaded: Sendable, Equatable {
    public var stars: Stars
    public var writable: Bool
    /// "stars.json was damaged; it was kept as … and the last good copy is used", say.
    public var notice: String?
}

public enum StarStoreError: Error, Equatable, CustomStringConvertible {
    case readOnly(String)
    case failed(String)

    public var description: String {
        switch self {
        case .readOnly(let reason), .failed(let reason): reason
        }
    }
}

/// Where stars are kept. The browser talks to this, so tests can give it one in memory.
public protocol StarStore: Sendable {
    func load() -> StarsLoaded
    /// Applies `change` to what is stored now (another process may have starred meanwhile) and
    /// returns the stars as saved.
    func apply(_ change: StarChange) throws(StarStoreError) -> Stars
}

/// Stars in memory only, for tests and for the kiosk (which never reads or writes stars).
public final class MemoryStarStore: StarStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stars: Stars

    public init(_ stars: Stars = Stars()) {
        self.stars = stars
    }

    public func load() -> StarsLoaded {
        lock.lock()
        defer { lock.unlock() }
        return StarsLoaded(stars: stars, writable: true, notice: nil)
    }

    public func apply(_ change: StarChange) throws(StarStoreError) -> Stars {
        lock.lock()
        defer { lock.unlock() }
        stars = StarFile.applying(change, to: stars)
        return stars
    }
}

/// Stars in `$XDG_DATA_HOME/hallway/stars.json` (default `~/.local/share/hallway/`), folder 0700,
/// file 0600. Saving never loses data: under an exclusive lock, the file is read afresh and the
/// change merged in (two Hallways starring at once keep each other's stars), the old file is
/// copied to `stars.json.bak`, the new one written to a temporary file, flushed, renamed over, and
/// the folder flushed. A file that does not parse is moved aside byte for byte
/// (`stars.json.corrupt-<time>`) and the backup used; a file from a newer Hallway is left alone
/// and stars become read-only.
public final class FileStarStore: StarStore, @unchecked Sendable {
    public let folder: URL
    private var file: URL { folder.appendingPathComponent("stars.json") }
    private var backup: URL { folder.appendingPathComponent("stars.json.bak") }
    private var lockFile: URL { folder.appendingPathComponent("stars.lock") }

    public init(folder: URL) {
        self.folder = folder
    }

    /// The store where the user's stars live, when HOME or XDG_DATA_HOME says where that is.
    public static func standard() -> FileStarStore? {
        defaultFolder().map(FileStarStore.init(folder:))
    }

    /// The keys starred in `conference`, for commands that only read them (plain output, export).
    public static func starredKeys(in conference: String) -> Set<String> {
        standard()?.load().stars.keys(for: conference) ?? []
    }

    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("hallway")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/hallway")
    }

    public func load() -> StarsLoaded {
        do throws(StarStoreError) {
            return try locked { () throws(StarStoreError) -> StarsLoaded in try current() }
        } catch {
            return StarsLoaded(stars: Stars(), writable: false, notice: "stars cannot be kept: \(error.description)")
        }
    }

    public func apply(_ change: StarChange) throws(StarStoreError) -> Stars {
        try locked { () throws(StarStoreError) -> Stars in
            let now = try current()
            guard now.writable else { throw StarStoreError.readOnly(now.notice ?? "stars are read-only") }
            let merged = StarFile.applying(change, to: now.stars)
            try write(merged)
            return merged
        }
    }

    /// Reads stars.json, or after damage the backup; moves a damaged file aside first.
    private func current() throws(StarStoreError) -> StarsLoaded {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            if FileManager.default.fileExists(atPath: file.path) { throw StarStoreError.failed("\(file.path) cannot be read") }
            return StarsLoaded(stars: Stars(), writable: true, notice: nil)
        }
        switch StarFile.decode(data) {
        case .stars(let stars):
            return StarsLoaded(stars: stars, writable: true, notice: nil)
        case .newer(let version):
            return StarsLoaded(stars: (try? StarFile.decodeAnyVersion(data)) ?? Stars(), writable: false,
                               notice: "stars.json was written by a newer Hallway (version \(version)); it is left as it is and stars are read-only")
        case .damaged(let reason):
            let aside = folder.appendingPathComponent("stars.json.corrupt-\(Int(Date().timeIntervalSince1970))")
            guard rename(file.path, aside.path) == 0 else { throw StarStoreError.failed("stars.json is damaged (\(reason)) and cannot be moved aside") }
            var notice = "stars.json was damaged (\(reason)); it was kept as \(aside.lastPathComponent)"
            if let saved = FileManager.default.contents(atPath: backup.path), case .stars(let stars) = StarFile.decode(saved) {
                try write(stars)
                notice += " and the last good copy is used"
                return StarsLoaded(stars: stars, writable: true, notice: notice)
            }
            return StarsLoaded(stars: Stars(), writable: true, notice: notice + "; there was no good copy to go back to")
        }
    }

    private func write(_ stars: Stars) throws(StarStoreError) {
        if let old = FileManager.default.contents(atPath: file.path) {
            try durablyReplace(backup, with: old)
        }
        try durablyReplace(file, with: StarFile.encode(stars))
    }

    private func durablyReplace(_ target: URL, with data: Data) throws(StarStoreError) {
        do { try DurableFile.replace(target, with: data) } catch { throw StarStoreError.failed(error.description) }
    }

    /// Runs `body` holding an exclusive lock on stars.lock, so one process at a time reads and writes.
    private func locked<T>(_ body: () throws(StarStoreError) -> T) throws(StarStoreError) -> T {
        do {
            try PrivateCache.prepare(folder)
        } catch {
            throw StarStoreError.failed(error.description)
        }
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StarStoreError.failed("cannot open \(lockFile.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw StarStoreError.failed("cannot lock \(lockFile.path)") }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// The file's format: `{"format": "hallway-stars", "version": 1, "conferences": {"38c3": ["guid", …]}}`.
enum StarFile {
    static let version = 1

    enum Decoded {
        case stars(Stars)
        case newer(Int)
        case damaged(String)
    }

    static func decode(_ data: Data) -> Decoded {
        guard let root = try? JSONReader.parse(data) else { return .damaged("not valid JSON") }
        guard case .string("hallway-stars")? = root["format"] else { return .damaged("not a stars file") }
        guard case .number(let number)? = root["version"], number.rounded() == number, number >= 1 else { return .damaged("no version") }
        if Int(number) > version { return .newer(Int(number)) }
        guard let stars = try? decodeAnyVersion(data) else { return .damaged("conferences are not lists of session keys") }
        return .stars(stars)
    }

    struct Malformed: Error {}

    static func decodeAnyVersion(_ data: Data) throws -> Stars {
        guard case .object(let conferences)? = (try JSONReader.parse(data))["conferences"] else { throw Malformed() }
        var stars = Stars()
        for (conference, value) in conferences {
            guard case .array(let items) = value else { throw Malformed() }
            stars.byConference[conference] = Set(try items.map { item -> String in
                guard case .string(let key) = item else { throw Malformed() }
                return key
            })
        }
        return stars
    }

    static func encode(_ stars: Stars) -> Data {
        let conferences = stars.byConference.filter { !$0.value.isEmpty }.mapValues { $0.sorted() }
        let object: [String: Any] = ["format": "hallway-stars", "version": version, "conferences": conferences]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return data + Data("\n".utf8)
    }

    static func applying(_ change: StarChange, to stars: Stars) -> Stars {
        var result = stars
        if change.starred {
            result.byConference[change.conference, default: []].insert(change.session)
        } else {
            result.byConference[change.conference]?.remove(change.session)
        }
        return result
    }
}

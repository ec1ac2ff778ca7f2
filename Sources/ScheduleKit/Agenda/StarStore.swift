import FoundationEssentials
import Glibc

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
    /// False when the stars could not be read at all (the stars given are then none, not the
    /// person's): a command that exports them must say so rather than export nothing.
    public var readable: Bool = true
}

public enum StarStoreError: Error, Equatable, CustomStringConvertible {
    case readOnly(String)
    case failed(String)
    /// Another process held the lock longer than a save takes.
    case busy

    public var description: String {
        switch self {
        case .readOnly(let reason), .failed(let reason): reason
        case .busy: "stars are being saved by another Hallway; read-only"
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
    private let lock = Lock()
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

    /// How long to wait for another Hallway's save before going on read-only.
    let lockPatience: TimeInterval

    public init(folder: URL, lockPatience: TimeInterval = 1.5) {
        self.folder = folder
        self.lockPatience = lockPatience
    }

    /// The store where the user's stars live, when HOME or XDG_DATA_HOME says where that is.
    public static func standard() -> FileStarStore? {
        defaultFolder().map { FileStarStore(folder: $0) }
    }

    /// The keys starred in `conference`, for commands that only read them (plain output, export).
    public static func starredKeys(in conference: String) -> Set<String> {
        (try? readStarredKeys(in: conference))?.keys ?? []
    }

    /// The same, or why the stars cannot be read, for a command whose answer is the stars; with
    /// what is worth saying (a damaged file set aside, another Hallway saving).
    public static func readStarredKeys(in conference: String) throws(StarStoreError) -> (keys: Set<String>, notice: String?) {
        guard let store = standard() else { throw .failed("stars cannot be read: neither XDG_DATA_HOME nor HOME names a folder") }
        let loaded = store.load()
        guard loaded.readable else { throw .failed(loaded.notice ?? "stars cannot be read") }
        return (loaded.stars.keys(for: conference), loaded.notice)
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
        } catch .busy {
            // Another Hallway is saving: what is on disk is whole (saves are renames), so read it
            // without the lock, and keep these stars read-only rather than wait.
            let stars = (try? PrivateCache.read(file, limit: StarFile.maximumBytes)).flatMap { data -> Stars? in
                if case .stars(let stars) = StarFile.decode(data) { return stars }
                return nil
            }
            return StarsLoaded(stars: stars ?? Stars(), writable: false, notice: StarStoreError.busy.description, readable: stars != nil)
        } catch {
            return StarsLoaded(stars: Stars(), writable: false, notice: "stars cannot be kept: \(error.description)", readable: false)
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

    /// Reads stars.json, or after damage the backup; moves a damaged file aside first. A FIFO,
    /// device or folder at the name, or a file over the size cap, is damage too.
    private func current() throws(StarStoreError) -> StarsLoaded {
        let decoded: StarFile.Decoded
        do {
            decoded = StarFile.decode(try PrivateCache.read(file, limit: StarFile.maximumBytes))
        } catch {
            switch error.kind {
            case .missing: return StarsLoaded(stars: Stars(), writable: true, notice: nil)
            case .notUsable: decoded = .damaged("it " + error.reason)
            case .refused: throw StarStoreError.failed(error.description)
            }
        }
        switch decoded {
        case .stars(let stars):
            return StarsLoaded(stars: stars, writable: true, notice: nil)
        case .newer(let version, let stars):
            return StarsLoaded(stars: stars, writable: false,
                               notice: "stars.json was written by a newer Hallway (version \(version)); it is left as it is and stars are read-only")
        case .damaged(let reason):
            let aside = folder.appendingPathComponent("stars.json.corrupt-\(Int(Date().timeIntervalSince1970))")
            guard rename(file.path, aside.path) == 0 else { throw StarStoreError.failed("stars.json is damaged (\(reason)) and cannot be moved aside") }
            var notice = "stars.json was damaged (\(reason)); it was kept as \(aside.lastPathComponent)"
            if let saved = try? PrivateCache.read(backup, limit: StarFile.maximumBytes), case .stars(let stars) = StarFile.decode(saved) {
                try write(stars)
                notice += " and the last good copy is used"
                return StarsLoaded(stars: stars, writable: true, notice: notice)
            }
            return StarsLoaded(stars: Stars(), writable: true, notice: notice + "; there was no good copy to go back to")
        }
    }

    private func write(_ stars: Stars) throws(StarStoreError) {
        if let old = try? PrivateCache.read(file, limit: StarFile.maximumBytes) {
            try durablyReplace(backup, with: old)
        }
        let encoded = StarFile.encode(stars)
        guard encoded.count <= StarFile.maximumBytes else {
            throw StarStoreError.failed("stars would take more than \(StarFile.maximumBytes >> 20) MiB; nothing more can be starred")
        }
        try durablyReplace(file, with: encoded)
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
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else { throw StarStoreError.failed("cannot open \(lockFile.path): \(systemReason(errno))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw StarStoreError.failed("\(lockFile.path) is not a file")
        }
        // A save holds the lock for milliseconds; a lock held longer belongs to a process that is
        // stuck or stopped, and waiting on it froze the browser's first screen (32.8 s in a test).
        let deadline = Date().addingTimeInterval(lockPatience)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw StarStoreError.failed("cannot lock \(lockFile.path): \(systemReason(errno))") }
            guard Date() < deadline else { throw StarStoreError.busy }
            usleep(10_000)
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

/// The file's format: `{"format": "hallway-stars", "version": 1, "conferences": {"38c3": ["guid", …]}}`.
enum StarFile {
    static let version = 1
    /// A conference's stars take tens of bytes each: 4 MiB is thousands of conferences.
    static let maximumBytes = 4 << 20

    enum Decoded {
        case stars(Stars)
        case newer(Int, Stars)
        case damaged(String)
    }

    static func decode(_ data: Data) -> Decoded {
        guard let root = try? JSONReader.parse(data) else { return .damaged("not valid JSON") }
        guard case .string("hallway-stars")? = root["format"] else { return .damaged("not a stars file") }
        guard case .number(let number)? = root["version"], number.rounded() == number, number >= 1 else { return .damaged("no version") }
        if Int(number) > version { return .newer(Int(number), (try? decodeAnyVersion(data)) ?? Stars()) }
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
        var listed = JSONObject()
        for (conference, keys) in conferences { _ = listed.insert(.array(keys.map(JSONValue.string)), forKey: conference) }
        let object: JSONValue = .object(["format": .string("hallway-stars"), "version": .number(Double(version)), "conferences": .object(listed)])
        return Data((object.written(pretty: true, escapingSlashes: false) + "\n").utf8)
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

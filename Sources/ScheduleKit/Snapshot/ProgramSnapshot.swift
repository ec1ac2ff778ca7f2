import Foundation

/// A schedule file's program and search index, saved after the first load so the next one-shot
/// `hallway search` reads arrays instead of parsing JSON and tokenising every summary again.
/// Kept in `$XDG_CACHE_HOME/hallway` (or `~/.cache/hallway`), one file per schedule, and trusted
/// only while the schedule's path, size, modification time and inode, and both format versions,
/// are unchanged. A snapshot that fails any check is ignored and written anew.
public enum ProgramSnapshot {
    static let magic = Array("HALLWAY-SNAPSHOT".utf8)
    /// Bump when the model, the index or this encoding changes.
    static let formatVersion = 3

    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("hallway")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/hallway")
    }

    /// The search engine for `path`, from its snapshot when that is current, else by loading the
    /// file (every error reported as usual) and saving a snapshot for next time.
    /// `name` is what messages call the file (its URL for a kept copy); `venueZone` is --venue-tz,
    /// part of the snapshot's identity because it changes which day each session falls on.
    public static func engine(for path: String, maximumSize: Int = ScheduleLoader.maximumFileSize, name: String? = nil,
                              venueZone: TimeZone? = nil, directory: URL?) throws(ScheduleLoadError) -> SearchEngine {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        func load() throws(ScheduleLoadError) -> SearchEngine {
            SearchEngine(ScheduleIndex(try ScheduleLoader.read(file: path, maximumSize: maximumSize, name: name, venueZone: venueZone).conference))
        }
        guard let directory, let identity = identity(of: absolute, venueZone: venueZone) else { return try load() }
        let file = directory.appendingPathComponent(String(fnv1a(absolute), radix: 16) + ".snapshot")
        if let engine = read(file, expecting: identity) { return engine }
        let engine = try load()
        write(engine, identity: identity, to: file)
        return engine
    }

    /// What the snapshot must match: the schedule file as the filesystem describes it now.
    static func identity(of path: String, venueZone: TimeZone? = nil) -> [Int]? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return [formatVersion, HallwayFormat.supportedVersion, Int(status.st_size), Int(status.st_mtim.tv_sec),
                Int(status.st_mtim.tv_nsec), Int(status.st_ino), Int(status.st_dev),
                venueZone.map { Int(truncatingIfNeeded: fnv1a($0.identifier)) } ?? 0]
    }

    static func read(_ file: URL, expecting identity: [Int]) -> SearchEngine? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        var reader = BinaryReader(Array(data))
        do {
            guard Array(try reader.bytes()) == magic else { return nil }
            guard try reader.array({ (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.int() }) == identity else { return nil }
            let conference = try ConferenceCoding.read(&reader)
            let engine = try SearchEngine.read(&reader, index: ScheduleIndex(conference))
            return reader.isAtEnd ? engine : nil
        } catch {
            return nil
        }
    }

    /// Written beside and renamed into place, owner-only, so a reader never sees half a snapshot.
    static func write(_ engine: SearchEngine, identity: [Int], to file: URL) {
        var writer = BinaryWriter()
        writer.bytes(magic)
        writer.array(identity) { $0.int($1) }
        ConferenceCoding.write(engine.index.conference, to: &writer)
        engine.write(to: &writer)
        let directory = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(writer.bytes).write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        } catch {
            // A snapshot is only a speed-up; without one the next run loads the file again.
        }
    }

    /// FNV-1a: a stable name for a schedule's snapshot file (not a security measure: the
    /// contents are checked against the identity regardless).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3 }
        return hash
    }
}

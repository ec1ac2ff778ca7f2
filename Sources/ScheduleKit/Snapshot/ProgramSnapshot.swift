import FoundationEssentials
import Glibc

/// A schedule file's program and search index, saved after the first load so the next one-shot
/// `hallway search` reads arrays instead of parsing JSON and tokenising every summary again.
/// Kept in `$XDG_CACHE_HOME/hallway` (or `~/.cache/hallway`), one file per schedule, and trusted
/// only while the schedule's path, size, modification time and inode, and both format versions,
/// are unchanged. A snapshot that fails any check is ignored and written anew.
public enum ProgramSnapshot {
    static let magic = Array("HALLWAY-SNAPSHOT".utf8)
    /// Bump when the model, the index or this encoding changes.
    static let formatVersion = 14

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
    /// `cacheIgnored` hears why the cache was not used, when it is not safe to use.
    public static func engine(for path: String, maximumSize: Int = ScheduleLoader.maximumFileSize, name: String? = nil,
                              venueZone: Zone? = nil, directory: URL?,
                              cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) throws(ScheduleLoadError) -> SearchEngine {
        try engine(for: path, maximumSize: maximumSize, name: name, venueZone: venueZone, directory: directory,
                   keeping: nil, cacheIgnored: cacheIgnored)
    }

    /// One query's answer, for `hallway search`: from a current snapshot only the postings the
    /// query can reach are read (at 100,000 sessions the whole index is 35 MB of a warm search's
    /// peak), with the terms its typo tolerance and suggestion could reach, as
    /// `SearchEngine.answer(_:in:limit:)` indexes for a search without the cache: one read, so a
    /// query that matches nothing costs what one that matches does (it read the whole index again).
    public static func answer(_ query: SearchQuery, limit: Int? = nil, for path: String, maximumSize: Int = ScheduleLoader.maximumFileSize,
                              name: String? = nil, venueZone: Zone? = nil, directory: URL?,
                              cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) throws(ScheduleLoadError) -> (index: ScheduleIndex, results: SearchResults) {
        let engine = try engine(for: path, maximumSize: maximumSize, name: name, venueZone: venueZone, directory: directory,
                                keeping: SearchEngine.termFilter(for: query, typos: true), cacheIgnored: cacheIgnored)
        return (engine.index, engine.search(query, limit: limit))
    }

    /// The program alone, for the browser: from a current snapshot when there is one (its search
    /// terms left unread: the browser indexes on a thread after its first frame), else read from
    /// the file, with a snapshot saved on a thread for the next start. `saving`, when not nil,
    /// is that save: wait for it before the process ends, so it is never cut off half-written.
    /// `engine` is the program's search index, made once for the save and the browser alike.
    public static func program(for path: String, maximumSize: Int = ScheduleLoader.maximumFileSize, name: String? = nil,
                               venueZone: Zone? = nil, directory: URL?, savesWhenStale: Bool = true) throws(ScheduleLoadError) -> Opened {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        func load() throws(ScheduleLoadError) -> ScheduleIndex {
            try ScheduleLoader.read(file: path, maximumSize: maximumSize, name: name, venueZone: venueZone, making: ScheduleIndex.init(ordering:)).product
        }
        guard let directory, let pending = FileIdentity(of: absolute, venueZone: venueZone), (try? PrivateCache.prepare(directory)) != nil else {
            return Opened(try load())
        }
        let file = directory.appendingPathComponent(String(fnv1a(absolute), radix: 16) + ".snapshot")
        if let decoded = read(file, expecting: pending, keeping: InvertedIndex.TermFilter([]), cacheIgnored: { _ in }) {
            var opened = Opened(decoded.index)
            opened.source = pending.whole
            return opened
        }
        guard let identity = pending.whole else { return Opened(try load()) }
        var opened = Opened(try load())
        opened.source = identity
        guard savesWhenStale else { return opened }
        // The engine the snapshot keeps is the one the browser searches: on two cores, making it
        // twice at start-up was a tenth of the first frame's time taken from the main thread.
        let engine = opened.engine
        let saving = BackgroundThread { write(engine.value, identity: identity, to: file) }
        saving.start()
        opened.saving = saving
        return opened
    }

    /// A program opened for the browser: its index, the save of its snapshot when one is being
    /// written (`saving`, to wait for before exit), and its search index, made on first use.
    public struct Opened {
        public var index: ScheduleIndex
        public var saving: BackgroundThread?
        public var engine: Lazy<SearchEngine>
        /// The identity of the file it was read from (`identity(of:venueZone:)`), content
        /// included: what its kept releases are remembered by (`VersionStore.remember`).
        public var source: [Int]?

        public init(_ index: ScheduleIndex) {
            self.index = index
            engine = Lazy { SearchEngine(index) }
        }
    }

    /// The engine: the whole of it when read from the file, only the terms `filter` keeps when
    /// read from a snapshot.
    private static func engine(for path: String, maximumSize: Int, name: String?, venueZone: Zone?, directory: URL?,
                               keeping filter: InvertedIndex.TermFilter?,
                               cacheIgnored: (PrivateCache.Refusal) -> Void) throws(ScheduleLoadError) -> SearchEngine {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        func load() throws(ScheduleLoadError) -> SearchEngine {
            SearchEngine(try ScheduleLoader.read(file: path, maximumSize: maximumSize, name: name, venueZone: venueZone, making: ScheduleIndex.init(ordering:)).product)
        }
        guard let directory, let identity = FileIdentity(of: absolute, venueZone: venueZone) else { return try load() }
        do {
            try PrivateCache.prepare(directory)
        } catch {
            cacheIgnored(error)
            return try load()
        }
        let file = directory.appendingPathComponent(String(fnv1a(absolute), radix: 16) + ".snapshot")
        if let decoded = read(file, expecting: identity, keeping: filter, cacheIgnored: cacheIgnored) { return decoded }
        guard let identity = identity.whole else { return try load() }
        let loaded = try load()
        write(loaded, identity: identity, to: file)
        return loaded
    }

    /// What the snapshot must match: the schedule file as it is now, its content included (a
    /// same-size edit within one clock tick, or one whose time was set back, changes no
    /// timestamp), and the format versions, the venue zone and the reader's zone it was read with.
    static func identity(of path: String, venueZone: Zone? = nil) -> [Int]? {
        FileIdentity(of: path, venueZone: venueZone)?.whole
    }

    /// `identity(of:venueZone:)` in two parts: what `stat` tells at once, and the content's
    /// checksum, made when first asked for (reading the file a megabyte at a time, never whole: at
    /// 100,000 sessions it is 219 MB), on whichever thread asks first.
    struct FileIdentity: Sendable {
        let stamp: [Int]
        let content: Lazy<Int?>

        /// Everything, the content's checksum last; nil when the file cannot be read.
        var whole: [Int]? { content.value.map { stamp + [$0] } }

        init?(of path: String, venueZone: Zone?) {
            var status = stat()
            // Checked before opening: opening a pipe for reading would wait for a writer.
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, let handle = FileDescriptor(readingAtPath: path),
                  fstat(handle.descriptor, &status) == 0 else { return nil }
            stamp = [formatVersion, HallwayFormat.supportedVersion, Int(status.st_size), Int(status.st_mtim.tv_sec),
                     Int(status.st_mtim.tv_nsec), Int(status.st_ino), Int(status.st_dev),
                     venueZone.map { Int(truncatingIfNeeded: fnv1a($0.identifier)) } ?? 0,
                     // A file that names no zone (an iCalendar feed in UTC) is read in the reader's:
                     // the days its sessions fall on depend on it, so a snapshot holds only for it.
                     Int(truncatingIfNeeded: fnv1a(Zone.current.identifier))]
            let size = Int(status.st_size)
            content = Lazy {
                defer { handle.close() }
                return PrivateCache.snapshotChecksum(of: 0..<size, in: handle).map { Int(truncatingIfNeeded: $0) }
            }
        }

        /// One whose content's checksum is known already.
        init(_ whole: [Int]) {
            stamp = Array(whole.dropLast())
            let content = whole.last
            self.content = Lazy { content }
        }
    }

    /// A snapshot is used only when it is the user's own, matches `identity`, and its checksum
    /// holds: a flipped byte must not change what a search finds.
    static func read(_ file: URL, expecting identity: [Int], window: Int = 1 << 20, keeping filter: InvertedIndex.TermFilter? = nil,
                     cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) -> SearchEngine? {
        read(file, expecting: FileIdentity(identity), window: window, keeping: filter, cacheIgnored: cacheIgnored)
    }

    /// The same, with the schedule file's content and the snapshot's payload checked on a thread
    /// while the payload is decoded (reading both through was a tenth of opening a program
    /// before): the decoded program is used only once both checks hold, and decoding bytes that
    /// turn out damaged is safe (every length is checked, and the fuzz target feeds it any bytes).
    static func read(_ file: URL, expecting identity: FileIdentity, window: Int = 1 << 20, keeping filter: InvertedIndex.TermFilter? = nil,
                     cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) -> SearchEngine? {
        guard FileManager.default.fileExists(atPath: file.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) != nil else { return nil }
        // Read through a window, never whole: the payload is checked a window at a time, then
        // decoded through another (at 100,000 sessions the file is 118 MB).
        let handle: FileDescriptor, size: Int
        do {
            (handle, size) = try PrivateCache.open(file)
        } catch {
            cacheIgnored(error)
            return nil
        }
        // Closed with the last reader of it (the handle closes when freed): long texts are read
        // from it when shown.
        let source = BinaryReader.Source(file: handle, name: file.path, window: window)
        var reader = BinaryReader(source, within: 0..<size)
        // A snapshot of an older Hallway or of the file before it changed is simply replaced; one
        // that is damaged is replaced too, and stderr says so (a search must not change quietly).
        func damaged(_ why: String) -> SearchEngine? {
            cacheIgnored(PrivateCache.Refusal(path: file.path, reason: "is damaged (\(why)); it is written anew", kind: .notUsable))
            return nil
        }
        do {
            guard try reader.bytes().elementsEqual(magic) else { return damaged("not a Hallway snapshot") }
            let recorded = try reader.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.int() }
            guard recorded.dropLast() == identity.stamp[...] else { return nil }
            let payload = try reader.skipBytes()
            let checksum = UInt64(bitPattern: Int64(try reader.int()))
            guard reader.isAtEnd else { return damaged("its checksum does not match") }
            let checked = Lazy { identity.content.value == recorded.last && PrivateCache.snapshotChecksum(of: payload, in: handle) == checksum }
            BackgroundThread.detachNew { _ = checked.value }
            let decoded = decode(BinaryReader(source, within: payload), keeping: filter)
            guard checked.value else {
                // A file changed since is not damage: its snapshot is simply replaced.
                return identity.content.value == recorded.last ? damaged("its checksum does not match") : nil
            }
            return decoded ?? damaged("its content does not decode")
        } catch {
            return damaged("it ends too soon")
        }
    }

    /// A snapshot's payload (the program and its index) back into an engine; nil when damaged.
    /// Behind the checksum for files; the fuzz target feeds it bytes directly.
    static func decode(_ payload: [UInt8]) -> SearchEngine? {
        decode(BinaryReader(payload))
    }

    private static func decode(_ reader: BinaryReader, keeping filter: InvertedIndex.TermFilter? = nil) -> SearchEngine? {
        var contents = reader
        do {
            let index = ScheduleIndex(try ConferenceCoding.read(&contents))
            let engine = try SearchEngine.read(&contents, index: index, keeping: filter)
            return contents.isAtEnd ? engine : nil
        } catch {
            return nil
        }
    }

    /// Written beside and renamed into place, owner-only, so a reader never sees half a snapshot.
    static func write(_ engine: SearchEngine, identity: [Int], to file: URL) {
        var payload = BinaryWriter()
        ConferenceCoding.write(engine.index.conference, to: &payload)
        engine.write(to: &payload)
        // Laid out as `header.bytes(payload)` would write it, with the payload never copied.
        var header = BinaryWriter(), trailer = BinaryWriter()
        header.bytes(magic)
        header.array(identity) { $0.int($1) }
        header.int(payload.bytes.count)
        trailer.int(Int(Int64(bitPattern: payload.bytes.withUnsafeBytes { PrivateCache.snapshotChecksum($0) })))
        // A snapshot is only a cache: when it cannot be saved, the next start builds it again.
        try? DurableFile.replace(file, withParts: [header.bytes, payload.bytes, trailer.bytes])
    }

    /// FNV-1a: a stable name for a schedule's snapshot file (not a security measure: the
    /// contents are checked against the identity regardless).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3 }
        return hash
    }
}

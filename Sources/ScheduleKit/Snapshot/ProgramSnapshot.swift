import Foundation

/// A schedule file's program and search index, saved after the first load so the next one-shot
/// `hallway search` reads arrays instead of parsing JSON and tokenising every summary again.
/// Kept in `$XDG_CACHE_HOME/hallway` (or `~/.cache/hallway`), one file per schedule, and trusted
/// only while the schedule's path, size, modification time and inode, and both format versions,
/// are unchanged. A snapshot that fails any check is ignored and written anew.
public enum ProgramSnapshot {
    static let magic = Array("HALLWAY-SNAPSHOT".utf8)
    /// Bump when the model, the index or this encoding changes.
    static let formatVersion = 7

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
                              venueZone: TimeZone? = nil, directory: URL?,
                              cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) throws(ScheduleLoadError) -> SearchEngine {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        func load() throws(ScheduleLoadError) -> SearchEngine {
            SearchEngine(try ScheduleLoader.read(file: path, maximumSize: maximumSize, name: name, venueZone: venueZone, making: ScheduleIndex.init).product)
        }
        guard let directory, let identity = identity(of: absolute, venueZone: venueZone) else { return try load() }
        do {
            try PrivateCache.prepare(directory)
        } catch {
            cacheIgnored(error)
            return try load()
        }
        let file = directory.appendingPathComponent(String(fnv1a(absolute), radix: 16) + ".snapshot")
        if let engine = read(file, expecting: identity, cacheIgnored: cacheIgnored) { return engine }
        let engine = try load()
        write(engine, identity: identity, to: file)
        return engine
    }

    /// What the snapshot must match: the schedule file as it is now, its content included (a
    /// same-size edit within one clock tick, or one whose time was set back, changes no
    /// timestamp), and the format versions and the venue zone it was read with.
    static func identity(of path: String, venueZone: TimeZone? = nil) -> [Int]? {
        var status = stat()
        // Checked before opening: opening a pipe for reading would wait for a writer.
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // Read a megabyte at a time, never whole: at 100,000 sessions the file is 108 MB.
        guard fstat(handle.fileDescriptor, &status) == 0, let content = fingerprint(of: 0..<Int(status.st_size), in: handle) else { return nil }
        return [formatVersion, HallwayFormat.supportedVersion, Int(status.st_size), Int(status.st_mtim.tv_sec),
                Int(status.st_mtim.tv_nsec), Int(status.st_ino), Int(status.st_dev),
                venueZone.map { Int(truncatingIfNeeded: fnv1a($0.identifier)) } ?? 0,
                Int(truncatingIfNeeded: content)]
    }

    /// A snapshot is used only when it is the user's own, matches `identity`, and its checksum
    /// holds: a flipped byte must not change what a search finds.
    static func read(_ file: URL, expecting identity: [Int], window: Int = 1 << 20,
                     cacheIgnored: (PrivateCache.Refusal) -> Void = { _ in }) -> SearchEngine? {
        guard FileManager.default.fileExists(atPath: file.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) != nil else { return nil }
        // Read through a window, never whole: the payload is checked a window at a time, then
        // decoded through another (at 100,000 sessions the file is 118 MB).
        let handle: FileHandle, size: Int
        do {
            (handle, size) = try PrivateCache.open(file)
        } catch {
            cacheIgnored(error)
            return nil
        }
        defer { try? handle.close() }
        let source = BinaryReader.Source(file: handle, name: file.path, window: window)
        var reader = BinaryReader(source, within: 0..<size)
        do {
            guard try reader.bytes().elementsEqual(magic) else { return nil }
            guard try reader.array({ (r: inout BinaryReader) throws(BinaryReader.Damaged) in try r.int() }) == identity else { return nil }
            let payload = try reader.skipBytes()
            guard UInt64(bitPattern: Int64(try reader.int())) == fingerprint(of: payload, in: handle), reader.isAtEnd else { return nil }
            return decode(BinaryReader(source, within: payload))
        } catch {
            return nil
        }
    }

    /// The checksum of a range of a file (a snapshot's payload, a whole schedule file), read a
    /// megabyte (a whole number of words) at a time.
    private static func fingerprint(of range: Range<Int>, in file: FileHandle) -> UInt64? {
        var print = PrivateCache.Fingerprint(count: range.count)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let wanted = min(chunk.count, range.upperBound - offset)
            guard chunk.withUnsafeMutableBytes({ file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]), at: offset) }) == wanted else { return nil }
            chunk.withUnsafeBytes { print.add(UnsafeRawBufferPointer(rebasing: $0[0..<wanted])) }
            offset += wanted
        }
        return print.value
    }

    /// A snapshot's payload (the program and its index) back into an engine; nil when damaged.
    /// Behind the checksum for files; the fuzz target feeds it bytes directly.
    static func decode(_ payload: [UInt8]) -> SearchEngine? {
        decode(BinaryReader(payload))
    }

    private static func decode(_ reader: BinaryReader) -> SearchEngine? {
        var contents = reader
        do {
            let conference = try ConferenceCoding.read(&contents)
            let engine = try SearchEngine.read(&contents, index: ScheduleIndex(conference))
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
        trailer.int(Int(Int64(bitPattern: PrivateCache.fingerprint(payload.bytes))))
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

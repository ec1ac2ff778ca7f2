import FoundationEssentials
import Glibc

/// The releases of each program Hallway has seen, so it can say what changed: kept in
/// `$XDG_STATE_HOME/hallway/versions/<conference>/` (default `~/.local/state/hallway/`), folder
/// 0700, files 0600, each written durably (`DurableFile`), the newest `keptPerConference` a
/// conference. A release is kept when its content differs from the newest kept one, so opening the
/// same file again, re-indented or reordered, keeps nothing new. A file that does not read is set
/// aside byte for byte (`NAME.damaged`) and said so, as a damaged stars file is.
public struct VersionStore: Sendable {
    public let folder: URL
    /// The current release and the twenty before it.
    static let keptPerConference = 21
    static let maximumFileBytes = 64 << 20

    public init(folder: URL) {
        self.folder = folder
    }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> VersionStore? {
        PlaceMemory.standard(environment: environment).map { VersionStore(folder: $0.folder.appendingPathComponent("versions")) }
    }

    /// What recording a release found: the release before it (nil the first time a program is
    /// seen), the one now current, and what is worth telling the reader. From `recorded(from:of:)`
    /// the two releases hold only the sessions that changed between them.
    public struct Recorded: Sendable {
        public var previous: ProgramVersion?
        public var current: ProgramVersion
        public var notices: [String] = []
        /// True when this content was not kept before.
        public var isNew: Bool

        public var digest: ChangeDigest? { previous.map { ChangeDigest(from: $0, to: current) } }
    }

    /// Keeps `version` unless the newest kept release says the same. Never fails: a store that
    /// cannot be written leaves the changes unknown and says why.
    public func record(_ version: ProgramVersion) -> Recorded {
        var recorded = history(with: version, reading: 2).recorded
        guard recorded.isNew else { return recorded }
        do {
            try save(version)
        } catch {
            recorded.notices.append("this release of the program cannot be kept, so later changes cannot be told: \(error.description)")
        }
        return recorded
    }

    /// The kept releases, newest first (at most `limit` of them), with `version` in front when its
    /// content is not the newest kept: what `ReleaseSequence` counts; and what `record` finds,
    /// keeping nothing (`render` and `export ics` read the history but do not add to it).
    public func history(with version: ProgramVersion, reading limit: Int = Int.max) -> (recorded: Recorded, releases: [ProgramVersion]) {
        let (kept, notices) = versions(of: version.conference, newestFirst: limit)
        let isNew = kept.first?.sameContent(as: version) != true
        let releases = isNew ? [version] + kept : kept
        return (Recorded(previous: releases.dropFirst().first, current: releases[0], notices: notices, isNew: isNew), releases)
    }

    /// The releases kept of `conference`, newest first (at most `newestFirst` of them), with a
    /// notice for each damaged file set aside.
    public func versions(of conference: String, newestFirst limit: Int = Int.max) -> (versions: [ProgramVersion], notices: [String]) {
        let directory = folder(of: conference)
        var versions: [ProgramVersion] = [], notices: [String] = []
        for name in fileNames(in: directory).reversed() {
            guard versions.count < limit else { break }
            let file = directory.appendingPathComponent(name)
            do {
                let data = try PrivateCache.read(file, limit: Self.maximumFileBytes)
                if let version = VersionFile.decode(data) {
                    versions.append(version)
                    continue
                }
                notices.append(setAside(file, because: "it does not read as a kept release"))
            } catch {
                if error.kind == .missing { continue }
                notices.append(error.kind == .notUsable ? setAside(file, because: error.reason) : "a kept release is not read: \(error.description)")
            }
        }
        return (versions, notices)
    }

    /// What `record` found for a program read from a schedule file that has not changed since
    /// (`source`, its identity as `ProgramSnapshot` takes it), when the releases it was compared
    /// with are still the newest kept: nil otherwise, and then `record` finds it. Its `previous`
    /// and `current` hold only the sessions that changed between them (see `KnownRelease`).
    public func recorded(from source: [Int], of conference: String) -> Recorded? {
        let directory = folder(of: conference)
        guard let data = try? PrivateCache.read(directory.appendingPathComponent(KnownRelease.fileName), limit: Self.maximumFileBytes),
              let known = KnownRelease.decode(data), known.source == source,
              known.stamps == newestStamps(in: directory, count: known.stamps.count)
        else { return nil }
        return Recorded(previous: known.previous, current: known.current, isNew: false)
    }

    /// Keeps what `record` just found for the program read from `source`, for `recorded(from:of:)`;
    /// nothing when it had something to say (a release set aside or not kept), since the releases
    /// it compared may then not be the newest files.
    public func remember(_ recorded: Recorded, from source: [Int]) {
        guard recorded.notices.isEmpty else { return }
        let directory = folder(of: recorded.current.conference)
        let compared = recorded.previous == nil ? 1 : 2
        let stamps = newestStamps(in: directory, count: compared)
        guard stamps.count == compared else { return }
        let known = KnownRelease(source: source, stamps: stamps, recorded: recorded)
        try? DurableFile.replace(directory.appendingPathComponent(KnownRelease.fileName), with: known.encoded())
    }

    /// The newest `count` kept release files as found on disk, newest first: a file written
    /// since (always by rename, so a new inode) or set aside changes them.
    private func newestStamps(in directory: URL, count: Int) -> [[Int]] {
        fileNames(in: directory).suffix(count).reversed().compactMap { name in
            var status = stat()
            guard lstat(directory.appendingPathComponent(name).path, &status) == 0, let number = Int(name.prefix(8)) else { return nil }
            return [number, Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec), Int(status.st_ino)]
        }
    }

    private func save(_ version: ProgramVersion) throws(DurableFile.Failure) {
        let directory = folder(of: version.conference)
        do { try PrivateCache.prepare(folder); try PrivateCache.prepare(directory) } catch { throw DurableFile.Failure(description: error.description) }
        let names = fileNames(in: directory)
        let next = (names.last.flatMap { Int($0.prefix(8)) } ?? 0) + 1
        try DurableFile.replace(directory.appendingPathComponent(String(repeating: "0", count: max(0, 8 - String(next).count)) + String(next) + ".version"), with: VersionFile.encode(version))
        for old in (names + ["new"]).dropLast(Self.keptPerConference) { unlink(directory.appendingPathComponent(old).path) }
    }

    private func setAside(_ file: URL, because reason: String) -> String {
        let aside = file.path + ".damaged"
        guard rename(file.path, aside) == 0 else { return "a kept release (\(file.lastPathComponent)) is damaged (\(reason)) and cannot be set aside" }
        return "a kept release was damaged (\(reason)); it was set aside as \(URL(fileURLWithPath: aside).lastPathComponent)"
    }

    /// Whether any release of `conference` is kept: one look at its folder, for commands that
    /// only read the history and have nothing to compare with the first time.
    public func hasReleases(of conference: String) -> Bool {
        !fileNames(in: folder(of: conference)).isEmpty
    }

    /// `00000012.version` files, oldest first. Read with readdir: FileManager's listing cost the
    /// bundled program's first frame a mebibyte.
    private func fileNames(in directory: URL) -> [String] {
        guard let stream = opendir(directory.path) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            names.append(name)
        }
        return names.filter { $0.hasSuffix(".version") && $0.count == 16 && $0.prefix(8).allSatisfy(\.isASCII) && Int($0.prefix(8)) != nil }.sorted()
    }

    /// A conference's folder: its id with anything but letters, digits, `.`, `-` and `_` made `_`,
    /// so an id never names a path outside the store.
    func folder(of conference: String) -> URL {
        var name = String(conference.unicodeScalars.prefix(100).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
        if name.isEmpty { name = "_" }
        return folder.appendingPathComponent(name)
    }
}

/// A kept release as text: a header, one line a session with tab-separated fields, and an end
/// line with the count, so a cut file is known. Fields escape `\`, tab, line ends and the two
/// separators inside the speakers field.
enum VersionFile {
    static let magic = "hallway-release\t1"

    static func encode(_ version: ProgramVersion) -> Data {
        var text = magic + "\n"
        text += "conference\t\(escape(version.conference))\nname\t\(escape(version.name))\n"
        text += "version\t\(version.version.map(escape) ?? "")\nseen\t\(Int(version.seen.timeIntervalSince1970))\n"
        text += "zone\t\(escape(version.zone.identifier))\t\(version.zone.secondsFromGMT())\n"
        for s in version.sessions {
            let speakers = s.speakers.map { escape($0.id) + "\u{1F}" + escape($0.name) }.joined(separator: "\u{1E}")
            let fields = [escape(s.key), escape(s.title), s.day?.description ?? "", s.start.map { String(Int($0.timeIntervalSince1970)) } ?? "",
                          s.minutes.map(String.init) ?? "", s.room.map(escape) ?? "\u{18}", speakers, s.language.map(escape) ?? "",
                          s.cancelled ? "1" : "0"]
            text += "s\t" + fields.joined(separator: "\t") + "\n"
        }
        text += "end\t\(version.sessions.count)\n"
        return Data(text.utf8)
    }

    static func decode(_ data: Data) -> ProgramVersion? {
        data.withUnsafeBytes { KeptRelease(bytes: $0).version() }
    }

    /// A kept release read on its bytes: lines found with memchr, fields split at tabs, and only
    /// the text fields made strings, each checked as UTF-8 once. Splitting the file into
    /// substrings, then each line, took a third of a browser's start on a program opened before
    /// (it reads two releases).
    private struct KeptRelease {
        let bytes: UnsafeRawBufferPointer

        /// The lines, without their line feeds; nil unless the file ends with one.
        private func lines() -> [Range<Int>]? {
            var lines: [Range<Int>] = [], start = 0
            while start < bytes.count {
                guard let end = bytes.firstIndex(of: 0x0A, from: start) else { return nil }
                lines.append(start..<end)
                start = end + 1
            }
            return lines
        }

        /// The fields after `name` on a line that starts with it; nil when it does not.
        private func fields(_ line: Range<Int>, _ name: String) -> [Range<Int>]? {
            var parts: [Range<Int>] = [], start = line.lowerBound
            for index in line where bytes[index] == 0x09 {
                parts.append(start..<index)
                start = index + 1
            }
            parts.append(start..<line.upperBound)
            guard same(parts[0], name) else { return nil }
            return Array(parts.dropFirst())
        }

        private func same(_ range: Range<Int>, _ text: String) -> Bool {
            text.utf8.elementsEqual(UnsafeRawBufferPointer(rebasing: bytes[range]))
        }

        private func number(_ range: Range<Int>) -> Int? {
            Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }

        /// A field unescaped, nil when it is not UTF-8.
        private func text(_ range: Range<Int>) -> String? {
            let field = UnsafeRawBufferPointer(rebasing: bytes[range])
            guard field.contains(0x5C) else { return UTF8Bytes.string(validating: field) }
            var out: [UInt8] = [], escaping = false
            out.reserveCapacity(field.count)
            for byte in field {
                if escaping {
                    out.append(escapes.first { $0.letter.value == UInt32(byte) }.map { UInt8($0.character.value) } ?? byte)
                    escaping = false
                } else if byte == 0x5C {
                    escaping = true
                } else {
                    out.append(byte)
                }
            }
            return UTF8Bytes.string(validating: out)
        }

        func version() -> ProgramVersion? {
            guard bytes.count > 0, var lines = lines(), !lines.isEmpty, same(lines[0], magic), lines.count >= 7 else { return nil }
            let endLine = lines.removeLast()
            guard let conference = fields(lines[1], "conference")?.first.flatMap(text), let name = fields(lines[2], "name")?.first.flatMap(text),
                  let versionField = fields(lines[3], "version")?.first, let versionText = text(versionField),
                  let seen = fields(lines[4], "seen")?.first.flatMap(number),
                  let zoneFields = fields(lines[5], "zone"), zoneFields.count == 2, let offset = number(zoneFields[1]), let zoneName = text(zoneFields[0]),
                  let zone = Zone(identifier: zoneName) ?? Zone(secondsFromGMT: offset),
                  let count = fields(endLine, "end")?.first.flatMap(number), count == lines.count - 6
            else { return nil }
            var sessions: [SessionFacts] = []
            sessions.reserveCapacity(count)
            for line in lines[6...] {
                guard let f = fields(line, "s"), f.count == 9, same(f[8], "0") || same(f[8], "1") else { return nil }
                let day = f[2].isEmpty ? nil : CivilDate(isoUTF8: UnsafeRawBufferPointer(rebasing: bytes[f[2]]))
                guard f[2].isEmpty || day != nil, let key = text(f[0]), let title = text(f[1]) else { return nil }
                var speakers: [SessionFacts.Person] = []
                var pairStart = f[6].lowerBound
                for index in f[6].lowerBound...f[6].upperBound where f[6].isEmpty == false && (index == f[6].upperBound || bytes[index] == 0x1E) {
                    let pair = pairStart..<index
                    pairStart = index + 1
                    let separator = pair.first { bytes[$0] == 0x1F }
                    let name = separator.map { text(($0 + 1)..<pair.upperBound) } ?? ""
                    guard let id = text(pair.lowerBound..<(separator ?? pair.upperBound)), let name else { return nil }
                    speakers.append(SessionFacts.Person(id: id, name: name))
                }
                var room: String?
                if !same(f[5], "\u{18}") {
                    guard let text = text(f[5]) else { return nil }
                    room = text
                }
                var language: String?
                if !f[7].isEmpty {
                    guard let text = text(f[7]) else { return nil }
                    language = text
                }
                sessions.append(SessionFacts(key: key, title: title, day: day,
                                             start: number(f[3]).map { Date(timeIntervalSince1970: TimeInterval($0)) }, minutes: number(f[4]),
                                             room: room, speakers: speakers, language: language, cancelled: same(f[8], "1")))
            }
            return ProgramVersion(conference: conference, name: name, version: versionField.isEmpty ? nil : versionText,
                                  seen: Date(timeIntervalSince1970: TimeInterval(seen)), zone: zone, sessions: sessions)
        }
    }

    /// Each character a field escapes, and the letter it is written as after `\`.
    private static let escapes: [(character: Unicode.Scalar, letter: Unicode.Scalar)] = [
        ("\\", "\\"), ("\t", "t"), ("\n", "n"), ("\r", "r"), ("\u{1E}", "R"), ("\u{1F}", "U"), ("\u{18}", "C"),
    ]

    static func escape(_ text: String) -> String {
        // Every escaped character is ASCII: a byte scan finds most fields need nothing.
        guard text.utf8.contains(where: { byte in byte == 0x5C || byte < 0x20 && escapes.contains { $0.character.value == UInt32(byte) } }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if let escape = escapes.first(where: { $0.character == scalar }) {
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(escape.letter)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

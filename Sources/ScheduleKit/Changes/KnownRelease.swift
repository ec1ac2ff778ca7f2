import FoundationEssentials
import Glibc

/// What recording a release found for a program read from a schedule file, kept beside the
/// conference's releases so that opening the same file again learns it in one small read: which
/// file (`source`, its identity as `ProgramSnapshot` takes it, content included), which kept
/// releases it was compared with (`stamps`, newest first), and the facts of the sessions that
/// changed between them, which is all a digest compares. Without it a program opened before read
/// its two newest releases and made the facts of its own at every start: two fifths of the
/// browser's start at 10,000 sessions.
struct KnownRelease: Equatable {
    static let fileName = "known-release"
    static let magic = "hallway-known-release\t1"

    var source: [Int]
    /// Each compared release file as found on disk: its number, size, change time and inode.
    var stamps: [[Int]]
    /// The newest kept release, with only the sessions that changed since the one before.
    var current: ProgramVersion
    /// The release before it, likewise; nil when it is the first kept.
    var previous: ProgramVersion?

    /// The two releases cut down to the sessions whose keys the digest names: the digest of the
    /// cut pair is the digest of the whole pair, since an unchanged session adds nothing to it.
    init(source: [Int], stamps: [[Int]], recorded: VersionStore.Recorded) {
        let changed = Set(recorded.digest?.changes.map(\.key) ?? [])
        func cut(_ version: ProgramVersion) -> ProgramVersion {
            var version = version
            version.sessions.removeAll { !changed.contains($0.key) }
            return version
        }
        self.init(source: source, stamps: stamps, current: cut(recorded.current), previous: recorded.previous.map(cut))
    }

    private init(source: [Int], stamps: [[Int]], current: ProgramVersion, previous: ProgramVersion?) {
        self.source = source
        self.stamps = stamps
        self.current = current
        self.previous = previous
    }

    /// A header line for the file and the stamps, then each release as `VersionFile` writes it,
    /// after a line with its length in bytes.
    func encoded() -> Data {
        func numbers(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }
        var data = Data((Self.magic + "\nsource\t" + numbers(source) + "\nfiles\t" + stamps.map(numbers).joined(separator: "\t") + "\n").utf8)
        for (name, version) in [("current", Optional(current)), ("previous", previous)] {
            guard let version else { continue }
            let part = VersionFile.encode(version)
            data.append(contentsOf: "\(name)\t\(part.count)\n".utf8)
            data.append(part)
        }
        return data
    }

    /// Nil for anything that is not such a file, whole: a known release is only ever a shortcut.
    static func decode(_ data: Data) -> KnownRelease? {
        var rest = data[...]
        func line() -> String? {
            guard let end = rest.firstIndex(of: 0x0A), let text = String(data: rest[rest.startIndex..<end], encoding: .utf8) else { return nil }
            rest = rest[(end + 1)...]
            return text
        }
        func numbers(_ text: Substring) -> [Int]? {
            let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            return values.contains(nil) || values.isEmpty ? nil : values.compactMap { $0 }
        }
        func release(named name: String) -> ProgramVersion? {
            guard let header = line(), header.hasPrefix(name + "\t"), let count = Int(header.dropFirst(name.count + 1)),
                  count > 0, count <= rest.count else { return nil }
            defer { rest = rest.dropFirst(count) }
            return VersionFile.decode(Data(rest.prefix(count)))
        }
        guard line() == magic, let sourceLine = line(), sourceLine.hasPrefix("source\t"), let source = numbers(sourceLine.dropFirst(7)),
              let filesLine = line(), filesLine.hasPrefix("files\t") else { return nil }
        let stamps = filesLine.dropFirst(6).split(separator: "\t", omittingEmptySubsequences: false).map(numbers)
        guard (1...2).contains(stamps.count), !stamps.contains(where: { $0?.count != 5 }), let current = release(named: "current") else { return nil }
        var previous: ProgramVersion?
        if !rest.isEmpty {
            guard let before = release(named: "previous") else { return nil }
            previous = before
        }
        guard rest.isEmpty, (previous == nil) == (stamps.count == 1) else { return nil }
        return KnownRelease(source: source, stamps: stamps.compactMap { $0 }, current: current, previous: previous)
    }
}

import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit

/// `hallway changes`: what changed in a program since the release seen before, or between two files.
struct Changes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "What changed in the program: new, cancelled, moved, retimed, retitled, other speakers, another language.",
        discussion: """
            Hallway keeps the last 20 releases of each program it opens (in $XDG_STATE_HOME/hallway/versions, \
            default ~/.local/state/hallway). Without OLD NEW, the program (--data, a file or URL) is opened, kept \
            when it is new, and compared with the release before it, or with the one --since names. Sessions are \
            compared by their key (the file's guid, else its id); a file only re-indented or reordered has no \
            changes. One line a change, old → new; --json for programs. Exit 0 with changes, 1 with none, 2 on \
            bad input.
            """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: ArgumentHelp("Compare with this kept release: its version string, or the last one seen by a time (ISO 8601, e.g. 2024-12-27T12:00+01:00).", valueName: "VERSION|TIME"))
    var since: String?

    @Flag(name: .long, help: "Only the changes to sessions you starred.")
    var starred = false

    @Flag(name: .long, help: "A JSON object: the two releases and one record per changed session, with old and new values.")
    var json = false

    @Argument(help: ArgumentHelp("Two schedule files to compare directly, the older first.", valueName: "OLD NEW"))
    var files: [String] = []

    func run() throws {
        let digest: ChangeDigest
        let compared: String
        var keys: Set<String>?
        (digest, compared) = try comparison()
        if starred {
            do {
                keys = try FileStarStore.readStarredKeys(in: digest.to.conference).keys
            } catch {
                throw RuntimeFailure("hallway: --starred: \(error.description)")
            }
        }
        let changes = keys.map(digest.touching) ?? digest.changes
        if json {
            Output.json(ChangeRecords.json(digest, changes: changes))
        } else {
            Output.error("hallway: \(TerminalSafe.line(digest.to.name)): changes \(compared)")
            let ordered = SessionChange.Kind.allCases.flatMap { kind in changes.filter { $0.kinds.contains(kind) }.map { ($0, kind) } }
            let lines = ordered.map { change, kind in
                ChangeText.line(kind, of: change, in: digest.to.zone)
            }
            if !lines.isEmpty { Output.text(lines.joined(separator: "\n") + "\n") }
        }
        if changes.isEmpty {
            if !json { Output.error("hallway: no changes\(starred ? " to starred sessions" : "")") }
            throw ExitCode(1)
        }
    }

    /// The two releases compared, and how the header names them.
    private func comparison() throws -> (ChangeDigest, String) {
        if !files.isEmpty {
            guard files.count == 2 else { throw BadInput("hallway: changes: give two files (OLD NEW), or none to compare with the release seen before") }
            guard since == nil, dataOptions.data == nil else { throw BadInput("hallway: changes: OLD NEW compares two files; --since and --data are for kept releases") }
            let seen = ReleaseHistory.seenNow()
            let versions = try files.map { path in
                do {
                    let conference = try ScheduleLoader.read(file: path, maximumSize: try dataOptions.maximumBytes(), venueZone: try dataOptions.venueZone()).conference
                    return ProgramVersion(conference, seen: seen)
                } catch let error as ScheduleLoadError {
                    throw BadInput(error.description)
                }
            }
            let names = zip(files, versions).map { file, version in
                TerminalSafe.escaped(URL(fileURLWithPath: file).lastPathComponent) + (version.version.map { " (version \(TerminalSafe.line($0)))" } ?? "")
            }
            return (ChangeDigest(from: versions[0], to: versions[1]), "from \(names[0]) to \(names[1])")
        }
        let index = try dataOptions.loadIndex()
        guard let store = VersionStore.standard() else {
            throw RuntimeFailure("hallway: changes: no folder to keep releases in (set HOME or XDG_STATE_HOME)")
        }
        guard let recorded = ReleaseHistory.record(index.conference, store: store) else { throw RuntimeFailure("hallway: changes: no release kept") }
        let name = TerminalSafe.escaped(index.conference.name)
        guard let since else {
            guard let digest = recorded.digest else {
                Output.error("hallway: \(name): no earlier release has been seen; this one is kept, so the next changes can be told")
                throw ExitCode(1)
            }
            return (digest, "since " + ChangeText.release(digest.from))
        }
        let kept = store.versions(of: index.conference.id).versions.filter { !$0.sameContent(as: recorded.current) }
        let chosen: ProgramVersion?
        if let instant = ISOInstant.parse(since) {
            chosen = kept.first { $0.seen <= instant }
        } else {
            chosen = kept.first { $0.version == since }
        }
        guard let chosen else {
            let known = kept.map { ChangeText.release($0) }
            throw BadInput("hallway: --since: no kept release of \(name) is \"\(TerminalSafe.escaped(since))\"; kept: \(known.isEmpty ? "none before this one" : known.joined(separator: "; "))")
        }
        return (ChangeDigest(from: chosen, to: recorded.current), "since " + ChangeText.release(chosen))
    }
}

/// The JSON `changes --json` prints: the releases compared, and each changed session's old and new facts.
enum ChangeRecords {
    static func json(_ digest: ChangeDigest, changes: [SessionChange]) -> String {
        let zone = digest.to.zone
        func release(_ version: ProgramVersion) -> JSONValue {
            var object: JSONObject = ["seen": .string(ISOInstant.format(version.seen, in: zone))]
            if let name = version.version { _ = object.insert(.string(name), forKey: "version") }
            return .object(object)
        }
        func facts(_ facts: SessionFacts?) -> JSONValue {
            guard let facts else { return .null }
            var object: JSONObject = ["title": .string(facts.title), "cancelled": .bool(facts.cancelled),
                                      "speakers": .array(facts.speakers.map { .string($0.name) })]
            if let day = facts.day { _ = object.insert(.string(day.description), forKey: "day") }
            if let start = facts.start { _ = object.insert(.string(ISOInstant.format(start, in: zone)), forKey: "start") }
            if let minutes = facts.minutes { _ = object.insert(.number(Double(minutes)), forKey: "minutes") }
            if let room = facts.room { _ = object.insert(.string(room), forKey: "room") }
            if let language = facts.language { _ = object.insert(.string(language), forKey: "language") }
            return .object(object)
        }
        let records: [JSONValue] = changes.map { change in
            .object(["key": .string(change.key), "title": .string(change.title), "kinds": .array(change.kinds.map { .string($0.rawValue) }),
                     "old": facts(change.old), "new": facts(change.new), "leftTheProgram": .bool(change.leftTheProgram)])
        }
        let object: JSONValue = .object(["conference": .string(digest.to.conference), "from": release(digest.from), "to": release(digest.to),
                                         "changes": .array(records)])
        return object.written(pretty: true, escapingSlashes: false) + "\n"
    }
}

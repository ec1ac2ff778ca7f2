import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit
import ScheduleRemote

/// `hallway export ics`: the program, or chosen sessions, as an iCalendar file.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export sessions to another program's format.",
        subcommands: [ExportICS.self]
    )
}

struct ExportICS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics",
        abstract: "Write sessions as an iCalendar (RFC 5545) file.",
        discussion: """
            One event per session with a published time, in UTC, with a UID that stays the same from one \
            export to the next (so importing again updates instead of duplicating). Sessions with no \
            published time are left out, and stderr says how many. Without --session, every session.
            """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("session"), help: ArgumentHelp("Export only this session (its id or guid); repeat for more.", valueName: "ID"))
    var sessionIDs: [String] = []

    @Flag(name: .long, help: "Export the sessions you starred in this conference (My agenda).")
    var starred = false

    @Option(name: .long, help: ArgumentHelp("Write here instead of standard output: a file (replaced whole), or through a link, FIFO or device; - is standard output.", valueName: "FILE"))
    var out: String?

    func run() throws {
        try write(releases: VersionStore.standard())
    }

    /// The export, with the program's releases read from `releases` (a served visitor's come
    /// from the operator's store, as the browser's do).
    func write(releases: VersionStore?) throws {
        var index: ScheduleIndex
        let sessions: [Session]
        var sequences: [String: Int] = [:]
        index = try dataOptions.loadIndex()
        // Sessions that left the program since the release seen before are exported cancelled,
        // and each session's SEQUENCE counts its revisions, so a calendar re-importing updates.
        // The history is read, not added to: the browser and `changes` keep releases.
        if let history = ReleaseHistory.read(index.conference, store: releases) {
            sequences = ReleaseSequence.numbers(history.releases)
            index = ReleaseHistory.index(index, digest: history.recorded.digest)
        }
        var starredKeys: Set<String>?
        if starred {
            do {
                let read = try FileStarStore.readStarredKeys(in: index.conference.id)
                starredKeys = read.keys
                if let notice = read.notice { Output.error("hallway: \(notice)") }
            } catch {
                throw RuntimeFailure("hallway: --starred: \(error.description)")
            }
        }
        sessions = try ExportSelection(sessionIDs: sessionIDs, starred: starredKeys).sessions(in: index)
        if starred, sessionIDs.isEmpty, sessions.isEmpty {
            throw RuntimeFailure("hallway: --starred: nothing is starred in \(TerminalSafe.escaped(index.conference.name)); star sessions with s in the browser")
        }
        let result = ICalendarExport.calendar(sessions, in: index, stamp: Date(), sequences: sequences)
        if let out, out != "-" {
            do {
                try UserOutput.write(Data(result.text.utf8), to: out)
            } catch {
                Output.error("hallway: \(error.description)")
                if case .unusable = error { throw ExitCode(2) }
                throw ExitCode(1)
            }
        } else {
            Output.raw(result.text)
        }
        var note = "hallway: exported \(result.exported) \(result.exported == 1 ? "session" : "sessions")"
        if result.untimed > 0 {
            note += "; left out \(result.untimed) with no published time"
        }
        if result.unwritable > 0 {
            note += "; left out \(result.unwritable) dated outside the years 1 to 9999, which iCalendar cannot write"
        }
        Output.error(note)
    }
}

/// Which sessions an export covers: all of them, those named, the starred ones, or both of the last two.
struct ExportSelection {
    var sessionIDs: [String]
    /// The starred keys, with --starred.
    var starred: Set<String>?

    func sessions(in index: ScheduleIndex) throws -> [Session] {
        let named = try sessionIDs.map { id in
            guard let session = index.session(id: id) else {
                throw BadInput("hallway: --session: no session \"\(TerminalSafe.escaped(id))\" in \(TerminalSafe.escaped(index.conference.name))")
            }
            return session
        }
        guard let starred else { return sessionIDs.isEmpty ? index.sessions : named }
        // The agenda in its order, then any named session that is not starred.
        return Agenda(index, starred: starred).days.flatMap(\.positions).map { index.sessions[$0] } + named.filter { !starred.contains($0.id) }
    }
}

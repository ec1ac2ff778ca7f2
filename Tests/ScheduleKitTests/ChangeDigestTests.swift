import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

/// Issue 23: releases of one congress program compared session by session. The fixtures under
/// Tests/Versions are two releases of a 30-event cut of the real 38C3 export, the later one with
/// every kind of change a real release brings, and the earlier one re-indented and reordered.
@Suite("What changed between releases")
struct ChangeDigestTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Versions")
    static func release(_ name: String, seen: Date = Date(timeIntervalSince1970: 1_735_000_000)) throws -> ProgramVersion {
        ProgramVersion(try ScheduleLoader.read(file: folder.appendingPathComponent(name).path).conference, seen: seen)
    }
    static let berlin = Zone(identifier: "Europe/Berlin")!

    @Test func everyKindOfChangeIsFoundWithItsOldAndNewValues() throws {
        let digest = ChangeDigest(from: try Self.release("congress-v1.xml"), to: try Self.release("congress-v2.xml"))
        let lines = digest.changes.flatMap { ChangeText.lines($0, in: Self.berlin) }
        let expected = [
            "cancelled: Clay PCB — was Fri 13:50 Saal ZIGZAG; no longer in the program",
            "moved: ACE up the sleeve: Hacking into Apple's new USB-C Controller — Fri 12:00 Saal GLITCH → Fri 12:00 Saal 1",
            "speakers: ACE up the sleeve: Hacking into Apple's new USB-C Controller — stacksmashing → Thomas Roth",
            "retimed: Correctiv-Recherche \"Geheimplan gegen Deutschland\" – 1 Jahr danach — 40 min → 1 h",
            "moved: Breaking NATO Radio Encryption — Fri 14:45 Saal ZIGZAG → Fri 16:00 Saal ZIGZAG",
            "cancelled: Der Thüring-Test für Wahlsoftware — was Fri 20:15 Saal 1",
            "added: Late Night Lightning: What We Found in the Hub — Sat 00:15 Saal ZIGZAG",
            "speakers: Der CCC-Jahresrückblick — +Panel Guest One, +Panel Guest Two",
            "retitled: From fault injection to RCE: Analyzing a Bluetooth tracker → From Fault Injection to RCE: Analyzing a Bluetooth tracker",
            "language: Die Faszination des echten Kugelspiels — de → en",
        ]
        #expect(Set(lines) == Set(expected), "\(lines)")
        #expect(lines.count == expected.count)
        #expect(Set(digest.changes.flatMap(\.kinds)) == Set(SessionChange.Kind.allCases).subtracting([.reinstated]))
        // The release that begins with a blank line before <?xml reads, with its own version string.
        #expect(digest.to.version == "2025-03-05 09:12" && digest.from.version == "2025-03-04 21:21")
        // The talk added in the night slot belongs to the night of the first day.
        let added = try #require(digest.changes.first { $0.kinds == [.added] }?.new)
        #expect(added.day == CivilDate(year: 2024, month: 12, day: 27))
        // Cancelled by its title: the marker is not part of the title, and the title is not "changed".
        let marked = try #require(digest.changes.first { $0.title.hasPrefix("Der Thüring") })
        #expect(marked.kinds == [.cancelled] && marked.new?.cancelled == true && !marked.leftTheProgram)
        let gone = try #require(digest.changes.first { $0.title == "Clay PCB" })
        #expect(gone.leftTheProgram && gone.old?.speakers.map(\.name) == ["Patrícia J. Reis", "Stefanie Wuschitz"])
    }

    @Test func aReorderedReindentedReleaseIsNoChange() throws {
        let first = try Self.release("congress-v1.xml"), again = try Self.release("congress-v1-reordered.xml")
        #expect(first.sameContent(as: again))
        #expect(ChangeDigest(from: first, to: again).isEmpty)
        // Another speaker order within a talk is no change either.
        var shuffled = first
        let panel = try #require(shuffled.sessions.firstIndex { $0.speakers.count > 2 })
        shuffled.sessions[panel].speakers.reverse()
        #expect(ChangeDigest(from: first, to: shuffled).isEmpty)
    }

    @Test(arguments: [
        ("CANCELLED: Talk", "Talk", true), ("[Abgesagt] Vortrag", "Vortrag", true), ("ABGESAGT - Vortrag", "Vortrag", true),
        ("Cancelled: Talk", "Talk", true), ("(canceled) Talk", "Talk", true), ("CANCELED Talk", "Talk", true),
        ("Cancelled culture", "Cancelled culture", false), ("Cancellation policies", "Cancellation policies", false),
        ("Abgesagte Veranstaltungen", "Abgesagte Veranstaltungen", false), ("CANCELLED", "CANCELLED", true),
        ("Entfällt: Vortrag", "Vortrag", true), ("[ annulé ] Atelier", "Atelier", true), ("Annuler un atelier", "Annuler un atelier", false),
    ])
    func aCancellationInTheTitleIsReadOnlyWhereItCannotBeATitle(_ title: String, _ rest: String, _ cancelled: Bool) {
        let split = CancelledTitle.split(title)
        #expect(split.title == rest && split.cancelled == cancelled)
    }

    @Test func schedule2StateAndICalendarStatusMarkCancellations() throws {
        let schedule2 = """
            {"$schema": "https://c3voc.de/schedule/schema2.json", "version": "v7", "schedule": {"version": "v7",
             "conference": {"title": "Draft Con", "acronym": "draft", "time_zone_name": "Europe/Berlin", "rooms": [], "tracks": [], "days": []},
             "events": [
              {"guid": "e1", "title": "Still on", "start": "2025-01-10T10:00:00+01:00", "duration": 1800, "room": "A", "participants": [], "abstract": "", "language": "en", "links": [], "state": "CONFIRMED"},
              {"guid": "e2", "title": "Dropped", "start": "2025-01-10T11:00:00+01:00", "duration": 1800, "room": "A", "participants": [], "abstract": "", "language": "en", "links": [], "state": "CANCELED"}
             ]}}
            """
        let draft = try ScheduleLoader.load(data: Data(schedule2.utf8), name: "draft.json")
        #expect(draft.sessions.map(\.cancelled) == [false, true])
        #expect(draft.version == "v7")
        let calendar = """
            BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250110T090000Z\r\nDTEND:20250110T093000Z\r\nSUMMARY:On\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:b\r\nSTATUS:CANCELLED\r\nDTSTART:20250110T100000Z\r\nDTEND:20250110T103000Z\r\nSUMMARY:Off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
            """
        let feed = try ScheduleLoader.load(data: Data(calendar.utf8), name: "feed.ics")
        #expect(feed.sessions.sorted { $0.displayTitle < $1.displayTitle }.map(\.cancelled) == [true, false])
    }

    @Test func aTalkThatLeftTheProgramComesBackCancelledAndNeverClashes() throws {
        let old = try ScheduleLoader.read(file: Self.folder.appendingPathComponent("congress-v1.xml").path).conference
        let new = try ScheduleLoader.read(file: Self.folder.appendingPathComponent("congress-v2.xml").path).conference
        let digest = ChangeDigest(from: ProgramVersion(old, seen: Date()), to: ProgramVersion(new, seen: Date()))
        let index = ScheduleIndex(digest.keepingRemoved(in: new))
        let clay = try #require(index.sessions.first { $0.displayTitle == "Clay PCB" })
        #expect(clay.cancelled && clay.start != nil && index.room(of: clay)?.name == "Saal ZIGZAG")
        // Starred, it stays in My agenda, and clashes with nothing: not even with a talk starred at its very time.
        var stand = index.conference
        stand.sessions.append(Session(id: "stand-in", titles: [SourcedTitle(language: "en", text: "Stand-in")], day: clay.day,
                                      start: clay.start, end: clay.end, roomID: clay.roomID))
        let withStandIn = ScheduleIndex(stand)
        let agenda = Agenda(withStandIn, starred: [clay.id, "stand-in"])
        #expect(agenda.missing == 0 && agenda.days.flatMap(\.positions).count == 2 && agenda.conflicts.isEmpty)
        // The control: had it not been cancelled, the two would clash.
        var uncancelled = stand
        uncancelled.sessions[uncancelled.sessions.firstIndex { $0.id == clay.id }!].cancelled = false
        #expect(!Agenda(ScheduleIndex(uncancelled), starred: [clay.id, "stand-in"]).conflicts.isEmpty)
        // Neither now nor next.
        let board = NowAndNext(index, at: clay.start!.addingTimeInterval(60))
        #expect(!board.rows.contains { $0.current?.session.id == clay.id || $0.next?.session.id == clay.id })
    }

    @Test func exportsKeepTheirUIDsAndCountRevisions() throws {
        let v1 = try Self.release("congress-v1.xml", seen: Date(timeIntervalSince1970: 100))
        let v2 = try Self.release("congress-v2.xml", seen: Date(timeIntervalSince1970: 200))
        var v3 = v2
        v3.seen = Date(timeIntervalSince1970: 300)
        let nato = try #require(v3.sessions.firstIndex { $0.title == "Breaking NATO Radio Encryption" })
        v3.sessions[nato].room = "Saal 1"
        let numbers = ReleaseSequence.numbers([v3, v2, v1])
        #expect(numbers[v3.sessions[nato].key] == 2)
        #expect(numbers.count == ChangeDigest(from: v1, to: v2).changes.count)

        let new = try ScheduleLoader.read(file: Self.folder.appendingPathComponent("congress-v2.xml").path).conference
        let index = ScheduleIndex(ChangeDigest(from: v1, to: v2).keepingRemoved(in: new))
        let text = ICalendarExport.calendar(index.sessions, in: index, stamp: Date(), sequences: numbers).text
        let oldText = ICalendarExport.calendar(ScheduleIndex(try ScheduleLoader.read(file: Self.folder.appendingPathComponent("congress-v1.xml").path).conference).sessions,
                                               in: ScheduleIndex(try ScheduleLoader.read(file: Self.folder.appendingPathComponent("congress-v1.xml").path).conference), stamp: Date()).text
        let uids = { (calendar: String) in Set(calendar.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }) }
        // Every UID of the first export is in the second (the one that left is exported cancelled).
        #expect(uids(oldText).isSubset(of: uids(text)))
        #expect(text.components(separatedBy: "STATUS:CANCELLED").count - 1 == 2)
        #expect(text.contains("SEQUENCE:2"))
        // Read back, the cancelled events are cancelled.
        let readBack = try ScheduleLoader.load(data: Data(text.utf8), name: "export.ics")
        #expect(readBack.sessions.filter(\.cancelled).map(\.displayTitle).sorted() == ["Clay PCB", "Der Thüring-Test für Wahlsoftware"])
    }
}

@Suite("Titles compared with their white space collapsed")
struct CollapsedWhiteSpaceTests {
    /// The byte-wise shortcut never changes what the character-wise collapse gives: each text
    /// reads as its words joined by single spaces.
    @Test(arguments: ["Opening", "Two words", " lead", "trail ", "double  space", "tab\there", "line\nend", "crlf\r\nend",
                      "nbsp\u{A0}here", "ideographic\u{3000}space", "thin\u{2009}space", "en–dash and ’quote’", "über Fürth",
                      "服务网格 Istio", "Istio 服务网格", "a \u{301}b", "a \u{200D}b", "カ \u{3099}", "say “hi”", "emoji 👍🏽 ok", "next\u{85}line", "", " ", "\u{2028}"])
    func collapsingAgreesWithWordsJoinedBySingleSpaces(_ text: String) {
        #expect(ProgramVersion.collapsed(text) == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    @Test func theShortcutTakesOnlyTextsItIsSureOf() {
        #expect(ProgramVersion.isSingleSpaced("Istio 服务网格：en–dash and ’quote’ über “Fürth”"))
        for unsure in [" lead", "a  b", "a\tb", "a\u{A0}b", "a\u{3000}b", "a \u{301}b", "a \u{200D}b", "カ \u{3099}"] {
            #expect(!ProgramVersion.isSingleSpaced(unsure), "\(unsure.debugDescription)")
        }
    }
}

@Suite("Kept releases")
struct VersionStoreTests {
    static func store() -> VersionStore { VersionStore(folder: Scratch.path("versions")) }

    @Test func aReleaseIsKeptOnceAndTheOneBeforeItIsTheBaseline() throws {
        let store = Self.store()
        let v1 = try ChangeDigestTests.release("congress-v1.xml"), v2 = try ChangeDigestTests.release("congress-v2.xml")
        let first = store.record(v1)
        #expect(first.isNew && first.previous == nil && first.digest == nil)
        // The same content again, reordered: nothing new is kept, and nothing changed.
        let again = store.record(try ChangeDigestTests.release("congress-v1-reordered.xml"))
        #expect(!again.isNew && again.previous == nil)
        let second = store.record(v2)
        #expect(second.isNew && second.digest?.changes.count == 9)
        // Opened again, the digest is still the one since the release before.
        let reopened = store.record(v2)
        #expect(!reopened.isNew && reopened.digest?.changes.count == 9)
        #expect(store.versions(of: v1.conference).versions.map(\.version) == ["2025-03-05 09:12", "2025-03-04 21:21"])
        // What is read back is what was kept, texts with tabs and line breaks included.
        var odd = v2
        odd.sessions[0].title = "tab\there\nnewline \\ back\u{1E}slash"
        odd.sessions[0].room = nil
        odd.sessions[0].speakers = [.init(id: "x\u{1F}y", name: "N\\t")]
        #expect(VersionFile.decode(VersionFile.encode(odd)) == odd)
    }

    @Test func aKeptReleaseReadsBackFieldForFieldOrNotAtAll() throws {
        var version = try ChangeDigestTests.release("congress-v1.xml")
        version.version = nil
        version.sessions[0].speakers = [.init(id: "id:1", name: ""), .init(id: "name:宋净超", name: "宋净超"), .init(id: "", name: "Ünal\\")]
        version.sessions[0].language = "zh"
        version.sessions[1].room = ""
        version.sessions[1].title = "\u{18}"
        version.sessions[2].day = nil
        version.sessions[2].start = nil
        version.sessions[2].minutes = nil
        version.sessions[2].cancelled = true
        let file = VersionFile.encode(version)
        #expect(VersionFile.decode(file) == version)
        // Whatever is cut, bent or not UTF-8 is no release at all, never a different one.
        var cut = file
        cut.removeLast()
        var invalid = file
        invalid[invalid.count / 2] = 0xFF
        let miscounted = Data(String(decoding: file, as: UTF8.self).replacingOccurrences(of: "end\t\(version.sessions.count)", with: "end\t1").utf8)
        let flagged = Data(String(decoding: file, as: UTF8.self).replacingOccurrences(of: "\t0\n", with: "\t2\n").utf8)
        for damaged in [cut, invalid, miscounted, flagged, Data(), Data("hallway-release\t1\n".utf8)] {
            #expect(VersionFile.decode(damaged) == nil)
        }
    }

    @Test func keptReleasesAreOwnerOnlyAndBounded() throws {
        let store = Self.store()
        var version = try ChangeDigestTests.release("congress-v1.xml")
        for number in 0..<25 {
            version.sessions[0].title = "Revision \(number)"
            _ = store.record(version)
        }
        let folder = store.folder(of: version.conference)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == VersionStore.keptPerConference)
        #expect(names.first == "00000005.version" && names.last == "00000025.version")
        for path in [store.folder.path, folder.path] + names.map({ folder.appendingPathComponent($0).path }) {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(path) is \(String(mode, radix: 8))")
        }
    }

    @Test func aCutOrDamagedReleaseIsSetAsideAndAKilledWriterLeavesNoHarm() throws {
        let store = Self.store()
        let v1 = try ChangeDigestTests.release("congress-v1.xml"), v2 = try ChangeDigestTests.release("congress-v2.xml")
        _ = store.record(v1)
        _ = store.record(v2)
        let folder = store.folder(of: v1.conference)
        let newest = folder.appendingPathComponent("00000002.version")
        let whole = try Data(contentsOf: newest)
        // A writer killed after writing half its temporary file: the kept releases are untouched.
        let stale = DurableFile.temporaryPath(of: folder.appendingPathComponent("00000003.version"), pid: 999_999)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: stale))
        #expect(store.record(v2).digest?.changes.count == 9)
        // A release cut short (no end line) is set aside byte for byte, and said so.
        try whole.prefix(whole.count / 2).write(to: newest)
        let recorded = store.record(v2)
        #expect(recorded.notices.contains { $0.contains("set aside as 00000002.version.damaged") })
        #expect(try Data(contentsOf: folder.appendingPathComponent("00000002.version.damaged")) == whole.prefix(whole.count / 2))
        // The release before it is the baseline again.
        #expect(recorded.digest?.changes.count == 9 && recorded.isNew)
    }

    @Test func aProgramOpenedBeforeIsToldWhatChangedFromWhatTheLastOpenFound() throws {
        let store = Self.store()
        let v1 = try ChangeDigestTests.release("congress-v1.xml"), v2 = try ChangeDigestTests.release("congress-v2.xml")
        let source = [11, 1, 4_242, 7], otherFile = [11, 1, 4_243, 7]
        _ = store.record(v1)
        let found = store.record(v2)
        #expect(store.recorded(from: source, of: v2.conference) == nil, "nothing is known before it is remembered")
        store.remember(found, from: source)
        let known = try #require(store.recorded(from: source, of: v2.conference))
        let whole = try #require(found.digest), shortcut = try #require(known.digest)
        #expect(!known.isNew && known.notices.isEmpty)
        #expect(shortcut.changes == whole.changes && shortcut.changes.count == 9)
        #expect(shortcut.from.version == whole.from.version && shortcut.from.seen == whole.from.seen && shortcut.to.name == whole.to.name)
        #expect(shortcut.to.zone == whole.to.zone && shortcut.to.conference == whole.to.conference)
        // Only the sessions that changed are kept: the file stays small for a large program.
        #expect(known.current.sessions.count <= 9 && known.current.sessions.count < v2.sessions.count)
        #expect(store.recorded(from: otherFile, of: v2.conference) == nil, "another file is not known")

        // A release kept since (another file of the same conference, a refresh) makes it stale.
        var v3 = v2
        v3.sessions[0].title = "Changed again"
        _ = store.record(v3)
        #expect(store.recorded(from: source, of: v2.conference) == nil)
        // So does a kept release set aside or rewritten, and so does a damaged file.
        store.remember(store.record(v3), from: source)
        #expect(store.recorded(from: source, of: v2.conference)?.digest?.changes.count == 1)
        let folder = store.folder(of: v2.conference), newest = folder.appendingPathComponent("00000003.version")
        let kept = try Data(contentsOf: newest)
        try DurableFile.replace(newest, with: kept)
        #expect(store.recorded(from: source, of: v2.conference) == nil)
        store.remember(store.record(v3), from: source)
        let rememberedFile = folder.appendingPathComponent(KnownRelease.fileName)
        let remembered = try Data(contentsOf: rememberedFile)
        try remembered.prefix(remembered.count - 1).write(to: rememberedFile)
        #expect(store.recorded(from: source, of: v2.conference) == nil)
    }

    @Test func whatAnOpenFoundReadsBackWholeOrNotAtAll() throws {
        let v1 = try ChangeDigestTests.release("congress-v1.xml"), v2 = try ChangeDigestTests.release("congress-v2.xml")
        let both = VersionStore.Recorded(previous: v1, current: v2, isNew: false)
        let first = VersionStore.Recorded(previous: nil, current: v1, isNew: true)
        for (recorded, stamps) in [(both, [[2, 10, 20, 30, 40], [1, 11, 21, 31, 41]]), (first, [[1, 11, 21, 31, 41]])] {
            let known = KnownRelease(source: [11, -3, 9_000_000_000], stamps: stamps, recorded: recorded)
            let file = known.encoded()
            #expect(KnownRelease.decode(file) == known)
            var bent = file
            bent[bent.count / 2] ^= 0x20
            var mislabelled = file
            mislabelled.replaceSubrange(0..<7, with: Data("HALLWAY".utf8))
            for damaged in [file.prefix(file.count - 1), file + Data("x".utf8), mislabelled, Data(), Data((KnownRelease.magic + "\n").utf8)] {
                #expect(KnownRelease.decode(Data(damaged)) == nil)
            }
            _ = KnownRelease.decode(bent).map { #expect($0 != known) }
        }
        // A pair and one stamp, or one release and two, do not belong together.
        let mismatched = KnownRelease(source: [1], stamps: [[1, 2, 3, 4, 5]], recorded: both).encoded()
        #expect(KnownRelease.decode(mismatched) == nil)
    }

    @Test func aConferenceIdNeverNamesAPathOutsideTheStore() {
        let store = Self.store()
        for id in ["../../etc", "/abs", "a/b", "", ".."] {
            let folder = store.folder(of: id)
            #expect(folder.deletingLastPathComponent().path == store.folder.path && !folder.lastPathComponent.contains("/"))
            #expect(folder.lastPathComponent != ".." && folder.lastPathComponent != ".")
        }
    }
}

@Suite("Blank texts")
struct BlankTextTests {
    /// `isBlank` says what `trimmed.isEmpty` says, without making the trimmed copy.
    @Test(arguments: ["", " ", "\n\t\r\n", "\u{A0}\u{3000}\u{2028}", " x ", "x", "\u{A0}会\u{A0}", " \u{301}"])
    func blankIsWhatTrimsToNothing(_ text: String) {
        #expect(text.isBlank == text.trimmed.isEmpty)
    }

    /// The printable-ASCII shortcut trims what the scalar walk trims: the ends decide, so a
    /// space, a control byte, a no-break space or a combining mark at either end takes the walk.
    @Test(arguments: [("x", "x"), ("a b", "a b"), (" a b ", "a b"), ("\tTalk\r\n", "Talk"), ("\u{1}x\u{1}", "\u{1}x\u{1}"),
                      ("\u{A0}会议\u{3000}", "会议"), ("Talk\u{A0}", "Talk"), ("e\u{301}", "e\u{301}"), ("~x!", "~x!"), ("\u{7F}", "\u{7F}"),
                      ("会议", "会议"), ("会 议", "会 议"), ("数据 ", "数据"), ("\u{3000}数据", "数据"), ("", "")])
    func trimmingTakesOffWhiteSpaceAtTheEndsOnly(_ text: String, _ expected: String) {
        #expect(text.trimmed == expected)
        #expect(text[...].trimmed == expected)
        #expect(("[" + text + "]").dropFirst().dropLast().trimmed == expected, "a part of a longer text")
    }
}

import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

@Suite("Program snapshots")
struct ProgramSnapshotTests {
    let directory = Scratch.path("snapshots")

    func scheduleFile(_ name: String = "program.json") throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: root.appendingPathComponent("data/istiocon-china-2023.json"), to: file)
        return file
    }

    func snapshots() -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: directory.appendingPathComponent("cache"), includingPropertiesForKeys: nil)) ?? [])
    }

    @Test func aSnapshotRoundTripsEveryFieldAndAnswersTheSame() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        let fresh = try ProgramSnapshot.engine(for: file.path, directory: cache)
        #expect(snapshots().count == 1)
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        let restored = try #require(ProgramSnapshot.read(snapshots()[0], expecting: identity))

        let (a, b) = (fresh.index.conference, restored.index.conference)
        // Summaries are left in the snapshot until shown, and read back the same.
        #expect(b.sessions.contains { $0.summary != nil } && b.sessions.allSatisfy { $0.summaryText?.isStored ?? true })
        #expect(a.sessions == b.sessions && a.speakers == b.speakers && a.sources == b.sources)
        #expect(a.tracks == b.tracks && a.topics == b.topics && a.rooms == b.rooms && a.venue == b.venue)
        #expect(a.links == b.links && a.sponsors == b.sponsors && a.notes == b.notes && a.days == b.days)
        #expect(a.name == b.name && a.nameZh == b.nameZh && a.timeZone == b.timeZone && a.tracksAreEditorial == b.tracksAreEditorial)
        for query in ["ebpf", "宋净超", "ambeint", "topic:ebpf org:intel", "day:1 wasm", "who from huawei", "数据平面", "xyzzy"] {
            #expect(fresh.search(SearchQuery(query)) == restored.search(SearchQuery(query)), "\(query)")
        }
        let timed = Session(id: "t", start: ISOInstant.parse("2023-09-26T09:30+08:00"), end: ISOInstant.parse("2023-09-26T10:00+08:00"))
        var writer = BinaryWriter()
        var conference = a
        conference.sessions.append(timed)
        ConferenceCoding.write(conference, to: &writer)
        var reader = BinaryReader(writer.bytes)
        #expect(try ConferenceCoding.read(&reader).sessions.last == timed)
    }

    /// A session's kind, a title's certainty and a link's kind are told by their bytes: each
    /// case reads back as itself, and a word that is none of them is damage, never a guess.
    @Test func kindsAndCertaintiesReadBackAsThemselvesOrNotAtAll() throws {
        var conference = Conference(id: "k", name: "Kinds")
        for kind in Session.Kind.allCases {
            for certainty in Certainty.allCases {
                var session = Session(id: "s\(conference.sessions.count)", kind: kind,
                                      titles: [SourcedTitle(language: "en", text: "T", certainty: certainty)])
                session.links = Link.Kind.allCases.map { Link(kind: $0, url: "https://example.org/") }
                conference.sessions.append(session)
            }
        }
        var writer = BinaryWriter()
        ConferenceCoding.write(conference, to: &writer)
        var reader = BinaryReader(writer.bytes)
        #expect(try ConferenceCoding.read(&reader).sessions == conference.sessions)
        // The same bytes with one word bent: "panel" as "panet", "likely" as "likelz", "slides" as "slidez".
        for (word, bent) in [("panel", "panet"), ("likely", "likelz"), ("slides", "slidez")] {
            let bytes = writer.bytes, target = Array(word.utf8)
            let at = try #require((0...(bytes.count - target.count)).first { bytes[$0..<($0 + target.count)].elementsEqual(target) })
            var damaged = bytes
            damaged.replaceSubrange(at..<(at + target.count), with: Array(bent.utf8))
            var damagedReader = BinaryReader(damaged)
            #expect(throws: (any Error).self, "\(word) bent to \(bent)") { _ = try ConferenceCoding.read(&damagedReader) }
        }
    }

    /// A large program's sessions are written in two measured chunks, the later one decoded on a
    /// thread of its own: read back from memory or through any window of a file, every session
    /// comes back in its place; a chunk count, a length or a session count that is off is damage
    /// (refused, or not ending where the bytes do, which a snapshot's reader refuses).
    @Test func aLargeProgramsSessionsComeBackWholeFromTwoChunks() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let bundled = try ScheduleLoader.load(file: try scheduleFile().path)
        var conference = bundled
        let count = Parallelism.minimumSessions + 501
        conference.sessions = (0..<count).map { place in
            var session = bundled.sessions[place % bundled.sessions.count]
            session.id = "\(session.id)-\(place)"
            session.programOrder = place
            return session
        }
        #expect(ConferenceCoding.sessionChunks(count) == [0..<count / 2, count / 2..<count])
        #expect(ConferenceCoding.sessionChunks(Parallelism.minimumSessions - 1).count == 1)
        var writer = BinaryWriter()
        ConferenceCoding.write(conference, to: &writer)
        var inMemory = BinaryReader(writer.bytes)
        #expect(try ConferenceCoding.read(&inMemory).sessions == conference.sessions)
        #expect(inMemory.isAtEnd)

        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("sessions.bin")
        try Data(writer.bytes).write(to: file)
        for window in [16, 100, 4096, 1 << 20] {
            let handle = try #require(FileDescriptor(readingAtPath: file.path))
            var reader = BinaryReader(BinaryReader.Source(file: handle, name: file.path, window: window), within: 0..<writer.bytes.count)
            let read = try ConferenceCoding.read(&reader)
            #expect(read.sessions == conference.sessions, "window of \(window) bytes")
            #expect(read.sessions.map(\.summary) == conference.sessions.map(\.summary), "window of \(window) bytes")
        }

        // Where the sessions begin: the chunk count 2, the first chunk's session count, its
        // length in eight bytes, its sessions, then the second chunk's session count.
        let bytes = writer.bytes, firstCount = encoded(count / 2), secondCount = encoded(count - count / 2)
        let chunkCountAt = try #require(bytes.indices.dropLast(16).first { at in
            guard bytes[at] == 2, bytes[(at + 1)...].starts(with: firstCount) else { return false }
            let lengthAt = at + 1 + firstCount.count
            let length = (0..<8).reduce(0) { $0 | Int(bytes[lengthAt + $1]) << (8 * $1) }
            let next = lengthAt + 8 + length
            return next >= 0 && next < bytes.count && bytes[next...].starts(with: secondCount)
        })
        func damaged(_ change: (inout [UInt8]) -> Void) -> Bool {
            var bytes = writer.bytes
            change(&bytes)
            var reader = BinaryReader(bytes)
            // As a snapshot is read: what decodes must also end where the bytes do.
            return (try? ConferenceCoding.read(&reader)) == nil || !reader.isAtEnd
        }
        #expect(damaged { $0[chunkCountAt] = 0 })
        #expect(damaged { $0[chunkCountAt] = 9 })
        #expect(damaged { $0[chunkCountAt] = 1 })
        let lengthAt = chunkCountAt + 1 + encoded(count / 2).count
        #expect(damaged { $0[lengthAt] &+= 1 })
        #expect(damaged { $0[lengthAt] &-= 1 })
        #expect(damaged { $0.replaceSubrange((chunkCountAt + 1)..<lengthAt, with: encoded(count / 2 - 1)) })
    }

    private func encoded(_ number: Int) -> [UInt8] {
        var writer = BinaryWriter()
        writer.int(number)
        return writer.bytes
    }

    /// A session names its room, track, speakers and topics by their place among the program's:
    /// each reads back with the very bytes it had, including an id the program does not list and
    /// one equal to a listed id as a string but not in its bytes; a place past the list is damage.
    @Test func idsNamedByTheirPlaceReadBackWithTheirOwnBytes() throws {
        let precomposed = "Saal \u{C9}", decomposed = "Saal E\u{301}"
        var conference = Conference(id: "places", name: "Places")
        conference.rooms = [Room(id: precomposed, name: "Saal É"), Room(id: "b", name: "B"), Room(id: precomposed, name: "Again")]
        conference.tracks = [Track(id: "t", name: "T")]
        conference.speakers = [Speaker(id: "s1", name: "One"), Speaker(id: "房间", name: "Two")]
        conference.topics = [Topic(id: "ebpf", name: "eBPF")]
        conference.sessions = [
            Session(id: "a", roomID: precomposed, trackID: "t", topicIDs: ["ebpf", "wasm"], speakerIDs: ["s1", "房间", "s9"]),
            Session(id: "b", roomID: decomposed, trackID: "unlisted", speakerIDs: ["房间", "s1"]),
            Session(id: "c", roomID: "b"),
            Session(id: "d", roomID: "nowhere", topicIDs: ["ebpf"]),
        ]
        var writer = BinaryWriter()
        ConferenceCoding.write(conference, to: &writer)
        var reader = BinaryReader(writer.bytes)
        let read = try ConferenceCoding.read(&reader).sessions
        #expect(read == conference.sessions)
        func bytes(_ sessions: [Session]) -> [[[UInt8]]] {
            sessions.map { session in
                ([session.roomID, session.trackID].compactMap { $0 } + session.topicIDs + session.speakerIDs).map { Array($0.utf8) }
            }
        }
        #expect(bytes(read) == bytes(conference.sessions))
        #expect(read[1].roomID.map { Array($0.utf8) } == Array(decomposed.utf8))

        let ids = ["x", "y"]
        for (written, expected) in [([UInt8]([1]), "x"), ([2], "y"), ([0, 3] + Array("new".utf8), "new")] {
            var reader = BinaryReader(written)
            #expect(try ConferenceCoding.readReference(&reader, ids) == expected)
        }
        for beyond in [[UInt8]([3]), [0x7F]] {
            var reader = BinaryReader(beyond)
            #expect(throws: BinaryReader.Damaged.self) { _ = try ConferenceCoding.readReference(&reader, ids) }
        }
    }

    /// A search from a snapshot reads only the postings its query reaches, with the terms its
    /// typo tolerance and suggestion could: the answer is the whole index's, typos and no match too.
    @Test func aQueryReadsOnlyItsPartOfTheSnapshotAndAnswersAsTheWhole() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        let fresh = try ProgramSnapshot.engine(for: file.path, directory: cache)
        #expect(snapshots().count == 1)
        for query in ["ebpf", "宋净超", "ambeint", "topic:ebpf org:intel", "day:1 wasm", "who from huawei", "数据平面", "xyzzy", "w", "istio ambient"] {
            let (index, results) = try ProgramSnapshot.answer(SearchQuery(query), for: file.path, directory: cache)
            #expect(index.sessions == fresh.index.sessions)
            #expect(results == fresh.search(SearchQuery(query)), "\(query)")
            #expect(try ProgramSnapshot.answer(SearchQuery(query), limit: 2, for: file.path, directory: cache).results
                    == fresh.search(SearchQuery(query), limit: 2), "\(query), two hits at most")
        }
        // Read for one query, the index holds that query's terms alone.
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        let partial = try #require(ProgramSnapshot.read(snapshots()[0], expecting: identity, keeping: SearchEngine.termFilter(for: SearchQuery("ebpf"))))
        #expect(partial.sessionTerms.termCount < fresh.sessionTerms.termCount / 10)
        #expect(partial.search(SearchQuery("ebpf")) == fresh.search(SearchQuery("ebpf")))
        // A word that matches nothing, or a letter off, is answered from its part too, never the whole.
        for query in ["xyzzy", "ambeint"] {
            let typos = SearchEngine.termFilter(for: SearchQuery(query), typos: true)
            let part = try #require(ProgramSnapshot.read(snapshots()[0], expecting: identity, keeping: typos))
            #expect(part.sessionTerms.termCount < fresh.sessionTerms.termCount / 10, "\(query)")
            #expect(part.search(SearchQuery(query)) == fresh.search(SearchQuery(query)), "\(query)")
        }
    }

    /// The file is read through a window that follows the reader: any window gives the same
    /// program and the same answers, and a damaged file is still refused.
    @Test func anyWindowReadsTheSameSnapshot() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        let fresh = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let snapshot = try #require(snapshots().first)
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        for window in [16, 100, 4096] {
            let restored = try #require(ProgramSnapshot.read(snapshot, expecting: identity, window: window), "window of \(window) bytes")
            #expect(restored.index.conference.sessions == fresh.index.conference.sessions)
            #expect(restored.index.conference.speakers == fresh.index.conference.speakers)
            for query in ["ebpf", "宋净超", "ambeint", "topic:ebpf org:intel"] {
                #expect(fresh.search(SearchQuery(query)) == restored.search(SearchQuery(query)), "\(query), window of \(window) bytes")
            }
        }
        var bytes = [UInt8](try Data(contentsOf: snapshot))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: snapshot)
        #expect(ProgramSnapshot.read(snapshot, expecting: identity, window: 100) == nil)
    }

    @Test func aChangedScheduleIsReadAgainNotServedStale() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Extending and Customizing Istio with Wasm\"", with: "\"Extending Istio with Wasm, revised\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let engine = try ProgramSnapshot.engine(for: file.path, directory: cache)
        #expect(engine.index.session(id: "wasm-extending-istio")?.displayTitle == "Extending Istio with Wasm, revised")
    }

    @Test func aDamagedOrForeignSnapshotIsIgnoredAndReplaced() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let snapshot = try #require(snapshots().first)
        let good = try Data(contentsOf: snapshot)
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        var generator = SplitMix64(seed: 42)
        for cut in [0, 10, good.count / 2, good.count - 1] {
            try good.prefix(cut).write(to: snapshot)
            #expect(ProgramSnapshot.read(snapshot, expecting: identity) == nil, "truncated at \(cut)")
        }
        for _ in 0..<200 {
            var bytes = [UInt8](good)
            for _ in 0..<8 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            try Data(bytes).write(to: snapshot)
            // The checksum covers every byte after the header: any change is refused, none is served.
            if bytes != [UInt8](good) { #expect(ProgramSnapshot.read(snapshot, expecting: identity) == nil) }
        }
        // The damage is told (stderr, through cacheIgnored), not rebuilt silently.
        var told: [String] = []
        var flipped = [UInt8](good)
        flipped[flipped.count - 20] ^= 0x01
        try Data(flipped).write(to: snapshot)
        #expect(ProgramSnapshot.read(snapshot, expecting: identity) { told.append($0.reason) } == nil)
        #expect(told == ["is damaged (its checksum does not match); it is written anew"])
        try Data(repeating: 0xFF, count: 4096).write(to: snapshot)
        #expect(ProgramSnapshot.read(snapshot, expecting: identity) == nil)
        let engine = try ProgramSnapshot.engine(for: file.path, directory: cache)
        #expect(engine.index.sessions.count == 14)
        #expect(ProgramSnapshot.read(snapshot, expecting: identity) != nil, "a good snapshot was written in its place")
    }

    /// The snapshot's checksum in four lanes: read from a file a megabyte at a time it is what
    /// the bytes give at once, and a bit flipped in any lane or in the bytes past the last 32,
    /// or one more zero byte, changes it.
    @Test func theLanedChecksumIsTheSameInPartsAndSeesEveryFlippedBit() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: 14)
        let bytes = (0..<(5 << 19) + 13).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let file = directory.appendingPathComponent("bytes")
        try Data(bytes).write(to: file)
        let handle = try #require(FileDescriptor(readingAtPath: file.path))
        let whole = bytes.withUnsafeBytes { PrivateCache.snapshotChecksum($0) }
        #expect(PrivateCache.snapshotChecksum(of: 0..<bytes.count, in: handle) == whole)
        #expect(PrivateCache.snapshotChecksum(of: 100..<(100 + (2 << 20)), in: handle)
                == bytes[100..<(100 + (2 << 20))].withUnsafeBytes { PrivateCache.snapshotChecksum($0) })
        let small = Array(bytes.prefix(200))
        let value = small.withUnsafeBytes { PrivateCache.snapshotChecksum($0) }
        for position in small.indices {
            for bit in [0, 3, 7] {
                var flipped = small
                flipped[position] ^= 1 << bit
                #expect(flipped.withUnsafeBytes { PrivateCache.snapshotChecksum($0) } != value, "byte \(position), bit \(bit)")
            }
        }
        #expect((small + [0]).withUnsafeBytes { PrivateCache.snapshotChecksum($0) } != value)
        // Kept copies keep the one-lane fingerprint their meta files were written with.
        #expect(small.withUnsafeBytes { PrivateCache.fingerprint($0) } != value)
    }

    @Test func snapshotsAreOwnerOnlyAndGoWhereXDGSays() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let attributes = try FileManager.default.attributesOfItem(atPath: try #require(snapshots().first).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: cache.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect(ProgramSnapshot.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"])?.path == "/x/cache/hallway")
        #expect(ProgramSnapshot.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/home/a"])?.path == "/home/a/.cache/hallway")
        #expect(ProgramSnapshot.defaultDirectory(environment: [:]) == nil)
    }

    @Test func loadErrorsStillComeFromTheFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let broken = directory.appendingPathComponent("broken.json")
        try "{\"format\": \"hallway-schedule\",,}".write(to: broken, atomically: true, encoding: .utf8)
        #expect(throws: ScheduleLoadError.self) { try ProgramSnapshot.engine(for: broken.path, directory: directory.appendingPathComponent("cache")) }
        #expect(snapshots().isEmpty)
    }

    /// Same size, same modification time: only the content says the file changed.
    @Test(arguments: ["within the same second", "with its time set back (touch -r)"])
    func aSameSizeEditIsNeverServedStale(_ how: String) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        let before = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as! Date
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let text = try String(contentsOf: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Extending and Customizing Istio with Wasm", with: "Extending and Customising Istio with Wasm")
        #expect(edited.utf8.count == text.utf8.count)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()
        if how.hasPrefix("with its time") {
            try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: file.path)
        }
        let engine = try ProgramSnapshot.engine(for: file.path, directory: cache)
        #expect(engine.index.session(id: "wasm-extending-istio")?.displayTitle == "Extending and Customising Istio with Wasm")
    }

    @Test func aCacheFolderThatIsALinkOrOpenToOthersIsNotUsedAndSaysWhy() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let elsewhere = directory.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let linked = directory.appendingPathComponent("linked")
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: elsewhere)
        var reasons: [String] = []
        let engine = try ProgramSnapshot.engine(for: file.path, directory: linked) { reasons.append($0.description) }
        #expect(engine.index.sessions.count == 14)
        #expect(reasons == ["\(linked.path) is a symbolic link"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing is written through the link")

        let open = directory.appendingPathComponent("open")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        chmod(open.path, 0o777)
        reasons = []
        _ = try ProgramSnapshot.engine(for: file.path, directory: open) { reasons.append($0.description) }
        #expect(reasons == ["\(open.path) can be written by others (mode 777)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: open.path).isEmpty)
    }

    @Test func aSnapshotFileThatIsALinkIsNotRead() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try scheduleFile()
        let cache = directory.appendingPathComponent("cache")
        _ = try ProgramSnapshot.engine(for: file.path, directory: cache)
        let snapshot = try #require(snapshots().first)
        let moved = directory.appendingPathComponent("moved.snapshot")
        try FileManager.default.moveItem(at: snapshot, to: moved)
        try FileManager.default.createSymbolicLink(at: snapshot, withDestinationURL: moved)
        var reasons: [String] = []
        let identity = try #require(ProgramSnapshot.identity(of: file.path))
        #expect(ProgramSnapshot.read(snapshot, expecting: identity) { reasons.append($0.description) } == nil)
        #expect(reasons == ["\(snapshot.path) is a symbolic link"])
    }
}


/// The browser opens a program it opened before from its snapshot (issue 25), and reads the file
/// again when it changed.
@Suite("The browser's program from its snapshot")
struct BrowserSnapshotTests {
    @Test func aProgramOpenedBeforeComesFromItsSnapshotUntilTheFileChanges() throws {
        let folder = Scratch.path("browser-snapshot")
        let cache = folder.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("congress.xml")
        try FileManager.default.copyItem(atPath: RealSchedules.path("frab-38c3.xml"), toPath: file.path)

        let first = try ProgramSnapshot.program(for: file.path, directory: cache)
        let saving = try #require(first.saving, "read from the file, and a snapshot saved for next time")
        while !saving.isFinished { usleep(5_000) }
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".snapshot") }
        #expect(snapshots.count == 1)

        let second = try ProgramSnapshot.program(for: file.path, directory: cache)
        #expect(second.saving == nil, "from the snapshot: nothing to save")
        #expect(second.index.conference.sessions == first.index.conference.sessions)
        #expect(second.index.conference.rooms == first.index.conference.rooms && second.index.conference.name == first.index.conference.name)

        // An edit (the same size, so only the content tells) is read from the file again.
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "<title>38C3</title>", with: "<title>38C4</title>")
        try text.write(to: file, atomically: false, encoding: .utf8)
        let edited = try ProgramSnapshot.program(for: file.path, directory: cache)
        #expect(edited.index.conference.name == "38C4")
        if let saving = edited.saving { while !saving.isFinished { usleep(5_000) } }
    }
}

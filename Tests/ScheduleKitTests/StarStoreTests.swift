import Foundation
import Testing
import TestSupport
@testable import ScheduleKit

@Suite("Stars kept on disk", .serialized)
struct StarStoreTests {
    let folder = Scratch.path("stars")
    var file: URL { folder.appendingPathComponent("stars.json") }

    func star(_ session: String, _ starred: Bool = true, in conference: String = "38c3") -> StarChange {
        StarChange(conference: conference, session: session, starred: starred)
    }

    @Test func starsRoundTripOwnerOnlyAndKeepKeysTheProgramNoLongerHas() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = FileStarStore(folder: folder)
        #expect(store.load() == StarsLoaded(stars: Stars(), writable: true, notice: nil))
        _ = try store.apply(star("a"))
        _ = try store.apply(star("gone-from-the-program"))
        _ = try store.apply(star("x", in: "camp2019"))
        _ = try store.apply(star("a", false))
        let reloaded = FileStarStore(folder: folder).load()
        #expect(reloaded.stars == Stars(["38c3": ["gone-from-the-program"], "camp2019": ["x"]]))
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int) == 0o700)
        #expect(FileStarStore.defaultFolder(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"])?.path == "/d/hallway")
        #expect(FileStarStore.defaultFolder(environment: ["HOME": "/h"])?.path == "/h/.local/share/hallway")
    }

    @Test func twoStoresOnOneFileKeepEachOthersStars() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (first, second) = (FileStarStore(folder: folder), FileStarStore(folder: folder))
        _ = first.load(); _ = second.load()
        let threads = (0..<2).map { number in
            Thread {
                let store = number == 0 ? first : second
                for index in 0..<40 { _ = try? store.apply(StarChange(conference: "c", session: "\(number)-\(index)", starred: true)) }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(FileStarStore(folder: folder).load().stars.keys(for: "c").count == 80)
    }

    @Test func aDamagedFileIsMovedAsideByteForByteAndTheBackupIsUsed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = FileStarStore(folder: folder)
        _ = try store.apply(star("a"))
        _ = try store.apply(star("b"))
        let damage = Data("{\"format\": \"hallway-stars\", \"version\": 1, \"conferences\": {\"38c3\": [\"a\", ".utf8)
        try damage.write(to: file)
        let loaded = store.load()
        #expect(loaded.stars == Stars(["38c3": ["a"]]), "the backup holds the stars before the last save")
        #expect(loaded.writable)
        #expect(loaded.notice?.hasPrefix("stars.json was damaged (not valid JSON); it was kept as stars.json.corrupt-") == true)
        #expect(loaded.notice?.hasSuffix("and the last good copy is used") == true)
        let aside = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("stars.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent(aside[0]).path) == damage)

        try Data("not json at all".utf8).write(to: file)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("stars.json.bak"))
        let withoutBackup = store.load()
        #expect(withoutBackup.stars == Stars() && withoutBackup.notice?.hasSuffix("there was no good copy to go back to") == true)
    }

    @Test func aFileFromANewerHallwayIsLeftAloneAndStarsAreReadOnly() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let newer = Data(#"{"format": "hallway-stars", "version": 2, "conferences": {"38c3": ["a"]}, "notes": {}}"#.utf8)
        try newer.write(to: file)
        let store = FileStarStore(folder: folder)
        let loaded = store.load()
        #expect(!loaded.writable && loaded.stars == Stars(["38c3": ["a"]]))
        #expect(loaded.notice == "stars.json was written by a newer Hallway (version 2); it is left as it is and stars are read-only")
        #expect(throws: StarStoreError.self) { try store.apply(star("b")) }
        #expect(FileManager.default.contents(atPath: file.path) == newer)
    }

    @Test func theInMemoryStoreBehavesTheSame() throws {
        let store = MemoryStarStore()
        _ = try store.apply(star("a"))
        #expect(try store.apply(star("b")) == Stars(["38c3": ["a", "b"]]))
        #expect(try store.apply(star("a", false)) == Stars(["38c3": ["b"]]))
    }
}

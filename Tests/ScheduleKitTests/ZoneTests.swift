import Foundation
import Testing
@testable import ScheduleKit

/// Hallway's own zones (`Zone`), read from the system's tz database: checked against the
/// database's own reader (`zdump`, which walks every change a zone has had and will have), and
/// against Foundation's ICU zones, which Hallway used before.
@Suite struct ZoneTests {
    /// Zones whose rules are hard in some way: half-hour and 45-minute offsets, changes at
    /// midnight, daylight time in winter (Dublin), two hours of it (Troll), the southern
    /// hemisphere, +14, a rule that moves with Ramadan (Casablanca), and the fixtures' zones.
    static let hardZones = [
        "Asia/Shanghai", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Seoul",
        "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Australia/Adelaide", "Pacific/Chatham", "Europe/Dublin",
        "Antarctica/Troll", "America/Sao_Paulo", "America/Santiago", "Pacific/Kiritimati", "Pacific/Apia", "Africa/Casablanca",
        "America/Havana", "Asia/Tehran", "America/St_Johns", "Asia/Gaza", "Europe/Moscow", "America/Nuuk", "Etc/GMT+12",
        "Etc/GMT-14", "America/Argentina/Buenos_Aires", "US/Pacific", "EST5EDT", "Asia/Calcutta", "Europe/Kiev", "UTC",
    ]

    @Test func everyChangeZdumpListsIsTheOffsetHallwayGives() throws {
        for name in Self.hardZones {
            let zone = try #require(Zone(identifier: name), "\(name)")
            let changes = try Self.zdump(name)
            #expect(changes.count >= (name.hasPrefix("Etc/") || name == "UTC" ? 0 : 4), "\(name): \(changes.count) changes")
            for (instant, offset) in changes {
                #expect(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) == offset,
                        "\(name) at \(instant) (\(Date(timeIntervalSince1970: TimeInterval(instant))))")
            }
            // Each change zdump lists (a second whose offset is not the second's before it) is the
            // next change seen from the second before it, from the table and from the footer's rule.
            for ((before, was), (instant, offset)) in zip(changes, changes.dropFirst()) where instant == before + 1 && offset != was {
                #expect(zone.nextOffsetChange(after: Date(timeIntervalSince1970: TimeInterval(before))) == Date(timeIntervalSince1970: TimeInterval(instant)),
                        "\(name): the change at \(instant)")
            }
        }
    }

    @Test func agreesWithFoundationOnEveryZoneBothKnowThroughTheYearsConferencesAreIn() throws {
        var compared = 0
        for name in TimeZone.knownTimeZoneIdentifiers {
            guard let ours = Zone(identifier: name), let theirs = TimeZone(identifier: name) else { continue }
            compared += 1
            // Every six hours from 2015 to 2035: a conference's past and its next years.
            var instant = 1_420_070_400.0
            while instant < 2_082_758_400 {
                let date = Date(timeIntervalSince1970: instant)
                if ours.secondsFromGMT(for: date) != theirs.secondsFromGMT(for: date) {
                    Issue.record("\(name) at \(date): \(ours.secondsFromGMT(for: date)) against \(theirs.secondsFromGMT(for: date))")
                    break
                }
                instant += 6 * 3600
            }
        }
        #expect(compared > 400)
    }

    @Test func namesAndFixedOffsetsAreSpelledAsFoundationSpelledThem() throws {
        for name in ["UTC", "GMT", "Etc/UTC", "GMT+5", "GMT+0530", "GMT-03:00", "UTC+2", "UTC-0330", "GMT+18", "Asia/Calcutta",
                     "Europe/Kiev", "PST8PDT", "Etc/GMT-14", "US/Pacific", "Factory"] {
            let ours = try #require(Zone(identifier: name), "\(name)")
            let theirs = try #require(TimeZone(identifier: name), "\(name)")
            #expect(ours.identifier == theirs.identifier, "\(name)")
            #expect(ours.secondsFromGMT() == theirs.secondsFromGMT(), "\(name)")
        }
        for name in ["Z", "+05:30", "asia/shanghai", "Nonsense", "../etc/passwd", "/etc/passwd", "Asia/../Asia/Shanghai", "localtime",
                     "posixrules", "right/UTC", "posix/Europe/Berlin", "zone.tab", "", "Europe/Berlin ", "GMT+19", "GMT+5:", "UTC+123456"] {
            #expect(Zone(identifier: name) == nil, "\(name)")
        }
        for seconds in [0, 19800, -12600, 3600, 50400, 64800, -64800, 30] {
            #expect(Zone(secondsFromGMT: seconds)?.identifier == TimeZone(secondsFromGMT: seconds)?.identifier, "\(seconds)")
            #expect(Zone(secondsFromGMT: seconds)?.secondsFromGMT() == seconds)
        }
        #expect(Zone(secondsFromGMT: 64801) == nil)
        #expect(Zone(secondsFromGMT: -86400) == nil)
    }

    @Test func readsPOSIXRulesAsTheFootersWriteThem() throws {
        let india = try #require(POSIXZoneRule("<+0530>-5:30"))
        #expect(india.standardOffset == 19800 && india.daylight == nil)
        let berlin = try #require(POSIXZoneRule("CET-1CEST,M3.5.0,M10.5.0/3"))
        let rules = ZoneOffsets(rule: berlin)
        // 2024-03-31 01:00 UTC is the change to summer time; 2024-10-27 01:00 UTC back.
        #expect(rules.offset(at: 1_711_846_799) == 3600)
        #expect(rules.offset(at: 1_711_846_800) == 7200)
        #expect(rules.offset(at: 1_729_990_799) == 7200)
        #expect(rules.offset(at: 1_729_990_800) == 3600)
        #expect(rules.nextChange(after: 1_711_846_000) == 1_711_846_800)
        // The southern hemisphere: summer time across the new year.
        let sydney = ZoneOffsets(rule: try #require(POSIXZoneRule("AEST-10AEDT,M10.1.0,M4.1.0/3")))
        #expect(sydney.offset(at: 1_704_067_200) == 39600)  // 2024-01-01
        #expect(sydney.offset(at: 1_719_792_000) == 36000)  // 2024-07-01
        // Summer time all year (RFC 8536 §3.3.1), and the day forms J and n.
        let always = ZoneOffsets(rule: try #require(POSIXZoneRule("EST5EDT,0/0,J365/25")))
        for instant in stride(from: 1_704_067_200, to: 1_735_689_600, by: 86_400 * 7) { #expect(always.offset(at: instant) == -14400) }
        let julian = ZoneOffsets(rule: try #require(POSIXZoneRule("XXX0YYY,J60/0,J61/0")))
        // 2024 is a leap year: J60 is March 1 whatever the year.
        #expect(julian.offset(at: 1_709_251_200) == 3600)  // 2024-03-01
        #expect(julian.offset(at: 1_709_164_800) == 0)  // 2024-02-29
        let zeroBased = ZoneOffsets(rule: try #require(POSIXZoneRule("XXX0YYY,59/0,60/0")))
        #expect(zeroBased.offset(at: 1_709_164_800) == 3600)  // day 59 of 2024 is February 29
        for bad in ["", "C", "CET", "CET-1CEST", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
                    "<+05", "CET-1CEST,M3.5.0,M10.5.0/200", "CET-25", "CET-1CEST,J0,J365"] {
            #expect(POSIXZoneRule(bad) == nil, "\(bad)")
        }
    }

    @Test func aMachineWithoutATzDatabaseStillHasEveryZonesPresentRule() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-no-tzdata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let shanghai = try #require(Zone.named("Asia/Shanghai", directory: empty.path))
        let berlin = try #require(Zone.named("Europe/Berlin", directory: empty.path))
        // 2023-09-26, the bundled program's day, and a summer and a winter day in Berlin.
        #expect(shanghai.offset(at: 1_695_686_400) == 28800)
        #expect(berlin.offset(at: 1_719_792_000) == 7200)
        #expect(berlin.offset(at: 1_704_067_200) == 3600)
        #expect(Zone.named("Nowhere/Special", directory: empty.path) == nil)
        // Where there is a database, a name it lacks is no zone, as to every program there.
        let sparse = empty.appendingPathComponent("sparse")
        try FileManager.default.createDirectory(at: sparse, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Etc/UTC", toPath: sparse.appendingPathComponent("UTC").path)
        #expect(Zone.named("Asia/Shanghai", directory: sparse.path) == nil)
        #expect(Zone.named("UTC", directory: sparse.path)?.offset(at: 0) == 0)
    }

    /// A feed names its zone at every event: a lookup is remembered, found or not, so a TZID the
    /// database lacks is not a look at the disk per event (a feed of 10,000 events with a Windows
    /// zone name took 15.7 G instructions to validate before, 1.0 G since).
    @Test func aZoneLookedUpOnceIsNotLookedForAgain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-tzdata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Etc/UTC", toPath: folder.appendingPathComponent("Etc/UTC").path)
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Europe/Berlin", toPath: folder.appendingPathComponent("Berlin").path)
        #expect(Zone.named("Later", directory: folder.path) == nil)
        #expect(Zone.named("Berlin", directory: folder.path) != nil)
        // The files change under it; what was looked up stands for the process's life.
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Europe/Berlin", toPath: folder.appendingPathComponent("Later").path)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Berlin"))
        #expect(Zone.named("Later", directory: folder.path) == nil)
        #expect(Zone.named("Berlin", directory: folder.path)?.offset(at: 1_719_792_000) == 7200)
    }

    @Test func aDamagedZoneFileIsNoZone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-tzdata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let berlin = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/Berlin")))
        try FileManager.default.copyItem(atPath: "/usr/share/zoneinfo/Etc/UTC", toPath: folder.appendingPathComponent("Etc/UTC").path)
        for (name, bytes) in [("Cut", Array(berlin.prefix(100))), ("Text", Array("Europe/Berlin\n".utf8)), ("Empty", [])] {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
            #expect(Zone.named(name, directory: folder.path) == nil, "\(name)")
        }
        // Every cut of a real file is refused or read, never a crash.
        for length in stride(from: 0, to: berlin.count, by: 7) { _ = ZoneOffsets(tzif: Array(berlin.prefix(length))) }
        try Data(berlin).write(to: folder.appendingPathComponent("Whole"))
        #expect(Zone.named("Whole", directory: folder.path)?.offset(at: 1_719_792_000) == 7200)
    }

    @Test func theMachinesZoneIsTZThenTheLocaltimeLink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-localtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("localtime").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/usr/share/zoneinfo/Asia/Tokyo")
        #expect(Zone.machineZone(environment: ["TZ": "Europe/Paris"], localtime: link).identifier == "Europe/Paris")
        #expect(Zone.machineZone(environment: ["TZ": "Bogus/Zone"], localtime: link).identifier == "Asia/Tokyo")
        #expect(Zone.machineZone(environment: [:], localtime: link).identifier == "Asia/Tokyo")
        #expect(Zone.machineZone(environment: [:], localtime: folder.appendingPathComponent("missing").path).identifier == "GMT")
    }

    @Test func theStartOfADayIsTheFirstInstantOnIt() throws {
        let berlin = try #require(Zone(identifier: "Europe/Berlin"))
        #expect(CivilDate(year: 2024, month: 3, day: 31).start(in: berlin).timeIntervalSince1970 == 1_711_839_600)
        // Havana's clocks went from midnight to one on 2024-03-10: the day starts at one.
        let havana = try #require(Zone(identifier: "America/Havana"))
        let day = CivilDate(year: 2024, month: 3, day: 10)
        let start = day.start(in: havana)
        #expect(CivilDate(start, in: havana) == day)
        #expect(CivilDate(start.addingTimeInterval(-1), in: havana) == day.adding(days: -1))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/Havana"))
        #expect(start == calendar.date(from: DateComponents(year: 2024, month: 3, day: 10)))
    }

    /// The instants and offsets `zdump -v` lists for a zone from 1900 to 2060: each change, and
    /// the second before it.
    static func zdump(_ name: String) throws -> [(Int, Int)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zdump")
        process.arguments = ["-v", "-c", "1900,2060", name]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return output.split(separator: "\n").compactMap { line -> (Int, Int)? in
            // "Europe/Berlin  Sun Mar 26 00:59:59 2023 UT = Sun Mar 26 01:59:59 2023 CET isdst=0 gmtoff=3600"
            guard let equals = line.range(of: " UT = "), let offset = line.split(separator: "=").last.flatMap({ Int($0) }) else { return nil }
            let fields = line[..<equals.lowerBound].split(separator: " ").suffix(4)
            guard fields.count == 4, let month = months.firstIndex(of: String(fields[fields.startIndex])),
                  let day = Int(fields[fields.startIndex + 1]), let year = Int(fields[fields.startIndex + 3]) else { return nil }
            let clock = fields[fields.startIndex + 2].split(separator: ":").compactMap { Int($0) }
            guard clock.count == 3 else { return nil }
            let days = CivilDate.daysSinceEpoch(year: year, month: month + 1, day: day)
            return (days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2], offset)
        }
    }
}

import Foundation
import Testing
import TestSupport

/// `--data URL` in the real binary against a server on 127.0.0.1, and `export ics` read back by a
/// real iCalendar parser.
@Suite("Schedules from a URL and calendars out, end to end", .serialized)
struct RemoteAndExportTests {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-e2e-cache-\(UUID().uuidString)")
    var environment: [String: String] { ["XDG_CACHE_HOME": cache.path] }

    @Test func aURLOpensThenOpensOfflineAndRefreshesByHand() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("schedule.xml", from: "frab-38c3.xml")
        let url = server.url("/files/schedule.xml")

        // First run: nothing is kept, so the browser fetches before it draws.
        var pane = try TmuxPane("\(hallwayBinary) --data \(url)", columns: 120, rows: 30, environment: environment)
        // Waited for with its footer: a capture can fall between the first lines drawn and the last
        // (it did once under load, in a whole test run).
        let first = try pane.waitFor("the first screen with its footer") { $0.contains("Tracks (7)") && $0.contains("r refresh") }
        #expect(first.contains("38C3") && first.contains("r refresh"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")

        // Second run with the server stalled: the kept copy opens at once, and the header says offline
        // once the background refresh gives up.
        try server.breakFile("schedule.xml", "stall")
        pane = try TmuxPane("\(hallwayBinary) --data \(url)", columns: 120, rows: 30, environment: environment)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try pane.waitFor(text: "Tracks (7)", seconds: 3)
        #expect(clock.now - started < .seconds(3), "a kept copy must not wait on the network")
        let offline = try pane.waitFor(text: "offline, copy from", seconds: 20)
        #expect(offline.contains("38C3"))

        // The server comes back with another program; r brings it in.
        try FileManager.default.removeItem(at: server.folder.appendingPathComponent("schedule.xml.mode"))
        try server.serve("schedule.xml", from: "pretalx-democon.json")
        try pane.send("r")
        let updated = try pane.waitFor(text: "DemoCon", seconds: 10)
        #expect(updated.contains("updated "))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        #expect(server.requests.first == "GET /files/schedule.xml 200 conditional=no")
        #expect(server.requests.last == "GET /files/schedule.xml 200 conditional=yes")
    }

    @Test func anICalendarURLOpensInTheBrowserWithTheVenueZoneItHints() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("moca2024.ics", from: "ics-moca2024.ics")
        let pane = try TmuxPane("\(hallwayBinary) --data \(server.url("/files/moca2024.ics"))", columns: 100, rows: 30, environment: environment)
        let first = try pane.waitFor(text: "Schedule")
        #expect(first.hasPrefix(" moca2024"), "a calendar with no name is named after its file")
        try pane.send("4", "Enter")
        let day = try pane.waitFor(text: "Fri 13 Sep 2024")
        #expect(day.contains("XOR") || day.contains("MOV"))
        try pane.send("/")
        try pane.send("-l", "phantom threats")
        try pane.send("Enter")
        let detail = try pane.waitFor(text: "Agostino Panico")
        #expect(detail.contains("18:30–19:15") && detail.contains("Europe/Rome"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        #expect(server.requests == ["GET /files/moca2024.ics 200 conditional=no"])
    }

    @Test func validateAndSearchTakeAURLAndNameTheFormat() throws {
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScheduleServer()
        try server.serve("camp.json", from: "frab-camp2019.json")
        try server.serve("bad.json", from: "invalid-example.json")
        let ok = try hallway("validate", server.url("/files/camp.json"), environment: environment)
        #expect(ok.status == 0)
        #expect(ok.out.hasPrefix("format: frab/pretalx schedule.json\nok: 79 sessions"))
        let bad = try hallway("validate", server.url("/files/bad.json"), environment: environment)
        #expect(bad.status == 2)
        #expect(bad.err.split(separator: "\n").count == 3)
        #expect(bad.err.hasPrefix(server.url("/files/bad.json") + ": schedule.rooms:"))
        let missing = try hallway("search", "--data", server.url("/files/nothing.json"), "kubernetes", environment: environment)
        #expect(missing.status == 1)
        #expect(missing.err.contains("cannot fetch") && missing.err.contains("404"))
        try server.serve("page.html", text: "<!doctype html>\n<html><body>Our schedule</body></html>\n")
        let page = try hallway("search", "--data", server.url("/files/page.html"), "kubernetes", environment: environment)
        #expect(page.status == 2)
        #expect(page.err.hasPrefix(server.url("/files/page.html") + ":1:1: this is a web page (HTML), not a schedule file"))
        let found = try hallway("search", "--data", server.url("/files/camp.json"), "kubernetes", environment: environment)
        #expect(found.status == 0 && found.out.hasPrefix("Hacking Containers and Kubernetes"))
    }

    @Test func theCalendarExportReadsBackThroughARealICalendarParser() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-\(UUID().uuidString).ics")
        defer { try? FileManager.default.removeItem(at: out) }
        let export = try hallway("export", "ics", "--data", SharedFixtures.path("frab-38c3.xml"), "--out", out.path)
        #expect(export.status == 0)
        #expect(export.err == "hallway: exported 1007 sessions\n")
        let bytes = try Data(contentsOf: out)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.last == 0x0D && $0.count <= 76 }, "CRLF line ends, lines folded at 75 octets")
        let script = """
        import icalendar, sys
        calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = list(calendar.walk('VEVENT'))
        uids = {str(e['UID']) for e in events}
        talk = next(e for e in events if str(e['SUMMARY']).startswith('Beyond BLE'))
        print(len(events), len(uids))
        print(talk['UID'])
        print(talk['DTSTART'].dt.isoformat(), talk['DTEND'].dt.isoformat())
        print(talk['LOCATION'])
        print(str(talk['DESCRIPTION']).split('\\n')[0])
        print(talk['URL'])
        """
        let parsed = try run("/usr/bin/env", ["python3", "-c", script, out.path])
        #expect(parsed.status == 0, "\(parsed.err)")
        #expect(parsed.out.split(separator: "\n").map(String.init) == [
            "1007 1007",
            "f1e929eb-5b85-563a-9c40-a489dd7913aa@38c3.hallway",
            "2024-12-29T14:45:00+00:00 2024-12-29T15:25:00+00:00",
            "Saal GLITCH",
            "Speakers: Adam Batori, Robert Pafford",
            "https://events.ccc.de/congress/2024/hub/de/event/beyond-ble-cracking-open-the-black-box-of-rf-microcontrollers/",
        ])
        // The same session exports with the same UID on another run.
        let again = try hallway("export", "ics", "--data", SharedFixtures.path("frab-38c3.xml"), "--session", "f1e929eb-5b85-563a-9c40-a489dd7913aa")
        #expect(again.out.contains("UID:f1e929eb-5b85-563a-9c40-a489dd7913aa@38c3.hallway\r\n"))
        #expect(again.out.components(separatedBy: "BEGIN:VEVENT").count == 2)
    }

    @Test func exportSaysWhatItLeftOutAndRefusesUnknownSessions() throws {
        let bundled = try hallway("export", "ics")
        #expect(bundled.status == 0)
        #expect(bundled.err == "hallway: exported 0 sessions; left out 14 with no published time\n")
        #expect(!bundled.out.contains("BEGIN:VEVENT") && bundled.out.hasPrefix("BEGIN:VCALENDAR\r\n"))
        let unknown = try hallway("export", "ics", "--session", "nope\u{1B}[2J")
        #expect(unknown.status == 2)
        #expect(unknown.err == "hallway: --session: no session \"nope\\u001b[2J\" in IstioCon China 2023\n")
    }
}

@Suite("Every real schedule file opens, browses and searches")
struct RealFilesEndToEndTests {
    @Test(arguments: [
        ("frab-camp2019.json", "Chaos Communication Camp 2019", "kubernetes", "Hacking Containers and Kubernetes"),
        ("pretalx-democon.json", "DemoCon", "focused hardware", "Focused 5thgeneration hardware"),
        ("hub-schedule2.json", "38C3", "opening", "38C3: Opening Ceremony"),
        ("frab-38c3.xml", "38C3", "ble microcontrollers", "Beyond BLE: Cracking Open the Black-Box of RF Microcontrollers"),
        ("ics-pyconuk2015.ics", "PyCon UK 2015", "infamous gil", "Python's Infamous GIL"),
        ("ics-moca2024.ics", "ics-moca2024", "phantom threats", "Phantom Threats: Navigating Cyber False Flags in the Attribution Game"),
    ])
    func opensBrowsesAndSearches(_ file: String, _ name: String, _ query: String, _ title: String) throws {
        let path = SharedFixtures.path(file)
        let validate = try hallway("validate", path)
        #expect(validate.status == 0 && validate.out.contains("ok: "))
        let schedule = try hallway("render", "--data", path, "--size", "100x30", "--keys", "4ll")
        #expect(schedule.status == 0)
        #expect(schedule.out.hasPrefix(" " + name.prefix(10)) && schedule.out.contains("Schedule (") && schedule.out.contains("Room: "))
        let searched = try hallway("render", "--data", path, "--size", "100x30", "--keys", "/\(query)<Enter>")
        #expect(searched.out.contains(title.prefix(25)), "the result opens with its title in the details")
        let search = try hallway("search", "--no-cache", "--data", path, query)
        #expect(search.status == 0 && search.out.hasPrefix(title))
    }

    @Test func theInvalidExampleIsRefusedWithLocatedErrorsAndExit2() throws {
        let result = try hallway("validate", SharedFixtures.path("invalid-example.json"))
        #expect(result.status == 2 && result.out.isEmpty)
        #expect(result.err.split(separator: "\n").allSatisfy { $0.contains("invalid-example.json: schedule.") })
    }
}

@Suite("hallway now")
struct NowCommandTests {
    @Test func printsEachRoomsNowAndNextAndSaysWhenThereAreNoTimes() throws {
        let camp = SharedFixtures.path("frab-camp2019.json")
        let during = try hallway("now", "--data", camp, "--now", "2019-08-21T13:10+02:00")
        #expect(during.status == 0)
        #expect(during.out.hasPrefix("Chaos Communication Camp 2019, now and next at Wed 21 Aug 2019 13:10 Europe/Berlin\n\nCurie\n  now   13:00–13:45  Hacking Containers and Kubernetes · Thomas Fricke  (35 min left)\n"))
        let json = try hallway("now", "--data", camp, "--now", "2019-08-21T13:10+02:00", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(object?["phase"] as? String == "during")
        let rooms = object?["rooms"] as? [[String: Any]]
        #expect((rooms?.first?["now"] as? [String: Any])?["minutes"] as? Int == 35)
        let none = try hallway("now")
        #expect(none.status == 0 && none.out == "IstioCon China 2023 publishes no session times, so there is no now or next to show.\n")
        let over = try hallway("now", "--data", camp, "--now", "2019-09-01T10:00+02:00")
        #expect(over.out == "Chaos Communication Camp 2019 is over: its last session ended Sun 25 Aug 2019 18:30 Europe/Berlin.\n")
    }

    /// By default only what runs now or starts within three hours, running rooms first, then by
    /// start; one unit style; --all for every room (issue 24).
    @Test func onlyWhatIsOnOrSoonByStartAndAllForEveryRoom() throws {
        let congress = SharedFixtures.path("frab-38c3.xml")
        let at = "2024-12-28T14:10:00+01:00"
        let soon = try hallway("now", "--data", congress, "--now", at)
        let every = try hallway("now", "--data", congress, "--now", at, "--all")
        #expect(soon.status == 0 && every.status == 0)
        let index = try run(hallwayBinary, ["now", "--data", congress, "--now", at, "--all", "--json"], environment: isolated)
        let rooms = try #require((try JSONSerialization.jsonObject(with: index.stdout) as? [String: Any])?["rooms"] as? [[String: Any]])
        // What the default must print: each room's running session, and each next one within 180 minutes.
        let running = rooms.filter { $0["now"] is [String: Any] }.count
        let startingSoon = rooms.compactMap { ($0["next"] as? [String: Any])?["minutes"] as? Int }.filter { $0 <= 180 }.count
        let lines = soon.out.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("  now ") }.count == running)
        #expect(lines.filter { $0.hasPrefix("  next ") }.count == startingSoon)
        #expect(every.out.split(separator: "\n").filter { $0.hasPrefix("  next ") }.count > startingSoon, "--all shows the later ones too")
        #expect(!soon.out.contains(" h ") || !soon.out.contains("days"), "one unit style")
        let nexts = lines.filter { $0.hasPrefix("  next ") }.map { String($0.dropFirst(8).prefix(5)) }
        let onlyNext = soon.out.components(separatedBy: "\n\n").dropFirst().filter { !$0.contains("  now ") }
            .compactMap { $0.split(separator: "\n").last.map { String($0.dropFirst(8).prefix(5)) } }
        #expect(onlyNext == onlyNext.sorted(), "rooms with only a next session come by its start: \(nexts)")
        let within = try hallway("now", "--data", congress, "--now", at, "--within", "30m")
        #expect(within.out.split(separator: "\n").filter { $0.hasPrefix("  next ") }.count < startingSoon)
        #expect(try hallway("now", "--data", congress, "--within", "soon").status == 2)
        let today = try hallway("search", "day:today", "--tsv", "--data", congress, "--now", at)
        #expect(today.status == 0 && today.out.split(separator: "\n").dropFirst().allSatisfy { $0.contains("\t2024-12-28T") || $0.contains("\t2024-12-29T0") })
        let early = try hallway("now", "--data", congress, "--now", "2024-12-25T10:00:00+01:00")
        #expect(early.out.hasPrefix("38C3 starts Fri 27 Dec 2024 ") && early.out.contains("Europe/Berlin, in 2 days.\n"), "\(early.out)")
        #expect(early.out.hasSuffix("Nothing starts within 3 h; --all lists every room's next session.\n"))
    }
}

@Suite("Stars kept across runs", .serialized)
struct StarsEndToEndTests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-data-\(UUID().uuidString)")

    @Test func starQuitRestartAndFindThemInMyAgendaThenExportThem() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let camp = SharedFixtures.path("frab-camp2019.json")
        let environment = ["XDG_DATA_HOME": data.path]
        var pane = try TmuxPane("\(hallwayBinary) --data \(camp)", columns: 120, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "Tracks (7)")
        try pane.send("4", "Enter", "s", "j", "s")
        _ = try pane.waitFor(text: "★ In your agenda")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("hallway/stars.json").path))

        pane = try TmuxPane("\(hallwayBinary) --data \(camp)", columns: 120, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "Tracks (7)")
        try pane.send("5")
        // Waits for the whole view, not its heading alone: under load a capture can fall between
        // the heading's write and the rows'.
        let agenda = try pane.waitFor("My agenda with its rows") {
            $0.contains("My agenda (2)") && $0.contains("11:00 ★ Opening Ceremony") && $0.contains("Wed 21 Aug 2019         2")
        }
        #expect(agenda.contains("11:00 ★ Opening Ceremony"))
        #expect(agenda.contains("★ ") && agenda.contains("Wed 21 Aug 2019         2"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")

        let export = try hallway("export", "ics", "--starred", "--data", camp, environment: environment)
        #expect(export.status == 0 && export.err == "hallway: exported 2 sessions\n")
        #expect(export.out.contains("SUMMARY:Opening Ceremony\r\n"))
        let plain = try hallway("--data", camp, environment: environment)
        #expect(plain.out.contains("★ Opening Ceremony"))
    }
}

@Suite("The last view, the zone and reminders across runs", .serialized)
struct PlaceAndReminderEndToEndTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("hallway-home-\(UUID().uuidString)")
    var environment: [String: String] {
        ["XDG_DATA_HOME": home.appendingPathComponent("data").path, "XDG_STATE_HOME": home.appendingPathComponent("state").path]
    }

    @Test func theLastViewAndZoneComeBackAndTheFilesArePrivate() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let camp = SharedFixtures.path("frab-camp2019.json")
        var pane = try TmuxPane("TZ=UTC \(hallwayBinary) --data \(camp) --now 2019-08-22T14:10+02:00", columns: 100, rows: 30, environment: environment)
        // A first start during the conference opens on now: the Schedule, today.
        _ = try pane.waitFor(text: "Schedule (5)")
        try pane.send("6", "t")
        _ = try pane.waitFor(text: "12:10 local")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        let folder = home.appendingPathComponent("state/hallway")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("place.json").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int) == 0o700)

        // Another conference does not open on this one's grid: places are kept per conference.
        pane = try TmuxPane("TZ=UTC \(hallwayBinary) --data \(SharedFixtures.path("pretalx-democon.json"))", columns: 100, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "Tracks (2)")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")

        pane = try TmuxPane("TZ=UTC \(hallwayBinary) --data \(camp) --now 2019-08-22T14:10+02:00", columns: 100, rows: 30, environment: environment)
        let screen = try pane.waitFor(text: "Thu 22 Aug 2019 · day 2 of 5")
        #expect(screen.contains("12:10 local") && screen.contains("▶12:10"), "the grid again, in the reader's zone")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        // --tz given on the command line wins over the remembered zone.
        pane = try TmuxPane("TZ=UTC \(hallwayBinary) --data \(camp) --now 2019-08-22T14:10+02:00 --tz venue", columns: 100, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "14:10 venue")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
    }

    /// During the conference a first start opens the Schedule on today at what began last and is
    /// still on, with the now line in sight; `.` comes back to it from anywhere (issue 24).
    @Test func aFirstStartDuringTheConferenceOpensOnNow() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let congress = SharedFixtures.path("frab-38c3.xml")
        let pane = try TmuxPane("\(hallwayBinary) --data \(congress) --now 2024-12-28T14:10+01:00", columns: 80, rows: 24, environment: environment)
        let screen = try pane.waitFor(text: "Schedule (4) › Sat 28 Dec 2024")
        #expect(screen.contains("14:00 ") && screen.contains("▶ now 14:10 ─"), "today's sessions around now: \(screen)")
        try pane.send("1")
        _ = try pane.waitFor(text: "Tracks (7)")
        try pane.send(".")
        _ = try pane.waitFor(text: "Schedule (4) › Sat 28 Dec 2024")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
    }

    @Test func aStarredSessionAboutToStartIsAnnouncedOnStart() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let camp = SharedFixtures.path("frab-camp2019.json")
        var pane = try TmuxPane("\(hallwayBinary) --data \(camp) --now 2019-08-21T10:00+02:00", columns: 120, rows: 30, environment: environment)
        _ = try pane.waitFor(text: "Schedule (5)")
        try pane.send("4", "Enter", "s")
        _ = try pane.waitFor(text: "★ In your agenda")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        // Three minutes before the starred Opening Ceremony (11:00 in Curie).
        pane = try TmuxPane("\(hallwayBinary) --data \(camp) --now 2019-08-21T10:57+02:00", columns: 120, rows: 30, environment: environment)
        let screen = try pane.waitFor(text: "in 3 min in Curie: Opening Ceremony")
        #expect(screen.split(separator: "\n").first?.contains("in 3 min") == true, "said in the header")
        _ = try pane.waitFor("the bell") { _ in pane.bells() >= 1 }
        try pane.send("G")
        _ = try pane.waitFor(text: "Sun 25 Aug 2019 (9)")
        #expect(pane.bells() == 1, "the bell rings once, not on every key")
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
        // --remind 0 turns it off.
        pane = try TmuxPane("\(hallwayBinary) --data \(camp) --now 2019-08-21T10:57+02:00 --remind 0", columns: 120, rows: 30, environment: environment)
        let quiet = try pane.waitFor(text: "Opening Ceremony")
        #expect(!quiet.contains("in 3 min"))
        try pane.send("q")
        _ = try pane.waitFor(text: "HALLWAY-EXITED 0")
    }
}

@Suite("Zones: headings, rows and details agree")
struct ZoneDisplayTests {
    let camp = SharedFixtures.path("frab-camp2019.json")
    let congress = SharedFixtures.path("frab-38c3.xml")

    @Test func aChosenZoneIsNamedAndBothTimesAreShown() throws {
        // During the camp, render opens on now as the terminal does; gg goes to the day's first talk.
        let screen = try hallway("render", "--data", camp, "--tz", "America/New_York", "--now", "2019-08-21T13:10+02:00",
                                 "--size", "120x24", "--keys", "gg")
        #expect(screen.out.contains("│ ▶ now 07:10 ──"), "render opens where the terminal does: on now")
        let lines = screen.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("Wed 21 Aug 07:10 America/New_York"), "the header names the zone, not \"local\"")
        #expect(screen.out.contains("Wed 21 Aug 2019, 05:00–05:30 America/New_York"))
        #expect(screen.out.contains("Venue: Wed 21 Aug 2019, 11:00–11:30 Europe/Berlin"))
        let venue = try hallway("render", "--data", camp, "--size", "120x24", "--keys", "4<Enter>")
        #expect(!venue.out.contains("Venue: "), "in venue time there is only one time to show")
    }

    @Test func aSessionOnAnotherDateInTheZoneShownSaysWhichUnderItsConferenceDay() throws {
        let screen = try hallway("render", "--data", congress, "--tz", "Asia/Tokyo", "--size", "120x60", "--keys", "4<Enter>G")
        #expect(screen.out.contains("Fri 27 Dec 2024 (245)"))
        #expect(screen.out.contains("│ Sat 09:00 "), "a Friday session at 01:00 Berlin is Saturday 09:00 in Tokyo, and says so")
    }

    @Test func thePlainListingUsesTheChosenZone() throws {
        let plain = try hallway("--data", camp, "--tz", "America/New_York")
        #expect(plain.out.contains("jinxx, smtw · Wed 21 Aug 2019, 05:00–05:30 America/New_York · Curie"))
    }
}

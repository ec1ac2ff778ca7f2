import Foundation
import HallwayUI
import ScheduleKit

/// Programs and helpers shared by the UI tests. Times are fixed so screens are repeatable.
enum Fixtures {
    static let now = ISOInstant.parse("2023-09-26T10:00+08:00")!
    static let utc = Zone(identifier: "UTC")!

    /// The UI tests' own copy of the IstioCon program (Programs/istiocon-ui.json), frozen: when the
    /// shipped data gains a fact, the screens and counts these tests expect stay as they are.
    static let bundled = Browser(index: program)
    static let program: ScheduleIndex = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Programs/istiocon-ui.json")
        return ScheduleIndex(try! ScheduleLoader.load(file: file.path))
    }()

    /// Korean, Japanese and Chinese throughout: names, titles, rooms, tracks, with published times.
    static let cjk: Browser = {
        let seoul = Zone(identifier: "Asia/Seoul")!
        let day = CivilDate(year: 2024, month: 4, day: 18)
        let at = { (hour: Int, minute: Int) in day.start(in: seoul).addingTimeInterval(Double(hour * 3600 + minute * 60)) }
        let conference = Conference(
            id: "cjk-demo", name: "서울 클라우드 네이티브 데이 2024 · 東京", days: [day], timeZone: seoul,
            tracks: [Track(id: "mesh", name: "서비스 메시와 관측성"), Track(id: "platform", name: "クラウドネイティブ基盤の運用")],
            topics: [Topic(id: "ambient", name: "앰비언트 메시"), Topic(id: "ebpf", name: "eBPF"), Topic(id: "gitops", name: "GitOps 持续交付")],
            rooms: [Room(id: "a", name: "그랜드볼룸 A"), Room(id: "b", name: "ルーム 302")],
            speakers: [
                Speaker(id: "kim", name: "김민준", organization: Organization(name: "네이버 클라우드")),
                Speaker(id: "yamada", name: "山田太郎", organization: Organization(name: "株式会社サンプル")),
                Speaker(id: "song", name: "Jimmy Song", nameZh: "宋净超", organization: Organization(name: "Tetrate")),
            ],
            sessions: [
                Session(id: "s1", titles: [SourcedTitle(language: "ko", text: "이스티오 앰비언트 메시로 사이드카 없이 운영하기: 1년간의 교훈")],
                        day: day, start: at(9, 30), end: at(10, 10), roomID: "a", trackID: "mesh", topicIDs: ["ambient", "ebpf"],
                        speakerIDs: ["kim"], summary: "사이드카 없이 메시를 운영한 1년의 기록입니다. 성능, 비용, 장애 대응에서 배운 점을 나눕니다."),
                Session(id: "s2", titles: [SourcedTitle(language: "ja", text: "eBPFでトラフィックを曲げる：カーネルから見たサービスメッシュ")],
                        day: day, start: at(9, 30), end: at(10, 10), roomID: "b", trackID: "platform", topicIDs: ["ebpf"],
                        speakerIDs: ["yamada"], summary: "カーネルの中でパケットを扱うと何が変わるのか。ｶﾀｶﾅも全角のＡＢＣも正しく幅を数える。"),
                Session(id: "s3", titles: [SourcedTitle(language: "en", text: "GitOps and observability"), SourcedTitle(language: "zh", text: "如何实现 GitOps 和可观察性的完美结合")],
                        day: day, start: at(10, 30), end: at(11, 0), roomID: "a", trackID: "mesh", topicIDs: ["gitops"], speakerIDs: ["song", "kim"]),
                Session(id: "s4", label: "Untitled — 미정 세션", day: day, trackID: "platform", speakerIDs: ["yamada"]),
            ])
        return Browser(index: ScheduleIndex(conference))
    }()

    /// The UI tests' own timed program: two days in Shanghai, seven rooms (more than 80 columns
    /// show), sessions of 10 to 90 minutes, one with no end, one with no room, two at once in one
    /// room, Chinese and English titles. `now` falls on the first morning.
    static let festival: Browser = {
        let shanghai = Zone(identifier: "Asia/Shanghai")!
        let days = [CivilDate(year: 2023, month: 9, day: 26), CivilDate(year: 2023, month: 9, day: 27)]
        let rooms = ["主会场 Main Hall", "Room 1", "Room 2", "Room 3", "Workshop A", "Workshop B", "Lounge"]
        // day, room (nil for none), start, minutes (nil for no end), title, speaker
        let table: [(Int, Int?, String, Int?, String, String)] = [
            (0, 0, "09:00", 30, "Opening keynote: ten years of service mesh", "ada"),
            (0, 0, "09:30", 45, "Ambient mesh 在生产环境中的实践", "li"),
            (0, 1, "09:30", 40, "eBPF for the data plane", "grace"),
            (0, 2, "09:30", 90, "Hands-on: Gateway API from zero", "ken"),
            (0, 3, "10:00", 30, "可观测性：从指标到追踪", "li"),
            (0, 4, "09:00", 120, "Workshop: building a Wasm plugin step by step", "grace"),
            (0, 5, "10:30", 60, "Security policies that people can read", "ada"),
            (0, 6, "10:15", 10, "Lightning: one YAML to rule them all", "ken"),
            (0, 6, "10:25", 10, "Lightning: 你好，网格", "li"),
            (0, 1, "10:20", 40, "Multi-cluster failover without tears", "ken"),
            (0, 1, "10:40", 30, "Overlapping talk in the same room", "ada"),
            (0, 0, "11:00", nil, "Closing remarks (no end given)", "ada"),
            (0, nil, "12:00", 60, "Lunch", ""),
            (1, 0, "09:00", 45, "Day two keynote: 服务网格的下一个十年", "li"),
            (1, 2, "09:15", 45, "Rate limiting at the edge", "grace"),
        ]
        let speakers = [Speaker(id: "ada", name: "Ada Lovelace"), Speaker(id: "li", name: "李雷", organization: Organization(name: "示例科技")),
                        Speaker(id: "grace", name: "Grace Hopper"), Speaker(id: "ken", name: "Ken Thompson")]
        let sessions = table.enumerated().map { number, row in
            let (day, room, start, minutes, title, speaker) = row
            let parts = start.split(separator: ":").map { Double($0)! }
            let begins = days[day].start(in: shanghai).addingTimeInterval(parts[0] * 3600 + parts[1] * 60)
            return Session(id: "f\(number + 1)", titles: [SourcedTitle(language: "en", text: title)], day: days[day], start: begins,
                           end: minutes.map { begins.addingTimeInterval(Double($0 * 60)) }, roomID: room.map { "r\($0)" },
                           speakerIDs: speaker.isEmpty ? [] : [speaker])
        }
        let conference = Conference(id: "festival", name: "Mesh Festival 2023", days: days, timeZone: shanghai,
                                    rooms: rooms.enumerated().map { Room(id: "r\($0.offset)", name: $0.element) },
                                    speakers: speakers, sessions: sessions)
        return Browser(index: ScheduleIndex(conference))
    }()

    /// Titles and names that try to take over the terminal or the layout.
    static let hostile: Browser = {
        let day = CivilDate(year: 2024, month: 1, day: 1)
        let conference = Conference(
            id: "hostile", name: "Evil\u{1B}[2JCon\u{07}", days: [day],
            tracks: [Track(id: "t", name: "Track\u{1B}]0;pwned\u{07}")],
            speakers: [Speaker(id: "m", name: "Mallory\u{1B}[31m\u{202E}gnp.exe")],
            sessions: [
                Session(id: "a", titles: [SourcedTitle(language: "en", text: "\u{1B}[2J\u{1B}]0;pwned\u{07}clear screen")], day: day, trackID: "t", speakerIDs: ["m"],
                        summary: "line one\r\nline\u{8}\u{8}\u{8}two\u{9B}31m\u{1B}"),
                Session(id: "b", titles: [SourcedTitle(language: "en", text: "hello\rEVIL")], day: day, trackID: "t"),
                Session(id: "c", titles: [SourcedTitle(language: "en", text: "abc\u{8}\u{8}\u{8}XYZ \u{202E}txt.exe")], day: day, trackID: "t"),
                Session(id: "d", titles: [SourcedTitle(language: "en", text: String(repeating: "中文标题", count: 15))], day: day, trackID: "t"),
            ])
        return Browser(index: ScheduleIndex(conference))
    }()

    static func state(_ browser: Browser, size: Size, keys: String = "") -> AppState {
        replay(keys, on: browser, from: AppState(size: size, now: now, localZone: utc)).state
    }

    /// Types `keys` (vim notation) through the same runner as the interactive program.
    static func replay(_ keys: String, on browser: Browser, from state: AppState, stars: (any StarStore)? = nil) -> (state: AppState, effects: [Effect]) {
        var runner = Runner(browser: browser, state: state, effects: stars.map { StarEffects(stars: $0) as any EffectHandler } ?? NoEffects())
        let effects = runner.press(try! KeyNotation.parse(keys))
        return (runner.state, effects)
    }

    static func send(_ event: InputEvent, to browser: Browser, _ state: inout AppState) {
        var runner = Runner(browser: browser, state: state)
        runner.send(event)
        state = runner.state
    }

    static func apply(_ browser: Browser, _ state: inout AppState, _ actions: Action...) {
        for action in actions { _ = browser.reduce(&state, action) }
    }
}

extension Fixtures {
    /// Two releases of a 30-event cut of 38C3 (Tests/Versions): the browser over the later one,
    /// knowing what changed since the earlier, with the talk that left put back cancelled.
    static let congressDigest: ChangeDigest = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Versions")
        let read = { (name: String, seen: TimeInterval) in
            ProgramVersion(try! ScheduleLoader.read(file: folder.appendingPathComponent(name).path).conference, seen: Date(timeIntervalSince1970: seen))
        }
        return ChangeDigest(from: read("congress-v1.xml", 1_735_290_000), to: read("congress-v2.xml", 1_735_300_000))
    }()
    static let congress: Browser = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Versions")
        let program = try! ScheduleLoader.read(file: folder.appendingPathComponent("congress-v2.xml").path).conference
        return Browser(index: ScheduleIndex(congressDigest.keepingRemoved(in: program)), changes: congressDigest)
    }()
    /// The first afternoon of the congress, Berlin time.
    static let congressNow = ISOInstant.parse("2024-12-27T13:00+01:00")!
}

extension Fixtures {
    /// The congress hub's schedule2 draft: two talks in halls the file says where they are.
    static let hub: Browser = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/schedules/hub-schedule2.json").path
        return Browser(index: ScheduleIndex(try! ScheduleLoader.read(file: path).conference))
    }()

    /// The festival with its Room 1 given a place and a venue-map page, and one talk there a recording.
    static let mappedFestival: Browser = {
        var conference = festival.index.conference
        conference.rooms[1].location = "First floor, left of the stairs"
        conference.rooms[1].url = "https://map.example.org/l/room-1/"
        let failover = conference.sessions.firstIndex { $0.displayTitle == "Multi-cluster failover without tears" }!
        conference.sessions[failover].links = [Link(kind: .video, url: "https://video.example.org/failover")]
        return Browser(index: ScheduleIndex(conference))
    }()
}


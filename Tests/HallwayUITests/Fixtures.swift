import Foundation
import HallwayUI
import ScheduleKit

/// Programs and helpers shared by the UI tests. Times are fixed so screens are repeatable.
enum Fixtures {
    static let now = ISOInstant.parse("2023-09-26T10:00+08:00")!
    static let utc = TimeZone(identifier: "UTC")!

    static let bundled = Browser(index: ScheduleIndex(ScheduleLoader.bundled()))

    /// Korean, Japanese and Chinese throughout: names, titles, rooms, tracks, with published times.
    static let cjk: Browser = {
        let seoul = TimeZone(identifier: "Asia/Seoul")!
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
        var state = AppState(size: size, now: now, localZone: utc)
        browser.normalize(&state)
        for key in try! KeyNotation.parse(keys) {
            for action in browser.actions(for: .key(key), in: state) { _ = browser.reduce(&state, action) }
        }
        return state
    }

    static func apply(_ browser: Browser, _ state: inout AppState, _ actions: Action...) {
        for action in actions { _ = browser.reduce(&state, action) }
    }
}

import ArgumentParser
import Foundation
import HallwayUI
import ScheduleKit

/// What one key costs the interface: the update (events to actions to state) and the frame drawn
/// from the new state, without a terminal; and how many cells the frame changed, which is what
/// the terminal is sent (the curses layer writes only changed cells).
struct Frames: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time each key's update and frame, browsing and on the booth display, and count the cells it changes."
    )

    @Option(help: "A schedule file; the bundled program when omitted.") var data: String?
    @Option(help: "How many times to play the keys.") var rounds = 20

    /// A walk through every view: lists, details, help, search and the grid.
    static let browsing = "jjjjlljjkk]]j2jjjl3jjj4jjj5jjkk6jjjllljj1?jj\u{1B}/mesh\u{1B}jjjjjjjj"
    /// A visitor at the booth: moving from talk to talk, each with its QR code.
    static let booth = "jjjjjjjjjjlljjjjjjkkkkkkkk"

    func run() throws {
        let conference = try data.map { try ScheduleLoader.load(file: $0, maximumSize: 512 * 1_048_576) } ?? ScheduleLoader.bundled()
        let index = ScheduleIndex(conference)
        let now = conference.sessions.compactMap(\.start).min() ?? Date(timeIntervalSince1970: 1_695_700_000)
        print("mode | size | keys | update+frame p50 µs | p99 µs | cells changed per key")
        print("--- | --- | ---: | ---: | ---: | ---:")
        for kiosk in [false, true] {
            for size in [Size(columns: 80, rows: 24), Size(columns: 200, rows: 60)] {
                let keys = try KeyNotation.parse(kiosk ? Self.booth : Self.browsing)
                let browser = Browser(index: index, keyMap: kiosk ? .kiosk : .standard)
                var times: [Double] = []
                var changed = 0
                for _ in 0..<rounds {
                    var state = AppState(size: size, now: now)
                    if kiosk {
                        state = browser.kioskStart(size: size, now: now, clock: .venue, localZone: .current,
                                                   kiosk: KioskState(idleTimeout: 3600, now: now))
                    }
                    var runner = Runner(browser: browser, state: state)
                    var previous = browser.render(runner.state)
                    for key in keys {
                        let start = DispatchTime.now().uptimeNanoseconds
                        _ = runner.press([key])
                        let frame = browser.render(runner.state)
                        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                        changed += frame.changedCells(since: previous).count
                        previous = frame
                    }
                }
                times.sort()
                let p50 = nearestRank(times, 0.5), p99 = nearestRank(times, 0.99)
                print("\(kiosk ? "kiosk" : "browse") | \(size.columns)×\(size.rows) | \(keys.count) | \(Int(p50)) | \(Int(p99)) | \(changed / (rounds * keys.count))")
            }
        }
    }
}

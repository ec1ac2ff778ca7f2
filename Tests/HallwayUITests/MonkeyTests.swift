import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// A seeded monkey: 100,000 random keys, clicks, wheel turns, pastes, ticks and resizes against
/// the runner, in process, with the browser's invariants checked after every step and the whole
/// screen checked every 50th. A failure names the seed and the step, so it can be replayed.
@Suite("The monkey")
struct MonkeyTests {
    static let keys: [Key] = {
        var keys: [Key] = KeyMap.standard.bindings.flatMap(\.keys)
        keys += "abcxyz019[]/?-_ 中한".map { .character($0) }
        keys += [.function(1), .function(12), .control("a"), .control("z"), .escape, .enter, .backspace]
        return keys
    }()

    struct Step: CustomStringConvertible {
        let number: Int
        let event: InputEvent
        var description: String { "step \(number): \(event)" }
    }

    static func event(_ random: inout SplitMix64, now: inout Date) -> InputEvent {
        let pick = random.next() % 100
        switch pick {
        case 0..<80: return .key(keys[Int(random.next() % UInt64(keys.count))])
        case 80..<85:
            return .mouse(MouseEvent(kind: [.press, .wheelUp, .wheelDown][Int(random.next() % 3)],
                                     x: Int(random.next() % 220), y: Int(random.next() % 70)))
        case 85..<90:
            // Mostly usable sizes, sometimes absurd ones.
            let tiny = random.next() % 4 == 0
            return .resize(Size(columns: Int(random.next() % (tiny ? 45 : 220)) + 1, rows: Int(random.next() % (tiny ? 12 : 70)) + 1))
        case 90..<92:
            return .paste(String(repeating: "mesh 网格 ", count: Int(random.next() % 60)))
        default:
            now = now.addingTimeInterval(Double(random.next() % 900))
            return .tick(now)
        }
    }

    func checkInvariants(_ runner: Runner, _ step: Step) {
        let browser = runner.browser
        let state = runner.state
        let groups = browser.groups(state)
        let position = state.position
        #expect(groups.isEmpty ? position.groups.selected == 0 : groups.indices.contains(position.groups.selected), "\(step)")
        let rows = browser.sessionRows(state)
        #expect(rows.isEmpty ? position.sessions.selected == 0 : rows.indices.contains(position.sessions.selected), "\(step)")
        if let search = state.search {
            #expect(search.rows.isEmpty ? search.list.selected == 0 : search.rows.indices.contains(search.list.selected), "\(step)")
            #expect(search.query.count <= SearchState.maximumQueryLength, "\(step)")
        }
        if state.view == .grid, let plan = browser.gridPlan(state) {
            #expect(state.grid.selected.flatMap(plan.placement(ofPosition:)) != nil, "\(step): the grid always has a selection")
            #expect(state.grid.firstColumn + plan.visibleColumns <= max(plan.grid.rooms.count, plan.visibleColumns), "\(step)")
        }
        #expect(state.kiosk == nil || state.stars.isEmpty, "\(step): the kiosk never stars")
    }

    func checkScreen(_ runner: Runner, _ step: Step) {
        let screen = runner.browser.render(runner.state)
        let size = runner.state.size
        #expect(screen.size == size, "\(step)")
        let lines = screen.textLines()
        #expect(lines.count == size.rows, "\(step)")
        for line in lines { #expect(TextWidth.width(of: line) <= size.columns, "\(step): \(line)") }
        if size.columns >= ScreenLayout.minimum.columns, size.rows >= ScreenLayout.minimum.rows, runner.state.kiosk?.showingAttract != true {
            #expect(!lines[0].trimmingCharacters(in: .whitespaces).isEmpty, "\(step): a header is always drawn")
            #expect((0..<size.columns).allSatisfy { screen[$0, 0].role != .normal || screen[$0, 0].isContinuation }, "\(step): the header bar spans the row")
        }
    }

    @Test(arguments: [(UInt64(1), "festival"), (UInt64(2), "cjk"), (UInt64(3), "bundled-kiosk")])
    func aHundredThousandRandomInputsBreakNothing(_ seed: UInt64, _ fixture: String) {
        var random = SplitMix64(seed: seed)
        var now = Fixtures.now
        let browser: Browser
        var state: AppState
        switch fixture {
        case "festival": browser = Fixtures.festival
        case "cjk": browser = Fixtures.cjk
        default: browser = Browser(index: Fixtures.bundled.index, keyMap: .kiosk)
        }
        if fixture.hasSuffix("kiosk") {
            state = browser.kioskStart(size: Size(columns: 80, rows: 24), now: now, clock: .venue, localZone: Fixtures.utc,
                                       kiosk: KioskState(idleTimeout: 90, now: now))
        } else {
            state = AppState(size: Size(columns: 80, rows: 24), now: now, localZone: Fixtures.utc)
        }
        var runner = Runner(browser: browser, state: state, effects: StarEffects(stars: MemoryStarStore()))
        var quits = 0
        for number in 0..<33_334 {
            let step = Step(number: number, event: Self.event(&random, now: &now))
            if runner.send(step.event).contains(.quit) {
                // Quitting is the runner's caller's business; the monkey carries on with the same runner and state.
                quits += 1
                continue
            }
            checkInvariants(runner, step)
            if number % 50 == 0 { checkScreen(runner, step) }
        }
        if fixture.hasSuffix("kiosk") { #expect(quits == 0, "no key quits the kiosk") } else { #expect(quits > 0, "q was pressed now and then") }
    }
}

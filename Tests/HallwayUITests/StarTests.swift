import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("Stars and My agenda")
struct StarTests {
    let browser = Fixtures.cjk
    let size = Size(columns: 120, rows: 40)

    @Test func starringIsAStateChangeAndAnEffectToSave() throws {
        var state = Fixtures.state(browser, size: size, keys: "4<Enter>")
        let session = try #require(browser.selectedSession(state))
        let effects = browser.reduce(&state, .toggleStar)
        #expect(state.stars == [session.id])
        #expect(effects == [.saveStar(StarChange(conference: "cjk-demo", session: session.id, starred: true))])
        #expect(browser.reduce(&state, .toggleStar) == [.saveStar(StarChange(conference: "cjk-demo", session: session.id, starred: false))])
        #expect(state.stars.isEmpty)
        #expect(browser.actions(for: .key(.character(" ")), in: state) == [.toggleStar])
    }

    @Test func aSearchResultIsStarredWithControlT() throws {
        let (state, effects) = Fixtures.replay("/gitops<C-t>", on: browser, from: Fixtures.state(browser, size: size))
        #expect(state.stars == ["s3"] && state.search?.query == "gitops", "starred, and the query untouched")
        #expect(effects == [.saveStar(StarChange(conference: "cjk-demo", session: "s3", starred: true))], "asked of the effect handler")
        #expect(browser.render(state).text.contains("★ GitOps and observability"))
        #expect(Fixtures.replay("<C-t>", on: browser, from: state).state.stars.isEmpty)
        #expect(KeyMap.kiosk.action(for: .control("t"), in: [.search]) == nil)
    }

    @Test func readOnlyStarsAndTheKioskRefuseToStar() {
        var state = Fixtures.state(browser, size: size, keys: "4<Enter>")
        _ = browser.reduce(&state, .starsLoaded(["s9"], writable: false, notice: "stars.json was written by a newer Hallway (version 2)"))
        #expect(state.programNotice?.isWarning == true)
        #expect(browser.reduce(&state, .toggleStar).isEmpty && state.stars == ["s9"])
        var kiosk = Fixtures.state(browser, size: size, keys: "4<Enter>")
        kiosk.kiosk = KioskState(idleTimeout: 90, now: Fixtures.now)
        #expect(browser.reduce(&kiosk, .toggleStar).isEmpty && kiosk.stars.isEmpty)
    }

    @Test func theAgendaFollowsTheStarsAndFlagsOverlapsOnBothSessions() throws {
        var state = Fixtures.state(browser, size: size, keys: "4<Enter>sjsjs5")
        #expect(state.view == .agenda)
        let agenda = browser.agenda(state)
        #expect(agenda.days.count == 1 && agenda.days[0].positions.count == 3)
        #expect(agenda.conflicts.count == 2 && agenda.conflicts.values.allSatisfy { $0.count == 1 })
        #expect(browser.groups(state).map(\.title) == ["Thu 18 Apr 2024"])
        // Unstarring in the agenda takes the session out of it at once.
        _ = browser.reduce(&state, .focusRight)
        _ = browser.reduce(&state, .toggleStar)
        #expect(browser.agenda(state).days[0].positions.count == 2)
        #expect(browser.agenda(state).conflicts.isEmpty)
    }

    @Test func starsOfSessionsThatLeftTheProgramAreCountedNotDropped() {
        let agenda = Agenda(browser.index, starred: ["s1", "no-longer-here", "nor-this"])
        #expect(agenda.missing == 2 && agenda.days.flatMap(\.positions).count == 1)
    }

    @Test func aStarredSessionAboutToStartRemindsOnceWithTheBell() throws {
        var state = Fixtures.state(browser, size: size, keys: "4<Enter>s")
        let session = try #require(browser.selectedSession(state))
        let start = try #require(session.start)
        state.remindMinutes = 5
        #expect(browser.reduce(&state, .tick(start.addingTimeInterval(-10 * 60))).isEmpty, "ten minutes ahead is too early")
        #expect(browser.reduce(&state, .tick(start.addingTimeInterval(-4 * 60))) == [.bell])
        #expect(state.programNotice?.text == "in 4 min in \(browser.index.room(of: session)!.name): \(session.displayTitle)")
        #expect(browser.reduce(&state, .tick(start.addingTimeInterval(-3 * 60))).isEmpty, "once per session")
        state.remindMinutes = 0
        state.reminded = []
        #expect(browser.reduce(&state, .tick(start.addingTimeInterval(-2 * 60))).isEmpty, "0 turns reminders off")
    }

    @Test func theScheduleMarksWhatRunsNowAndWhatIsNext() throws {
        var state = Fixtures.state(browser, size: size, keys: "4<Enter>")
        let first = try #require(browser.selectedSession(state)?.start)
        _ = browser.reduce(&state, .tick(first.addingTimeInterval(60)))
        let screen = browser.render(state)
        let styles = screen.styleLines()
        let rows = screen.textLines().enumerated().filter { $0.element.contains("│ 09:30 ") || $0.element.contains("│ 10:30 ") }
        #expect(rows.count == 3)
        var checked = 0
        for (row, text) in rows {
            let column = text.distance(from: text.startIndex, to: text.range(of: "│ ")!.upperBound)
            let role = styles[row][styles[row].index(styles[row].startIndex, offsetBy: column)]
            // The selection bar has its own style; the other rows show the marker.
            guard role != StyleRole.selected.code else { continue }
            #expect(role == (text.contains("09:30") ? StyleRole.match.code : StyleRole.heading.code), "\(text)")
            checked += 1
        }
        #expect(checked == 2)
    }
}


@Suite("The runner")
struct RunnerTests {
    @Test func itHandsEffectsToItsHandlerAndReducesTheAnswers() {
        let store = MemoryStarStore(Stars(["cjk-demo": ["gone-session"]]))
        var runner = Runner(browser: Fixtures.cjk, state: AppState(size: Size(columns: 120, rows: 40), now: Fixtures.now, localZone: Fixtures.utc), effects: StarEffects(stars: store))
        #expect(runner.apply(.loadStars) == [.loadStars(conference: "cjk-demo")])
        #expect(runner.state.programNotice?.text == "1 starred session is no longer in the program")
        let effects = runner.press(try! KeyNotation.parse("4<Enter>sq"))
        #expect(effects == [.saveStar(StarChange(conference: "cjk-demo", session: "s2", starred: true)), .quit])
        #expect(store.load().stars.keys(for: "cjk-demo") == ["gone-session", "s2"], "the star that left the program is kept")
        #expect(runner.state.stars == ["gone-session", "s2"], "the store's answer, reduced")
    }

    /// A world that answers badly: the disk refuses stars, a refresh brings a copy that does not
    /// load, then one that does, there is no desktop and the terminal takes no copies.
    struct Unlucky: EffectHandler {
        var pending: [Action] = []
        var refreshes = 0
        var replacement: Browser
        mutating func run(_ effect: Effect) -> [Action] {
            switch effect {
            case .saveStar: return [.starsNotSaved(reason: "No space left on device")]
            case .refreshProgram:
                refreshes += 1
                pending.append(refreshes == 1 ? .refreshed(.newCopyUnreadable)
                               : .programReplaced(ProgramReplacement(browser: replacement, releaseIsNew: false, problem: nil)))
                return []
            case .openLink: return [.linkNotOpened(.noDesktop)]
            case .copyToClipboard: return [.clipboardRefused]
            default: return []
            }
        }
        mutating func collect() -> [Action] {
            defer { pending.removeAll() }
            return pending.prefix(1).map { $0 }
        }
    }

    @Test func whatTheWorldAnswersComesBackThroughReduceAlone() {
        var state = AppState(size: Size(columns: 120, rows: 40), now: Fixtures.now, localZone: Fixtures.utc)
        state.canRefresh = true
        var runner = Runner(browser: Fixtures.cjk, state: state, effects: Unlucky(replacement: Fixtures.festival))
        runner.press(try! KeyNotation.parse("4<Enter>s"))
        #expect(runner.state.programNotice?.text == "stars cannot be saved: No space left on device")
        #expect(runner.state.starsWritable == false)

        runner.press(try! KeyNotation.parse("r"))
        #expect(runner.state.programNotice?.text == "refreshing…")
        runner.collect()
        #expect(runner.state.programNotice?.text == "the new copy does not load; showing the old one")
        #expect(runner.browser.index.conference.id == Fixtures.cjk.index.conference.id, "the old program stays")

        runner.press(try! KeyNotation.parse("r"))
        runner.collect()
        #expect(runner.browser.index.conference.id == Fixtures.festival.index.conference.id, "the new program is swapped in")
        #expect(runner.state.view == .schedule, "the view stays")
        #expect(runner.state.programNotice?.text == "updated 02:00", "the reader's clock: \(String(describing: runner.state.programNotice))")

        _ = runner.apply(.copyLink)
        runner.apply(.linkNotOpened(.noDesktop))
        #expect(runner.state.programNotice?.text == "no desktop to open links in; the address is on screen")
        // Served over SSH the server opens nothing; the visitor's own terminal can.
        runner.apply(.linkNotOpened(.served))
        #expect(runner.state.programNotice?.text == "links open on your computer: y copies, Q shows a code")
    }

    @Test func keysAfterQuitAreNotReplayed() {
        var runner = Runner(browser: Fixtures.cjk, state: AppState(size: Size(columns: 80, rows: 24), now: Fixtures.now, localZone: Fixtures.utc))
        runner.press(try! KeyNotation.parse("q2"))
        #expect(runner.state.view == .tracks)
    }
}

@Suite("Idle frames")
struct IdleFrameTests {
    @Test func anIdleBrowserDrawsOnceAMinuteAndTheKioskEverySecond() {
        let browser = Fixtures.festival
        var state = Fixtures.state(browser, size: Size(columns: 80, rows: 24), keys: "4")
        let before = state
        _ = browser.reduce(&state, .tick(Fixtures.now.addingTimeInterval(1)))
        #expect(!state.showsSomethingNew(since: before), "a second later the header reads the same")
        var later = state
        _ = browser.reduce(&later, .tick(Fixtures.now.addingTimeInterval(60)))
        #expect(later.showsSomethingNew(since: state), "the minute turned")
        var moved = state
        _ = browser.reduce(&moved, .move(.down))
        #expect(moved.showsSomethingNew(since: state))
        var kiosk = before
        kiosk.kiosk = KioskState(idleTimeout: 90, now: Fixtures.now)
        var ticked = kiosk
        _ = browser.reduce(&ticked, .tick(Fixtures.now.addingTimeInterval(1)))
        #expect(ticked.showsSomethingNew(since: kiosk))
    }
}

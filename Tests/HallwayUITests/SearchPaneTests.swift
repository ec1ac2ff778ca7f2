import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("The search pane")
struct SearchPaneTests {
    let browser = Fixtures.bundled
    let narrow = Size(columns: 80, rows: 24)
    let wide = Size(columns: 140, rows: 40)

    @Test func slashOpensItFromAnyViewAndEveryKeystrokeAnswers() {
        for view in ["", "2", "3", "4", "2<Enter><Enter>"] {
            let state = Fixtures.state(browser, size: narrow, keys: view + "/")
            #expect(state.search != nil && state.search?.query == "")
        }
        var state = Fixtures.state(browser, size: narrow, keys: "/c")
        let afterOne = state.search?.results?.sessions.count ?? 0
        Fixtures.apply(browser, &state, .type("o"), .type("r"))
        #expect(state.search?.query == "cor")
        #expect((state.search?.results?.sessions.count ?? 0) < afterOne)
        #expect(state.search?.results?.sessions.first.map { browser.index.sessions[$0.position].id } == "coraza-waf")
    }

    @Test func aPasteIsOneSearchCutToTheLimitWithANote() {
        var state = Fixtures.state(browser, size: narrow)
        Fixtures.send(.paste(String(repeating: "istio mesh ebpf wasm ", count: 5000)), to: browser, &state)
        #expect(state.search?.query.count == SearchState.maximumQueryLength, "a paste outside the pane opens it")
        #expect(state.search?.wasCut == true)
        #expect(browser.render(state).text.contains("The query stops at 200 characters"))
        #expect(state.search?.results?.query.words.count == 4, "a repeated word is searched once")
        Fixtures.apply(browser, &state, .deleteBackward)
        #expect(state.search?.wasCut == false)
        Fixtures.send(.key(.escape), to: browser, &state)
        #expect(state.search == nil)
    }

    @Test func aBurstOfKeysIsSearchedOnceAndKeysAfterItStillCount() {
        var runner = Runner(browser: browser, state: AppState(size: narrow, now: Fixtures.now, localZone: Fixtures.utc))
        let burst = [InputEvent.key(.character("/"))] + "ambient".map { .key(.character($0)) } + [.key(.enter)]
        runner.send(burst)
        #expect(runner.state.search == nil && runner.state.focus == .detail, "typed, searched, and Enter opened the first hit")
        #expect(runner.state.lastSearch?.query == "ambient")
    }

    @Test func lettersThatAreKeysElsewhereAreTextHere() {
        let state = Fixtures.state(browser, size: narrow, keys: "/jkq?gh123")
        #expect(state.search?.query == "jkq?gh123")
        #expect(state.view == .tracks && !state.showHelp)
    }

    @Test func editingKeysWork() {
        #expect(Fixtures.state(browser, size: narrow, keys: "/cert manager<BS><BS>").search?.query == "cert manag")
        #expect(Fixtures.state(browser, size: narrow, keys: "/cert manager<C-w>").search?.query == "cert ")
        #expect(Fixtures.state(browser, size: narrow, keys: "/cert manager<C-u>").search?.query == "")
        #expect(Fixtures.state(browser, size: narrow, keys: "/<BS><BS>").search?.query == "")
    }

    @Test func arrowsAndControlKeysMoveThroughResults() {
        #expect(Fixtures.state(browser, size: narrow, keys: "/istio<Down><Down>").search?.list.selected == 2)
        #expect(Fixtures.state(browser, size: narrow, keys: "/istio<C-n><C-n><C-n><C-p>").search?.list.selected == 2)
        #expect(Fixtures.state(browser, size: narrow, keys: "/istio<Up>").search?.list.selected == 0)
        let results = Fixtures.state(browser, size: narrow, keys: "/istio").search!.rows.count
        #expect(Fixtures.state(browser, size: narrow, keys: "/istio<PageDown><PageDown><PageDown>").search?.list.selected == results - 1)
    }

    @Test func enterOpensTheSessionInTheViewYouCameFrom() throws {
        let fromSpeakers = Fixtures.state(browser, size: narrow, keys: "2/coraza<Enter>")
        #expect(fromSpeakers.search == nil)
        #expect(fromSpeakers.view == .speakers && fromSpeakers.focus == .detail)
        #expect(browser.selectedSession(fromSpeakers)?.id == "coraza-waf")
        #expect(browser.selectedGroup(fromSpeakers)?.subject == .speaker("zufar-dhiyaulhaq"))
        let fromSchedule = Fixtures.state(browser, size: narrow, keys: "4/coraza<Enter>")
        #expect(fromSchedule.view == .schedule && browser.selectedSession(fromSchedule)?.id == "coraza-waf")
    }

    @Test func titleMatchesComeBeforeSpeakersAndTopicsThenTheRest() {
        let rows = Fixtures.state(browser, size: narrow, keys: "/ebpf").search!.rows
        #expect(rows.count == 7)
        #expect(rows[2] == .entity(.topic("ebpf")) && rows[3] == .entity(.track("data-planes")))
        let speakerFirst = Fixtures.state(browser, size: narrow, keys: "/宋净超").search!.rows
        #expect(speakerFirst.first == .entity(.speaker("jimmy-song")))
    }

    @Test func enterOnASpeakerOrTopicOpensIt() {
        let speaker = Fixtures.state(browser, size: narrow, keys: "/宋净超<Enter>")
        #expect(speaker.view == .speakers && browser.selectedGroup(speaker)?.subject == .speaker("jimmy-song"))
        let topic = Fixtures.state(browser, size: narrow, keys: "/ebpf<Down><Down><Enter>")
        #expect(topic.view == .topics && browser.selectedGroup(topic)?.subject == .topic("ebpf"))
    }

    @Test func escapeClosesAndRestoresWhereYouWere() {
        let before = Fixtures.state(browser, size: narrow, keys: "3jj<Enter>")
        let after = Fixtures.state(browser, size: narrow, keys: "3jj<Enter>/wasm<Down><Esc>")
        #expect(after.search == nil && after.view == before.view && after.position == before.position)
        let opened = Fixtures.state(browser, size: narrow, keys: "3jj<Enter>/coraza<Enter><Esc>")
        #expect(opened.view == before.view && opened.position == before.position, "Esc after opening a result goes back too")
    }

    @Test func nAndShiftNStepThroughTheLastSearch() {
        var state = Fixtures.state(browser, size: narrow, keys: "/ebpf<Enter>")
        let hits = state.lastSearch!.positions
        #expect(browser.selectedSession(state).map { browser.index.position(ofSession: $0.id) } == hits[0])
        Fixtures.apply(browser, &state, .nextHit)
        #expect(browser.index.position(ofSession: browser.selectedSession(state)!.id) == hits[1])
        Fixtures.apply(browser, &state, .previousHit, .previousHit)
        #expect(browser.index.position(ofSession: browser.selectedSession(state)!.id) == hits[hits.count - 1], "N wraps around")
        #expect(Fixtures.state(browser, size: narrow, keys: "n").lastSearch == nil)
    }

    @Test func clicksSelectResults() {
        var state = Fixtures.state(browser, size: wide, keys: "/istio")
        let list = SearchPaneLayout(browser.layout(state)).list
        Fixtures.apply(browser, &state, .click(x: list.x + 2, y: list.y + 3))
        #expect(state.search?.list.selected == 3)
        Fixtures.apply(browser, &state, .scroll(x: list.x + 2, y: list.y, lines: 3))
        #expect(state.search?.list.selected == 6)
    }

    @Test func onAWideScreenTheDetailsRuleStandsOnlyBesideResults() {
        func ruledLines(_ keys: String) -> Int {
            // The body: below the query and status lines, above the footer.
            browser.render(Fixtures.state(browser, size: wide, keys: keys)).textLines().dropFirst(3).dropLast().filter { $0.contains("│") }.count
        }
        #expect(ruledLines("/mesh") > 30)
        #expect(ruledLines("/xyzzyq") == 0, "nothing found: no rule down an empty screen")
        #expect(ruledLines("/") == 0, "nothing typed yet")
    }

    @Test func theFooterNamesTheSearchKeys() {
        let footer = browser.render(Fixtures.state(browser, size: narrow, keys: "/x")).textLines().last!
        #expect(footer.contains("Enter open") && footer.contains("Esc close") && !footer.contains("q quit"))
    }
}

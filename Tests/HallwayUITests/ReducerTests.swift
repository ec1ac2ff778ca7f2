import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

@Suite("Actions change state")
struct ReducerTests {
    let browser = Fixtures.bundled
    let narrow = Size(columns: 80, rows: 24)
    let wide = Size(columns: 120, rows: 30)

    @Test func startsOnTracksWithTheGroupsFocused() {
        let state = Fixtures.state(browser, size: narrow)
        #expect(state.view == .tracks && state.focus == .groups && state.position.groups.selected == 0)
    }

    @Test func numberKeysAndTabSwitchViews() {
        #expect(Fixtures.state(browser, size: narrow, keys: "3").view == .topics)
        #expect(Fixtures.state(browser, size: narrow, keys: "<Tab><Tab>").view == .topics)
        #expect(Fixtures.state(browser, size: narrow, keys: "<S-Tab>").view == .grid)
        #expect(Fixtures.state(browser, size: narrow, keys: "4<Tab>").view == .agenda)
        #expect(Fixtures.state(browser, size: narrow, keys: "5<Tab>").view == .grid)
        #expect(Fixtures.state(browser, size: narrow, keys: "6<Tab>").view == .tracks)
        // The booth keeps no stars, so it offers no agenda: its tabs and Tab skip it.
        var kiosk = Fixtures.state(browser, size: narrow, keys: "4")
        kiosk.kiosk = KioskState(idleTimeout: 90, slideSeconds: 8, unlockKeys: [], now: Fixtures.now)
        #expect(browser.views(kiosk) == [.tracks, .speakers, .topics, .schedule, .grid])
        #expect(FooterView.viewKeys(browser.views(kiosk)) == "1-4,6")
        #expect(KeyMap.kiosk.action(for: .character("5"), in: [.everywhere]) == nil)
        #expect(KeyMap.kiosk.action(for: .character("s"), in: [.lists, .everywhere]) == nil)
    }

    @Test func eachViewRemembersItsOwnPlace() {
        let state = Fixtures.state(browser, size: narrow, keys: "jj2jjjj1")
        #expect(state.view == .tracks && state.position.groups.selected == 2)
        #expect(state.positions[.speakers]?.groups.selected == 4)
    }

    @Test func movementStopsAtTheEnds() {
        #expect(Fixtures.state(browser, size: narrow, keys: "kkk").position.groups.selected == 0)
        #expect(Fixtures.state(browser, size: narrow, keys: "jjjjjjjjjj").position.groups.selected == 4)
        #expect(Fixtures.state(browser, size: narrow, keys: "2G").position.groups.selected == 17)
        #expect(Fixtures.state(browser, size: narrow, keys: "2Gg").position.groups.selected == 0)
        #expect(Fixtures.state(browser, size: narrow, keys: "2<End><Up>").position.groups.selected == 16)
    }

    @Test func pagingMovesByTheVisibleHeight() {
        // 9 rows below the breadcrumb: 4 rows of groups, the preview of the group's sessions under them.
        let small = Size(columns: 80, rows: 12)
        let paged = Fixtures.state(browser, size: small, keys: "2<PageDown>")
        #expect(paged.position.groups.selected == 4)
        #expect(paged.position.groups.offset == 4)
        #expect(Fixtures.state(browser, size: small, keys: "2<C-d>").position.groups.selected == 2)
        #expect(Fixtures.state(browser, size: small, keys: "2<PageDown><PageDown><PageUp>").position.groups.selected == 4)
    }

    @Test func changingGroupResetsTheSessionSelection() {
        var state = Fixtures.state(browser, size: wide, keys: "jlj")
        #expect(state.position.sessions.selected == 1)
        Fixtures.apply(browser, &state, .focusLeft, .move(.down))
        #expect(state.position.groups.selected == 2 && state.position.sessions.selected == 0)
    }

    @Test func enterWalksRightAndEscapeWalksBack() {
        var state = Fixtures.state(browser, size: narrow, keys: "<Enter>")
        #expect(state.focus == .sessions)
        Fixtures.apply(browser, &state, .open)
        #expect(state.focus == .detail)
        #expect(browser.selectedSession(state)?.id == "opening-keynote")
        Fixtures.apply(browser, &state, .back, .back, .back)
        #expect(state.focus == .groups)
    }

    @Test func enterOnASpeakerJumpsToThemAndEscapeComesBack() throws {
        var state = Fixtures.state(browser, size: narrow, keys: "<Enter><Enter>")
        try moveCursor(&state, to: .speaker("zhonghu-xu"))
        let before = state
        Fixtures.apply(browser, &state, .open)
        #expect(state.view == .speakers)
        #expect(browser.selectedGroup(state)?.subject == .speaker("zhonghu-xu"))
        #expect(browser.selectedSession(state)?.id == "opening-keynote")
        // Their page: organisation, a "Sessions" heading, then the two sessions.
        #expect(browser.sessionRows(state).compactMap(\.sessionPosition).count == 2)
        #expect(browser.sessionRows(state).first == .note("Huawei", .accent))
        Fixtures.apply(browser, &state, .back)
        #expect(state.view == before.view && state.position == before.position)
    }

    /// Presses j until the detail cursor rests on `target`, as a person would.
    func moveCursor(_ state: inout AppState, to target: SearchEntity) throws {
        for _ in 0..<100 where browser.detailCursorLine(state)?.target != target {
            Fixtures.apply(browser, &state, .move(.down))
        }
        try #require(browser.detailCursorLine(state)?.target == target)
    }

    @Test func enterOnATopicJumpsToTheTopic() throws {
        var state = Fixtures.state(browser, size: wide, keys: "j<Enter>jj<Enter>")
        #expect(browser.selectedSession(state)?.id == "ebpf-ambient-redirection")
        try moveCursor(&state, to: .topic("ebpf"))
        Fixtures.apply(browser, &state, .open)
        #expect(state.view == .topics && browser.selectedGroup(state)?.subject == .topic("ebpf"))
        #expect(browser.selectedSession(state)?.id == "ebpf-ambient-redirection")
    }

    @Test func theScheduleSkipsHeadings() {
        let state = Fixtures.state(browser, size: narrow, keys: "4<Enter>")
        #expect(browser.sessionRows(state).first == .heading("time not published"))
        #expect(state.position.sessions.selected == 1)
        #expect(Fixtures.state(browser, size: narrow, keys: "4<Enter>kkgk").position.sessions.selected == 1)
    }

    @Test func selectionsAreClampedWhenTheScreenShrinks() {
        var state = Fixtures.state(browser, size: Size(columns: 80, rows: 40), keys: "2G")
        #expect(state.position.groups.offset == 0)
        Fixtures.apply(browser, &state, .resize(Size(columns: 80, rows: 12)))
        #expect(state.position.groups.selected == 17)
        #expect(state.position.groups.offset == 17 - 4 + 1, "4 rows of groups above the preview")
        Fixtures.apply(browser, &state, .resize(Size(columns: 80, rows: 40)))
        #expect(state.position.groups.offset == 0)
    }

    @Test func anOutOfRangeSelectionIsClampedOnNormalise() {
        var state = Fixtures.state(browser, size: narrow)
        var position = state.position
        position.groups = ListState(selected: 99, offset: 50)
        state.position = position
        browser.normalize(&state)
        #expect(state.position.groups == ListState(selected: 4, offset: 0))
    }

    @Test func clicksSelectRowsAndTabs() {
        var state = Fixtures.state(browser, size: wide)
        let layout = browser.layout(state)
        let sessions = layout.content(of: .sessions)!
        Fixtures.apply(browser, &state, .click(x: sessions.x + 3, y: sessions.y + 1))
        #expect(state.focus == .sessions && state.position.sessions.selected == 1)
        let groups = layout.content(of: .groups)!
        Fixtures.apply(browser, &state, .click(x: groups.x + 2, y: groups.y + 3))
        #expect(state.focus == .groups && state.position.groups.selected == 3 && state.position.sessions.selected == 0)
        let tab = HeaderView.tabs(for: state, catalog: browser.catalog, width: wide.columns).first { $0.view == .topics }!
        Fixtures.apply(browser, &state, .click(x: tab.columns.lowerBound + 1, y: 0))
        #expect(state.view == .topics)
        Fixtures.apply(browser, &state, .click(x: groups.x + 2, y: groups.y + 30))
        #expect(state.position.groups.selected == 0)
    }

    @Test func theWheelScrollsThePaneUnderThePointer() {
        var state = Fixtures.state(browser, size: wide, keys: "2")
        let groups = browser.layout(state).content(of: .groups)!
        Fixtures.apply(browser, &state, .scroll(x: groups.x + 1, y: groups.y + 1, lines: 3))
        #expect(state.position.groups.selected == 3)
        Fixtures.apply(browser, &state, .scroll(x: groups.x + 1, y: groups.y + 1, lines: -3), .scroll(x: groups.x + 1, y: groups.y + 1, lines: -3))
        #expect(state.position.groups.selected == 0)
    }

    @Test func anyKeyClosesTheHelp() {
        let open = Fixtures.state(browser, size: narrow, keys: "?")
        #expect(open.showHelp)
        #expect(!Fixtures.state(browser, size: narrow, keys: "?x").showHelp)
        let closedByEscape = Fixtures.state(browser, size: narrow, keys: "?<Esc>")
        #expect(!closedByEscape.showHelp && closedByEscape.view == .tracks)
        // j and k scroll a help longer than the screen; any other key closes it.
        let scrolled = Fixtures.state(browser, size: narrow, keys: "?jj")
        #expect(scrolled.showHelp && scrolled.helpScroll == 2)
        #expect(browser.render(scrolled).text.contains("3-22/"))
        #expect(!Fixtures.state(browser, size: narrow, keys: "?jjx").showHelp)
    }

    @Test func tSwitchesBetweenVenueAndLocalTime() {
        let state = Fixtures.state(browser, size: narrow, keys: "t")
        #expect(state.clock == .zone(Fixtures.utc))
        #expect(browser.render(state).textLines()[0].hasSuffix("02:00 local"))
        #expect(browser.render(Fixtures.state(browser, size: narrow, keys: "tt")).textLines()[0].hasSuffix("10:00 venue"))
    }

    @Test func qAsksToQuit() {
        var state = Fixtures.state(browser, size: narrow)
        #expect(browser.reduce(&state, .quit) == [.quit])
        #expect(browser.actions(for: .key(.character("q")), in: state) == [.quit])
    }

    @Test func everyFooterHintComesFromTheKeyMap() {
        for keys in ["", "<Enter>", "<Enter><Enter>", "?", "2<Enter><Enter>jjjjjjj"] {
            let state = Fixtures.state(browser, size: Size(columns: 200, rows: 30), keys: keys)
            let hints = FooterView.hints(for: state, browser: browser)
            #expect(!hints.isEmpty)
            for hint in hints where hint.hint != KeyMap.viewKeysHint.hint {
                #expect(browser.keyMap.bindings.contains { $0.keyLabel == hint.keys && $0.hint == hint.hint }, "\(hint)")
            }
            let footer = browser.render(state).textLines().last!
            #expect(footer.contains(hints[0].hint))
        }
    }
}

@Suite("View keys after a jump")
struct ViewKeysAfterAJumpTests {
    let browser = Fixtures.bundled

    /// Details of a talk at 80 columns, the cursor on its first speaker, Enter.
    func jumpedToASpeaker() throws -> AppState {
        var state = Fixtures.state(browser, size: Size(columns: 80, rows: 24), keys: "jj<Enter><Enter>")
        #expect(state.focus == .detail)
        let target = try #require(browser.detailLines(state).firstIndex { if case .speaker? = $0.target { true } else { false } })
        while state.position.detail.selected < target { _ = browser.reduce(&state, .move(.down)) }
        _ = browser.reduce(&state, .open)
        #expect(state.view == .speakers && state.focus == .sessions)
        return state
    }

    @Test func theViewKeyOpensTheTopLevelOfAViewReachedByAJump() throws {
        var state = try jumpedToASpeaker()
        let speaker = state.position.groups.selected
        _ = browser.reduce(&state, .showView(.speakers))
        #expect(state.focus == .groups && state.position.groups.selected == speaker, "the Speakers list, on that speaker")
        var elsewhere = try jumpedToASpeaker()
        Fixtures.apply(browser, &elsewhere, .showView(.tracks), .showView(.speakers))
        #expect(elsewhere.focus == .groups)
    }

    @Test func aPlaceTheUserLeftThemselvesIsKept() throws {
        var state = try jumpedToASpeaker()
        Fixtures.apply(browser, &state, .focusLeft, .move(.down), .focusRight, .showView(.tracks), .showView(.speakers))
        #expect(state.focus == .sessions, "the user went into this list themselves")
    }

    /// A window may claim any size (a pty, an SSH client): what is drawn stops at
    /// `Size.drawable`, and the footer says so until the window is ordinary again.
    @Test func aHugeWindowIsDrawnInPartAndSaysSo() {
        let browser = Fixtures.bundled
        var state = Fixtures.state(browser, size: Size(columns: 65535, rows: 65535))
        #expect(state.size == Size(columns: 1000, rows: 500))
        let footer = browser.render(state).textLines().last!
        #expect(footer.hasPrefix(" The terminal is 65535×65535; Hallway draws its top-left 1000×500"))
        Fixtures.send(.resize(Size(columns: 40000, rows: 10)), to: browser, &state)
        #expect(state.size == Size(columns: 1000, rows: 10) && state.undrawnTerminal == Size(columns: 40000, rows: 10))
        Fixtures.send(.resize(Size(columns: 80, rows: 24)), to: browser, &state)
        #expect(state.size == Size(columns: 80, rows: 24) && state.undrawnTerminal == nil)
        #expect(browser.render(state).textLines().last!.contains("q quit"))
    }

    /// The conference's name is cut only when the header is full (issue 22, item 7).
    @Test func aLongConferenceNameIsWholeWhenTheRowHoldsIt() {
        var conference = Fixtures.festival.index.conference
        conference.name = "18. Kieler Open Source und Linux Tage"
        let browser = Browser(index: ScheduleIndex(conference))
        let wide = browser.render(Fixtures.state(browser, size: Size(columns: 200, rows: 60))).textLines()[0]
        #expect(wide.hasPrefix(" 18. Kieler Open Source und Linux Tage  "), "\(wide)")
        #expect(wide.contains("1 Tracks"))
        let narrow = browser.render(Fixtures.state(browser, size: Size(columns: 80, rows: 24))).textLines()[0]
        #expect(narrow.hasPrefix(" 18. Kieler Open Sour") && !narrow.contains("Linux Tage"), "cut where the row is full: \(narrow)")
    }

    /// `.`: from any list view to the Schedule, today, at the first session not yet over; in
    /// the grid, back to today's grid at what runs now (issue 24).
    @Test func dotJumpsToNow() throws {
        let browser = Fixtures.festival
        var state = Fixtures.state(browser, size: Size(columns: 100, rows: 30))
        Fixtures.apply(browser, &state, .showView(.topics), .jumpToNow)
        #expect(state.view == .schedule && state.focus == .sessions)
        let session = try #require(browser.selectedSession(state))
        #expect(session.day == CivilDate(year: 2023, month: 9, day: 26))
        #expect((session.end ?? session.start!) > state.now, "not yet over at 10:00: \(session.displayTitle)")
        #expect(session.displayTitle != "Opening keynote: ten years of service mesh", "09:00–09:30 is over")
        Fixtures.apply(browser, &state, .showView(.grid), .nextDay, .jumpToNow)
        #expect(state.grid.day == 0)
        #expect(browser.selectedSession(state)?.displayTitle == "Ambient mesh 在生产环境中的实践", "what runs now in the grid")
    }

    /// G and g reach the end and the top of the help, which at 40×12 scrolls (issue 24).
    @Test func gAndGReachTheEndsOfTheHelp() {
        let browser = Fixtures.bundled
        let end = Fixtures.state(browser, size: Size(columns: 40, rows: 12), keys: "?G")
        #expect(end.showHelp && end.helpScroll > 0)
        #expect(browser.render(end).textLines().contains { $0.contains("Mouse:") }, "the last line of the help shows")
        let top = Fixtures.state(browser, size: Size(columns: 40, rows: 12), keys: "?Gg")
        #expect(top.showHelp && top.helpScroll == 0)
    }
}

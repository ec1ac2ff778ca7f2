import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// What a new user hit in their first minutes, each as a check that failed before its fix.
@Suite("A new user's first ten minutes")
struct FirstTenMinutesTests {
    let browser = Fixtures.bundled
    let narrow = Size(columns: 80, rows: 24)

    @Test func theFirstScreenAtEightyByTwentyFourShowsTalks() {
        let screen = browser.render(Fixtures.state(browser, size: narrow)).text
        #expect(screen.contains("Keynotes (2)") && screen.contains("Istio Ambient Mesh as a Managed Infrastructure"))
        let speakers = browser.render(Fixtures.state(browser, size: narrow, keys: "2")).text
        #expect(speakers.contains("Chaomeng Zhang 张超盟 (1)"), "the first speaker's sessions under the list")
    }

    @Test func searchCountsWhatItShowsAndFindsPeopleByOrganisation() {
        let state = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "/intel")
        let rows = state.search?.rows ?? []
        let screen = browser.render(state).textLines()
        #expect(screen[2].hasPrefix(" 2 sessions, 3 speakers"), "\(screen[2])")
        #expect(rows.count == 5)
        #expect(rows.contains(.entity(.speaker("iris-ding"))))
    }

    @Test func aMatchInsideTheSelectedRowKeepsTheBar() {
        let state = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "/ambient")
        let buffer = browser.render(state)
        let selectedRow = (0..<buffer.size.rows).first { y in buffer[1, y].role == .selected || buffer[1, y].role == .selectedMatch }!
        let roles = Set((0..<60).map { buffer[$0, selectedRow].role })
        #expect(roles.contains(.selectedMatch) && !roles.contains(.match), "the match is marked within the bar's colours")
    }

    @Test func organisationsAreCutAtWordsNeverLeavingASeparator() {
        #expect(ListPaneView.fittedFields("Iris Ding 丁少君", "Intel", width: 30) == "Iris Ding 丁少君 · Intel")
        #expect(ListPaneView.fittedFields("Iris Ding 丁少君", "Intel", width: 20) == "Iris Ding 丁少君")
        #expect(ListPaneView.fittedFields("Xi Ning Wang 王夕宁", "Alibaba Cloud", width: 31) == "Xi Ning Wang 王夕宁 · Alibaba …")
        #expect(ListPaneView.fittedFields("Xi Ning Wang 王夕宁", "Alibaba Cloud", width: 30) == "Xi Ning Wang 王夕宁")
        for width in 10...40 {
            let text = ListPaneView.fittedFields("Jimmy Song 宋净超", "Tetrate", width: width)
            #expect(!text.contains("· …") && !text.hasSuffix(" · "))
        }
    }

    @Test func theHelpNamesTheSearchFiltersAndFitsWideScreens() {
        let wide = browser.render(Fixtures.state(browser, size: Size(columns: 200, rows: 60), keys: "?")).text
        #expect(wide.contains("org:COMPANY") && wide.contains("in details: follow the speaker, topic, track or link"))
        for line in HelpPage.lines(browser: browser) where !line.help.isEmpty {
            #expect(wide.contains(line.help), "cut at 200 columns: \(line.help)")
        }
    }

    /// Issue 24: at 40×12 the help wraps what does not fit; scrolled through, nothing is cut.
    @Test func theHelpFitsFortyByTwelveWithoutCuts() {
        let size = Size(columns: 40, rows: 12)
        var state = Fixtures.state(browser, size: size, keys: "?")
        var seen: [String] = []
        for _ in 0..<80 {
            // The box's inside, row by row (the screen behind shows left of it).
            let rows = browser.render(state).textLines().compactMap { line -> String? in
                guard let first = line.firstIndex(of: "│"), let last = line.lastIndex(of: "│"), first < last else { return nil }
                return String(line[line.index(after: first)..<last])
            }
            if seen.isEmpty { seen = rows } else if let last = rows.last, seen.last != last { seen.append(last) }
            Fixtures.apply(browser, &state, .move(.down))
        }
        // Every help text is there whole, wrapped across rows where it must be.
        let joined = seen.joined(separator: " ").split(separator: " ").joined(separator: " ")
        for line in HelpPage.lines(browser: browser) where !line.help.isEmpty {
            #expect(joined.contains(line.help.split(separator: " ").joined(separator: " ")), "cut at 40×12: \(line.help)")
        }
        let seenText = joined
        #expect(seenText.contains("the views named in the tabs above") && seenText.contains("in details: follow the speaker, topic, track or link"))
    }

    @Test func theTooSmallMessageSaysTheSizeItNeeds() {
        let text = browser.render(Fixtures.state(browser, size: Size(columns: 39, rows: 9))).text
        #expect(text.contains("40×10"))
    }

    @Test func theNarrowDetailsSayWhereTheReaderIs() {
        let state = Fixtures.state(browser, size: narrow, keys: "jj<Enter><Enter>")
        #expect(browser.render(state).textLines()[1].hasSuffix("1-21/31"))
    }

    @Test func linksWrapAfterTheirSlashesAndZonesStayWhole() {
        let lines = TextWidth.wrap("Slides: https://github.com/zhaohuabing/hugo_blog/blob/main/content", to: 40)
        #expect(lines == ["Slides: https://github.com/zhaohuabing/", "hugo_blog/blob/main/content"])
        #expect(TextWidth.wrap("https://github.com/zhaohuabing/hugo_blog/blob/main/content", to: 25)
                == ["https://github.com/", "zhaohuabing/hugo_blog/", "blob/main/content"])
        #expect(TextWidth.wrap("Tue 26 Sep 2023, 09:30–10:10 Europe/Rome", to: 36).last == "Europe/Rome")
    }

    @Test func fromATalkToItsSpeakerInAFewKeysWithWhatIsFollowableMarked() throws {
        // A talk in the list, then ] to the next thing to follow, twice, and Enter.
        var state = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "2<End><Enter>]")
        #expect(state.focus == .detail && browser.detailCursorLine(state)?.isFollowable == true)
        state = Fixtures.replay("]<Enter>", on: browser, from: state).state
        #expect(state.view == .speakers && browser.selectedGroup(state)?.title == "Zufar Dhiyaulhaq")
        let details = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "2<End><Enter>]")
        #expect(browser.render(details).text.contains("› Zufar Dhiyaulhaq"), "followable lines are marked")
        let back = Fixtures.replay("][", on: browser, from: details).state
        #expect(back.position.detail.selected == details.position.detail.selected)
    }

    @Test func enterOnALinkAsksTheDesktopToOpenItButNotInTheKiosk() throws {
        var state = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "2<End><Enter>")
        let (opened, effects) = Fixtures.replay("]]]]]]]<Enter>", on: browser, from: state)
        #expect(effects == [.openLink("https://www.youtube.com/watch?v=47MxrFX1rRg")], "\(String(describing: browser.detailCursorLine(opened)))")
        state = opened
        state.kiosk = KioskState(idleTimeout: 90, now: Fixtures.now)
        state.kiosk?.showingAttract = false
        #expect(browser.reduce(&state, .open).isEmpty, "a visitor cannot make the booth open a browser")
    }

    @Test func linksThatCouldTrickAShellOrTerminalAreNotOffered() {
        #expect(DetailContent.openable("https://example.org/a?b=c&d=e") == "https://example.org/a?b=c&d=e")
        #expect(DetailContent.openable("javascript:alert(1)") == nil)
        #expect(DetailContent.openable("https://example.org/$(rm -rf ~)") == nil)
        #expect(DetailContent.openable("https://example.org/\u{1B}]8;;x") == nil)
    }

    @Test func onlySafeAddressesAreMarkedAsLinks() {
        var buffer = CellBuffer(size: Size(columns: 60, rows: 3))
        buffer.link("https://example.org/talk", x: 2, y: 0, width: 24)
        buffer.link("https://example.org/\u{1B}]8;;evil", x: 2, y: 1, width: 20)
        buffer.link("https://example.org/a\\b", x: 2, y: 1, width: 20)
        buffer.link("https://example.org/$<5000>", x: 2, y: 1, width: 20)
        buffer.link("javascript:alert(1)", x: 2, y: 2, width: 20)
        #expect(buffer.hyperlinks == [Hyperlink(x: 2, y: 0, width: 24, url: "https://example.org/talk")])
        let state = Fixtures.state(browser, size: Size(columns: 100, rows: 30), keys: "2<End><Enter>]")
        #expect(browser.render(state).hyperlinks.map(\.url).contains("https://www.youtube.com/watch?v=47MxrFX1rRg"))
    }
}

import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit
import TestSupport

/// The booth hands a talk's link to a phone as a QR code. These tests read the code back off the
/// rendered screen and decode it with a real decoder (zbarimg, from Debian's zbar-tools).
@Suite("QR hand-off")
struct QRHandOffTests {
    let browser = Browser(index: Fixtures.program, keyMap: .kiosk)

    func kioskScreen(_ keys: String, size: Size) -> (AppState, CellBuffer) {
        let start = browser.kioskStart(size: size, now: Fixtures.now, clock: .venue, localZone: Fixtures.utc,
                                       kiosk: KioskState(idleTimeout: 90, now: Fixtures.now))
        let state = Fixtures.replay(keys, on: browser, from: start).state
        return (state, browser.render(state))
    }

    /// The QR-styled cells of the screen, row by row, read back as modules.
    static func modules(in buffer: CellBuffer) -> [[Bool]] {
        let rows = (0..<buffer.size.rows).map { y in
            (0..<buffer.size.columns).filter { buffer[$0, y].role == .qr }.map { Character(buffer[$0, y].text) }
        }
        return QRDecoding.modules(fromRows: rows.filter { !$0.isEmpty })
    }

    @Test func theCodeOnAnEightyByTwentyFourScreenDecodesToTheTalksLink() throws {
        let (state, screen) = kioskScreen("x2<End><Enter><Enter>", size: Size(columns: 80, rows: 24))
        #expect(browser.selectedSession(state)?.id == "coraza-waf")
        let modules = Self.modules(in: screen)
        #expect(modules.count >= 21, "a whole code is on screen")
        #expect(try QRDecoding.decode(modules) == "https://www.youtube.com/watch?v=47MxrFX1rRg")
        #expect(screen.text.contains("Scan: video"))
    }

    static let sizes = [Size(columns: 80, rows: 24), Size(columns: 100, rows: 30), Size(columns: 120, rows: 40),
                        Size(columns: 160, rows: 45), Size(columns: 200, rows: 60)]
    static let linked = Fixtures.program.sessions.filter { !$0.links.isEmpty }.map(\.id)

    @Test func theProgramHasLinkedSessions() { #expect(Self.linked.count >= 6) }

    /// Every session with a link, opened as a visitor opens it, at every booth size from 80×24 up.
    @Test(arguments: sizes)
    func everyLinkedSessionsCodeDecodesAtEverySize(_ size: Size) throws {
        for id in Self.linked {
            var (state, _) = kioskScreen("x", size: size)
            let position = try #require(browser.index.position(ofSession: id))
            browser.reveal(sessionAt: position, preferring: .tracks, in: &state)
            browser.normalize(&state)
            let session = try #require(browser.selectedSession(state))
            let expected = try #require(browser.handOff(state)?.link.url, "\(id) at \(size.columns)×\(size.rows): no code")
            #expect(session.links.map(\.url).contains(expected))
            #expect(try QRDecoding.decode(Self.modules(in: browser.render(state))) == expected, "\(id) at \(size.columns)×\(size.rows)")
        }
    }

    @Test(arguments: ["ambient-sidecar-coexistence", "kmesh-data-plane", "miragedebug", "gitops-observability", "hp-multi-tenancy"])
    func everyLinkedSessionsCodeDecodes(_ id: String) throws {
        var (state, _) = kioskScreen("x", size: Size(columns: 80, rows: 24))
        let position = try #require(browser.index.position(ofSession: id))
        browser.reveal(sessionAt: position, preferring: .tracks, in: &state)
        let session = try #require(browser.selectedSession(state))
        let expected = try #require(browser.handOff(state)?.link.url)
        #expect(session.links.map(\.url).contains(expected))
        #expect(try QRDecoding.decode(Self.modules(in: browser.render(state))) == expected)
    }

    @Test func onlyTheKioskShowsCodesAndOnlyWhereTheyFit() {
        let plain = Fixtures.state(Fixtures.bundled, size: Size(columns: 80, rows: 24), keys: "2<End><Enter><Enter>")
        #expect(Fixtures.bundled.handOff(plain) == nil)
        let (narrow, screen) = kioskScreen("x2<End><Enter><Enter>", size: Size(columns: 50, rows: 24))
        #expect(browser.handOff(narrow) == nil)
        #expect(Self.modules(in: screen).isEmpty)
        let (untitled, _) = kioskScreen("x<Enter><Enter>", size: Size(columns: 80, rows: 24))
        #expect(browser.handOff(untitled) == nil, "the opening keynote has no link")
    }

    /// Issue 24: Q in the browser shows the selected talk's link as a code, framed where there is
    /// room, and at 80×24 even for a 113-character congress link (a quiet zone of one module).
    @Test(arguments: [(80, 24), (200, 60)])
    func qShowsTheTalksLinkAsACodeThatDecodes(_ columns: Int, _ rows: Int) throws {
        let browser = Fixtures.congress
        for keys in ["4<Enter>Q", "4<Enter>jQ"] {
            let state = Fixtures.replay(keys, on: browser, from: AppState(size: Size(columns: columns, rows: rows), now: Fixtures.congressNow,
                                                                         localZone: Fixtures.utc)).state
            #expect(state.showShareCode)
            let session = try #require(browser.selectedSession(state))
            let link = try #require(browser.sharedLink(of: session)?.url)
            #expect(try QRDecoding.decode(Self.modules(in: browser.render(state))) == link, "\(keys) at \(columns)×\(rows)")
            // Any key puts it away; y copies instead, and says what.
            #expect(!Fixtures.replay("x", on: browser, from: state).state.showShareCode)
        }
        var copying = Fixtures.replay("4<Enter>", on: browser, from: AppState(size: Size(columns: columns, rows: rows), now: Fixtures.congressNow, localZone: Fixtures.utc)).state
        let effects = browser.reduce(&copying, .copyLink)
        #expect(effects == [.copyToClipboard("https://events.ccc.de/congress/2024/hub/de/event/38c3-opening-ceremony/")])
        #expect(copying.programNotice?.text == "copied: https://events.ccc.de/congress/2024/hub/de/event/38c3-opening-ceremony/")
    }

    /// A talk with no link of its own shares its room's page; in the details, the room's page is a
    /// line to move to, and Q and y take whatever address the cursor is on.
    @Test func aRoomsPageIsSharedWhenTheTalkHasNoLinkAndUnderTheCursor() throws {
        let browser = Fixtures.mappedFestival
        let start = AppState(size: Size(columns: 80, rows: 24), now: Fixtures.now, localZone: Fixtures.utc)
        func select(_ title: String) throws -> AppState {
            var state = Fixtures.replay("4<Enter>gg", on: browser, from: start).state
            while browser.selectedSession(state)?.displayTitle != title {
                let before = state.position.sessions.selected
                state = Fixtures.replay("j", on: browser, from: state).state
                try #require(state.position.sessions.selected != before, "\(title) is in the list")
            }
            return state
        }
        let state = try select("eBPF for the data plane")
        let lines = browser.detailLines(state).map(\.text)
        #expect(lines.contains("First floor, left of the stairs"), "\(lines)")
        #expect(browser.detailLines(state).contains { $0.link == "https://map.example.org/l/room-1/" })
        #expect(browser.sharedLink(state) == SharedLink(url: "https://map.example.org/l/room-1/", label: "room"))

        let shown = Fixtures.replay("Q", on: browser, from: state).state
        #expect(shown.showShareCode)
        #expect(try QRDecoding.decode(Self.modules(in: browser.render(shown))) == "https://map.example.org/l/room-1/")
        var copying = state
        #expect(browser.reduce(&copying, .copyLink) == [.copyToClipboard("https://map.example.org/l/room-1/")])

        // A talk with a recording shares that, unless the cursor is on the room's page in the details.
        let failover = try select("Multi-cluster failover without tears")
        #expect(browser.sharedLink(failover)?.label == "video")
        let onRoomPage = Fixtures.replay("<Enter>]", on: browser, from: failover).state
        #expect(browser.detailCursorLine(onRoomPage)?.link == "https://map.example.org/l/room-1/")
        #expect(browser.sharedLink(onRoomPage)?.url == "https://map.example.org/l/room-1/")
        let roomCode = Fixtures.replay("Q", on: browser, from: onRoomPage).state
        #expect(try QRDecoding.decode(Self.modules(in: browser.render(roomCode))) == "https://map.example.org/l/room-1/")

        // A talk in a room with no page and no link of its own has nothing to share.
        let elsewhere = try #require(browser.index.sessions.first { $0.roomID == "r0" })
        #expect(browser.sharedLink(of: elsewhere) == nil)
    }
}

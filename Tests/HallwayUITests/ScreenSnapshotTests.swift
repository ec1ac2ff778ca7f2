import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit

/// Whole screens as text files under Snapshots/, compared cell for cell (text and style roles).
/// Regenerate on purpose with HALLWAY_UPDATE_SNAPSHOTS=1 scripts/test, then review the diff.
@Suite("Screens")
struct ScreenSnapshotTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var fixture: String
        var keys: String
        var columns: Int
        var rows: Int
        var kiosk = false
        var testDescription: String { "\(name) \(columns)x\(rows)" }
    }

    static let sizes = [(80, 24), (100, 30), (200, 60)]
    static let cases: [Case] = {
        var cases: [Case] = []
        let screens = [
            ("tracks", "bundled", ""), ("speakers", "bundled", "2jjj<Enter>"), ("topics", "bundled", "3j"),
            ("schedule", "bundled", "4<Enter>"), ("detail", "bundled", "jj<Enter>j<Enter>"),
            ("detail-untitled", "bundled", "<Enter><Enter>jjjj"), ("help", "bundled", "?"), ("cjk", "cjk", "4<Enter>j<Enter>"),
            ("cjk-speakers", "cjk", "2<Enter>"), ("hostile", "hostile", "<Enter><Enter>"),
            ("search-empty", "bundled", "/"), ("search-ebpf", "bundled", "/ebpf<Down><Down>"), ("search-chinese", "bundled", "/宋净超"),
            ("search-none", "bundled", "/topic:ebfp"), ("search-typo", "bundled", "/ambeint"), ("search-korean", "cjk", "/앰비언트"),
        ]
        for (name, fixture, keys) in screens {
            for (columns, rows) in sizes { cases.append(Case(name: name, fixture: fixture, keys: keys, columns: columns, rows: rows)) }
        }
        // The booth at every size a booth screen has: the board, browsing, and a talk with its QR code.
        for (columns, rows) in [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60)] {
            cases.append(Case(name: "kiosk-attract", fixture: "bundled", keys: "", columns: columns, rows: rows, kiosk: true))
            cases.append(Case(name: "kiosk-browsing", fixture: "bundled", keys: "x2jj<Enter><Enter>", columns: columns, rows: rows, kiosk: true))
            cases.append(Case(name: "kiosk-qr", fixture: "bundled", keys: "x2<End><Enter><Enter>", columns: columns, rows: rows, kiosk: true))
        }
        cases.append(Case(name: "kiosk-speakers-slide", fixture: "bundled", keys: "", columns: 100, rows: 30, kiosk: true))
        // Three starred sessions, two of them at once, then My agenda; and the agenda before any star.
        for (columns, rows) in [(80, 24), (120, 40), (200, 60)] {
            cases.append(Case(name: "agenda", fixture: "cjk", keys: "4<Enter>sjsjs5<Enter>", columns: columns, rows: rows))
        }
        // The room grid: opening on now, moved across rooms (the columns scroll), the next day,
        // with a star; and a program with no times, which says so.
        for (columns, rows) in [(80, 24), (120, 40), (200, 60)] {
            cases.append(Case(name: "grid", fixture: "festival", keys: "6", columns: columns, rows: rows))
            cases.append(Case(name: "grid-moved", fixture: "festival", keys: "6slllllj", columns: columns, rows: rows))
            cases.append(Case(name: "grid-next-day", fixture: "festival", keys: "6]", columns: columns, rows: rows))
        }
        cases.append(Case(name: "grid-no-times", fixture: "bundled", keys: "6", columns: 80, rows: 24))
        // Now among today's sessions; the filter overlay with a room hidden; the grid without it.
        for (columns, rows) in [(80, 24), (200, 60)] {
            cases.append(Case(name: "now-divider", fixture: "festival", keys: "4<Enter>", columns: columns, rows: rows))
            cases.append(Case(name: "filter", fixture: "festival", keys: "fj ", columns: columns, rows: rows))
            cases.append(Case(name: "filtered-grid", fixture: "festival", keys: "fj <Esc>6", columns: columns, rows: rows))
        }
        // What changed since the release seen before: the Changes view, a moved talk's details,
        // the marks in the Schedule, and a starred talk that left the program in My agenda.
        for (columns, rows) in [(80, 24), (200, 60)] {
            cases.append(Case(name: "changes", fixture: "congress", keys: "c", columns: columns, rows: rows))
            cases.append(Case(name: "changes-moved", fixture: "congress", keys: "cj<Enter><Enter>", columns: columns, rows: rows))
            cases.append(Case(name: "changes-schedule", fixture: "congress", keys: "4<Enter>", columns: columns, rows: rows))
            cases.append(Case(name: "changes-agenda", fixture: "congress", keys: "c<Enter>s5", columns: columns, rows: rows))
            cases.append(Case(name: "share-code", fixture: "congress", keys: "4<Enter>jQ", columns: columns, rows: rows))
            cases.append(Case(name: "room-whereabouts", fixture: "hub", keys: "4<Enter>j<Enter>", columns: columns, rows: rows))
        }
        cases.append(Case(name: "agenda-empty", fixture: "bundled", keys: "5", columns: 80, rows: 24))
        cases.append(Case(name: "too-small", fixture: "bundled", keys: "", columns: 39, rows: 9))
        cases.append(Case(name: "smallest", fixture: "bundled", keys: "2<Enter><Enter>", columns: 40, rows: 10))
        cases.append(Case(name: "one-cell", fixture: "bundled", keys: "jjj", columns: 1, rows: 1))
        return cases
    }()

    static func browser(_ fixture: String) -> Browser {
        switch fixture {
        case "cjk": Fixtures.cjk
        case "hostile": Fixtures.hostile
        case "festival": Fixtures.festival
        case "congress": Fixtures.congress
        case "hub": Fixtures.hub
        default: Fixtures.bundled
        }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// The browser and state a case describes, the kiosk flag included; shared by every check here.
    static func screen(_ screen: Case) -> (Browser, AppState) {
        let browser = screen.kiosk ? Browser(index: Self.browser(screen.fixture).index, keyMap: .kiosk) : Self.browser(screen.fixture)
        let size = Size(columns: screen.columns, rows: screen.rows)
        var state = Fixtures.state(browser, size: size, keys: "")
        if screen.kiosk {
            state = browser.kioskStart(size: size, now: Fixtures.now, clock: .venue, localZone: Fixtures.utc,
                                       kiosk: KioskState(idleTimeout: 90, now: Fixtures.now))
            if screen.name == "kiosk-speakers-slide" { state.kiosk?.slide = browser.attractSlides.firstIndex(of: .speakers)! }
        }
        return (browser, Fixtures.replay(screen.keys, on: browser, from: state).state)
    }

    @Test(arguments: cases)
    func matchesItsSnapshot(_ screen: Case) throws {
        let (browser, state) = Self.screen(screen)
        let buffer = browser.render(state)
        let rendered = "# \(screen.fixture)\(screen.kiosk ? " --kiosk" : "") --size \(screen.columns)x\(screen.rows) --keys '\(screen.keys)'\n"
            + buffer.textLines().joined(separator: "\n") + "\n# styles\n" + buffer.styleLines().joined(separator: "\n") + "\n"
        let file = Self.directory.appendingPathComponent("\(screen.name)-\(screen.columns)x\(screen.rows).txt")
        if ProcessInfo.processInfo.environment["HALLWAY_UPDATE_SNAPSHOTS"] == "1" {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot at \(file.path); run with HALLWAY_UPDATE_SNAPSHOTS=1 to record it")
            return
        }
        #expect(rendered == expected, "screen differs from \(file.lastPathComponent):\n\(rendered)")
    }

    @Test func hostileTextIsShownAsPlaceholdersNeverAsControls() {
        let browser = Fixtures.hostile
        for keys in ["", "<Enter>", "<Enter><Enter>", "<Enter>jj<Enter>", "2<Enter>"] {
            let buffer = browser.render(Fixtures.state(browser, size: Size(columns: 120, rows: 30), keys: keys))
            for cell in buffer.cells {
                #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
            }
        }
        let detail = browser.render(Fixtures.state(browser, size: Size(columns: 120, rows: 30), keys: "<Enter><Enter>")).text
        #expect(detail.contains("␛[2J␛]0;pwned␇clear screen"))
    }

    @Test func theCellBufferIsTheChokePointNoControlGetsIntoACell() {
        var buffer = CellBuffer(size: Size(columns: 30, rows: 2))
        buffer.write("a\u{1B}[2J\u{07}\u{9B}\u{202E}b", x: 0, y: 0, role: .normal)
        buffer.mark("\u{1B}", x: 0, y: 1, role: .accent, dataColor: nil)
        #expect(buffer.textLines()[0].hasPrefix("a␛[2J␇\u{FFFD}\u{FFFD}b"))
        #expect(buffer.textLines()[1].hasPrefix("␛"))
        #expect(buffer.cells.allSatisfy { !$0.text.unicodeScalars.contains { TerminalSafe.isDangerous($0) } })
    }

    /// What a reader relies on, checked on every case (kiosk ones too): the view on screen is the
    /// one the header marks, and the selected row is on screen, not scrolled away.
    @Test(arguments: cases)
    func theActiveTabAndTheSelectionAreOnScreen(_ screen: Case) {
        let (browser, state) = Self.screen(screen)
        let buffer = browser.render(state)
        let layout = browser.layout(state)
        guard !layout.isTooSmall, state.kiosk?.showingAttract != true, !state.showHelp, !state.showShareCode else { return }
        let active = (0..<buffer.size.columns).filter { buffer[$0, 0].role == .tabActive }.map { buffer[$0, 0].text }.joined()
        // Where no tab fits (40 columns), the breadcrumb under the header names the view instead.
        let named = active.contains(String(state.view.rawValue))
            || (active.isEmpty && buffer.textLines()[1].hasPrefix(" " + state.view.title))
        #expect(named, "\(screen.testDescription): the header marks \"\(active)\"")
        let selectable = state.search.map { !$0.rows.isEmpty }
            ?? (state.view == .grid ? browser.gridPlan(state) != nil : !browser.groups(state).isEmpty)
        if selectable {
            let selected = (0..<buffer.size.rows).contains { y in (0..<buffer.size.columns).contains { buffer[$0, y].role == .selected } }
            #expect(selected, "\(screen.testDescription): nothing is drawn selected")
        }
    }
}

import Foundation
import Testing
@testable import HallwayUI
import ScheduleKit
import TestSupport

@Suite("Colours from the data")
struct DataColorTests {
    @Test func hexColoursMapToTheNearestXterm256Colour() {
        #expect(DataColor.xterm256("#000000") == 16)
        #expect(DataColor.xterm256("#FFFFFF") == 231)
        #expect(DataColor.xterm256("#E40429") == 160)
        #expect(DataColor.xterm256("#808080") == 244)
        #expect(DataColor.xterm256("#0347B4") == 25)
        #expect(DataColor.xterm256("red") == nil)
        #expect(DataColor.xterm256("#12345") == nil)
    }

    @Test func tracksWithAColourGetAColouredBarInListsAndOthersDoNot() throws {
        let index = ScheduleIndex(try ScheduleLoader.load(file: SharedFixtures.path("frab-38c3.xml")))
        let browser = Browser(index: index)
        var state = AppState(size: Size(columns: 120, rows: 30), now: Date(timeIntervalSince1970: 1_735_300_000))
        browser.normalize(&state)
        let screen = browser.render(state)
        let groupsTop = 2
        // Art & Beauty (#F9B000) is first, "No track" last.
        #expect(screen[0, groupsTop].text == "▌" && screen[0, groupsTop].dataColor == Int16(DataColor.xterm256("#F9B000")!))
        let noTrackRow = (0..<screen.size.rows).first { y in (0..<20).map { screen[$0, y].text }.joined().contains("No track") }!
        #expect(screen[0, noTrackRow].dataColor == -1 && screen[0, noTrackRow].text == " ")
        // The bundled program gives no colours, so nothing is marked.
        let plain = Fixtures.bundled.render(state)
        #expect(plain.cells.allSatisfy { $0.dataColor == -1 })
    }
}

import CTestLocale
import Foundation
import ScheduleKit
import Testing
@testable import HallwayUI

// The table ncurses places cells with, asked directly: what each cell must agree with.
@_silgen_name("wcwidth")
private func terminalWidth(_ character: Int32) -> Int32

/// The columns the terminal gives a cell's text: its first scalar's width (at least one), and
/// every later scalar's that has one.
private func terminalColumns(_ text: String) -> Int {
    text.unicodeScalars.enumerated().reduce(0) { total, item in
        let width = Int(terminalWidth(Int32(bitPattern: item.element.value)))
        return total + (item.offset == 0 ? max(1, width) : max(0, width))
    }
}

@Suite("Text measured in terminal columns")
struct TextWidthTests {
    /// The locale is set as the binary loads (Tests/Locale), not by measuring text.
    @Test func theTestsRunInAUTF8LocaleSetAtStartUp() {
        #expect(hallway_test_locale_is_ready() == 1)
    }

    @Test(arguments: [
        ("abc", 3), ("中文", 4), ("한국어", 6), ("カタカナ", 8), ("ｶﾀｶﾅ", 4), ("Ｌａｔｉｎ", 10),
        ("e\u{301}", 1), ("👍", 2), ("…", 1), ("─", 1), ("", 0), ("IstioCon 2023 中国站", 20),
    ])
    func measuresEachScript(_ text: String, _ columns: Int) {
        #expect(TextWidth.width(of: text) == columns)
    }

    /// A spacing mark is one grapheme with its letter but a column of its own in the terminal
    /// (wcwidth gives it one): Devanagari, Bengali, Tamil, Myanmar and Khmer vowel signs; Thai's
    /// marks above take none; a flag's two regional indicators take one each.
    @Test(arguments: [
        ("राहुल शर्मा", 9), ("ঠাকুর", 4), ("முருகன்", 6), ("အောင် ဆန်း", 8), ("สมชาย ใจดี", 9), ("សុខ សាន", 6), ("🇯🇵", 2),
    ])
    func countsSpacingMarksAsTheTerminalDoes(_ text: String, _ columns: Int) {
        #expect(TextWidth.width(of: text) == columns)
        #expect(TextWidth.width(of: text) == terminalColumns(text))
    }

    @Test func truncationNeverSplitsAWideCharacterAndFillsExactly() {
        let samples = ["IstioCon 2023 中国站", "Istio数据平面的新选择", "한국어 세션 제목", "カタカナｶﾀｶﾅ", "Zürich e\u{301}té", "👍 emoji JP", "राहुल शर्मा", "முருகன் 中"]
        for text in samples {
            let full = TextWidth.width(of: text)
            for columns in 0...(full + 1) {
                let cut = TextWidth.truncate(text, to: columns)
                if columns >= full {
                    #expect(cut == text)
                } else {
                    #expect(TextWidth.width(of: cut) == columns, "\(text) at \(columns): \"\(cut)\"")
                    if columns > 0 { #expect(cut.contains("…")) }
                }
                #expect(TextWidth.width(of: TextWidth.fit(text, to: columns)) == columns)
            }
        }
    }

    @Test func wrapsAtSpacesAndBetweenCJKCharacters() {
        #expect(TextWidth.wrap("the quick brown fox", to: 10) == ["the quick", "brown fox"])
        #expect(TextWidth.wrap("基于Istio和Virtual Kubelet的无服务器服务网格", to: 12) == ["基于Istio和", "Virtual", "Kubelet的无", "服务器服务网", "格"])
        #expect(TextWidth.wrap("supercalifragilistic", to: 8) == ["supercal", "ifragili", "stic"])
        #expect(TextWidth.wrap("one\n\ntwo", to: 10) == ["one", "", "two"])
        #expect(TextWidth.wrap("이스티오 앰비언트 메시로 운영하기", to: 20) == ["이스티오 앰비언트", "메시로 운영하기"])
        #expect(TextWidth.wrap("カーネルから見たサービス", to: 10) == ["カーネルか", "ら見たサー", "ビス"])
        for line in TextWidth.wrap("宋净超 Jimmy Song 是 Tetrate 的工程师，他在 IstioCon 上讲了 GitOps 与可观察性。", to: 11) {
            #expect(TextWidth.width(of: line) <= 11, "\(line)")
        }
    }
}

@Suite("The cell buffer")
struct CellBufferTests {
    @Test func aWideCharacterTakesTwoCellsAndIsNeverHalfDrawnAtTheEdge() {
        var buffer = CellBuffer(size: Size(columns: 5, rows: 1))
        let used = buffer.write("ab中文", x: 0, y: 0, role: .normal)
        #expect(used == 4)
        #expect(buffer.textLines() == ["ab中"])
        #expect(buffer[2, 0].text == "中" && buffer[3, 0].isContinuation)
        #expect(buffer[4, 0].text == " ")
    }

    /// Every cell holds what `setcchar` takes (one scalar with a width, then only zero-width
    /// ones), so ncurses draws every vowel sign; written into their letter's cell, it dropped
    /// them ("राहुल शर्मा" was shown as "रहुल शर्").
    @Test func aSpacingMarkIsDrawnInACellOfItsOwn() {
        for text in ["राहुल शर्मा", "রবি ঠাকুর", "முருகன்", "အောင် ဆန်း", "សុខ សាន", "สมชาย ใจดี", "e\u{301}té", "中文"] {
            var buffer = CellBuffer(size: Size(columns: 30, rows: 1))
            let used = buffer.write(text, x: 0, y: 0, role: .normal)
            #expect(used == terminalColumns(text), "\(text)")
            #expect(buffer.textLines() == [text])
            for x in 0..<used where !buffer[x, 0].isContinuation {
                let scalars = Array(buffer[x, 0].text.unicodeScalars)
                #expect(terminalWidth(Int32(scalars[0].value)) >= 1, "\(text): \(buffer[x, 0].text)")
                #expect(scalars.dropFirst().allSatisfy { terminalWidth(Int32($0.value)) == 0 }, "\(text): \(buffer[x, 0].text)")
            }
        }
        var buffer = CellBuffer(size: Size(columns: 12, rows: 1))
        buffer.write("राहुल", x: 0, y: 0, role: .normal)
        #expect((0..<4).map { buffer[$0, 0].text } == ["र", "ा", "हु", "ल"])
        // A grapheme that does not fit whole is not drawn in part.
        var narrow = CellBuffer(size: Size(columns: 2, rows: 1))
        #expect(narrow.write("कारा", x: 0, y: 0, role: .normal) == 2 && narrow.textLines() == ["का"])
    }

    /// Every cell of every screen of a program named in 24 scripts takes, in the terminal, the
    /// columns the buffer gives it: what the buffer lays out is where the terminal puts it.
    @Test func screensInEveryScriptTakeTheColumnsTheTerminalGives() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Quirks/names-in-many-scripts.ics")
        let browser = Browser(index: ScheduleIndex(try ScheduleLoader.load(file: file.path)))
        for keys in ["", "2", "2<Enter>", "2jjjjjjjjjjjjj<Enter>", "4", "4<Enter>", "/र", "6"] {
            for size in [Size(columns: 80, rows: 24), Size(columns: 200, rows: 60)] {
                let buffer = browser.render(Fixtures.replay(keys, on: browser, from: Fixtures.state(browser, size: size)).state)
                for y in 0..<size.rows {
                    for x in 0..<size.columns where !buffer[x, y].isContinuation {
                        let given = x + 1 < size.columns && buffer[x + 1, y].isContinuation ? 2 : 1
                        #expect(terminalColumns(buffer[x, y].text) == given, "keys \(keys), \(size.columns)x\(size.rows), (\(x), \(y)): \(buffer[x, y].text)")
                    }
                }
            }
        }
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(size: Size(columns: 6, rows: 1))
        buffer.write("中文字", x: 0, y: 0, role: .normal)
        buffer.write("x", x: 3, y: 0, role: .normal)
        #expect(buffer.textLines() == ["中 x字"])
        buffer.write("y", x: 4, y: 0, role: .normal)
        #expect(buffer.textLines() == ["中 xy"])
    }

    @Test func writesAreClippedToTheirRectAndTheBuffer() {
        var buffer = CellBuffer(size: Size(columns: 10, rows: 2))
        buffer.write("overflowing text", x: 6, y: 0, role: .normal)
        buffer.write("clipped", x: 2, y: 1, role: .normal, clip: Rect(x: 2, y: 1, width: 3, height: 1))
        buffer.write("nowhere", x: 0, y: 5, role: .normal)
        #expect(buffer.textLines() == ["      over", "  cli"])
    }

    @Test func reportsOnlyChangedCells() {
        var before = CellBuffer(size: Size(columns: 10, rows: 3))
        before.write("hello", x: 0, y: 1, role: .normal)
        var after = before
        after.write("J", x: 0, y: 1, role: .normal)
        after.restyle(Rect(x: 4, y: 1, width: 1, height: 1), role: .selected)
        #expect(after.changedCells(since: before).map { [$0.x, $0.y] } == [[0, 1], [4, 1]])
    }
}

@Suite("Vim key notation")
struct KeyNotationTests {
    @Test func parsesPrintableAndNamedKeys() throws {
        #expect(try KeyNotation.parse("2jj<Enter>") == [.character("2"), .character("j"), .character("j"), .enter])
        #expect(try KeyNotation.parse("<C-d><S-Tab><Esc><BS><lt>x<Space>") == [.control("d"), .backTab, .escape, .backspace, .character("<"), .character("x"), .character(" ")])
        #expect(try KeyNotation.parse("<PageDown><Home><F5>中") == [.pageDown, .home, .function(5), .character("中")])
        #expect(try KeyNotation.parse("a<b") == [.character("a"), .character("<"), .character("b")])
    }

    @Test func rejectsUnknownNames() {
        #expect(throws: KeyNotation.ParseError.self) { try KeyNotation.parse("<Hyper-x>") }
    }
}

/// The selected session's details, scrolled with a cursor line when focused.
enum DetailPaneView {
    static func draw(_ state: AppState, browser: Browser, rect: Rect, content: Rect, titled: Bool, into buffer: inout CellBuffer) {
        let focused = state.focus == .detail
        let lines = browser.detailLines(state)
        if titled {
            ListWidget.drawTitle("Details", focused: focused, rect: rect, into: &buffer)
        }
        guard !lines.isEmpty else {
            buffer.writeFitted(" Select a session to see its details", x: content.x, y: content.y, width: content.width, role: .dim)
            return
        }
        let list = state.position.detail
        ListWidget.draw(list, count: lines.count, in: content, selection: focused ? .selected : nil, into: &buffer) { index, y, buffer in
            let line = lines[index]
            let used = buffer.write(line.text, x: content.x + 1 + line.indent, y: y, role: line.role, clip: content)
            if let link = line.link { buffer.link(link, x: content.x + 1 + line.indent, y: y, width: used) }
            // What Enter can follow is marked in the margin while the details have the cursor.
            if focused, line.isFollowable, line.indent >= 2 {
                buffer.write("›", x: content.x + line.indent - 1, y: y, role: .accent, clip: content)
            }
        }
        if let (link, code) = browser.handOff(state) {
            // Fixed at the top right while the text scrolls beside it.
            let x = content.maxX - code.width - 1
            for (row, text) in code.rows.prefix(content.height).enumerated() {
                buffer.restyle(Rect(x: x - 1, y: content.y + row, width: code.width + 2, height: 1), role: .normal)
                buffer.write(text, x: x, y: content.y + row, role: .qr)
            }
            if code.rows.count < content.height {
                let caption = TextWidth.truncate("Scan: \(link.label)", to: code.width)
                buffer.write(caption, x: x + (code.width - TextWidth.width(of: caption)) / 2, y: content.y + code.rows.count, role: .dim)
            }
        }
        else if state.kiosk != nil, let session = browser.selectedSession(state), browser.sharedLink(of: session) != nil {
            // A link too long for a code beside the text (a congress's at 80×24) gets the whole screen on Q.
            let hint = " Q: a code to scan "
            buffer.write(hint, x: content.maxX - TextWidth.width(of: hint), y: content.maxY - 1, role: .footerKey, clip: content)
        }
        if titled, let more = list.positionText(count: lines.count, height: content.height) {
            buffer.write(more + " ", x: rect.maxX - TextWidth.width(of: more) - 1, y: rect.y, role: .dim)
        }
    }
}

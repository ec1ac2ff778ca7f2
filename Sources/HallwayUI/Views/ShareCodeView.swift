import ScheduleKit

/// `Q`: the selected talk's link (or the link under the cursor in the details) as a QR code over the screen, for a phone beside the laptop,
/// with the address under it. Framed when the screen has room; where it has not (a 113-character
/// congress link at 80×24), the code alone with a quiet zone of one module, which phones read.
/// Level L is already the least redundancy libqrencode offers.
enum ShareCodeView {
    static func draw(browser: Browser, state: AppState, layout: ScreenLayout, into buffer: inout CellBuffer) {
        guard let link = browser.sharedLink(state) else { return }
        let body = layout.body
        buffer.fill(body, role: .normal)
        let address = TerminalSafe.line(link.url)
        let roomy = browser.shareCode(link.url).flatMap { $0.width <= body.width && $0.rows.count + 1 <= body.height ? $0 : nil }
        let tight = roomy == nil ? browser.shareCode(link.url, quietZone: 1).flatMap { $0.width <= body.width && $0.rows.count <= body.height ? $0 : nil } : nil
        guard let code = roomy ?? tight else {
            let lines = ["The link is too long for a code at this size; widen the window, or copy it with y:"] + [address]
            for (number, line) in lines.flatMap({ TextWidth.wrap($0, to: max(1, body.width - 4)) }).enumerated() where number < body.height {
                buffer.writeFitted(line, x: body.x + 2, y: body.y + number, width: body.width - 4, role: number == 0 ? .warning : .link)
            }
            return
        }
        let framed = roomy != nil && code.width + 4 <= body.width && code.rows.count + 3 <= body.height
        let captioned = roomy != nil
        let height = code.rows.count + (framed ? 3 : captioned ? 1 : 0)
        let top = body.y + (body.height - height) / 2
        let left = body.x + (body.width - code.width) / 2
        if framed {
            OverlayBox.draw(Rect(x: left - 2, y: top, width: code.width + 4, height: height), title: "Scan", into: &buffer)
        }
        for (number, row) in code.rows.enumerated() {
            buffer.write(row, x: left, y: top + (framed ? 1 : 0) + number, role: .qr)
        }
        guard captioned else { return }
        let caption = TextWidth.truncate(address, to: body.width - 2)
        buffer.write(caption, x: body.x + max(1, (body.width - TextWidth.width(of: caption)) / 2), y: top + height - (framed ? 2 : 1), role: .link)
    }
}

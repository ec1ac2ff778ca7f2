/// A framed box drawn over the screen (the help, the filter): cleared, bordered, titled.
enum OverlayBox {
    static func draw(_ box: Rect, title: String, into buffer: inout CellBuffer) {
        buffer.fill(box, role: .normal)
        let horizontal = String(repeating: "─", count: box.width - 2)
        buffer.write("┌" + horizontal + "┐", x: box.x, y: box.y, role: .border)
        buffer.write("└" + horizontal + "┘", x: box.x, y: box.maxY - 1, role: .border)
        for y in (box.y + 1)..<(box.maxY - 1) {
            buffer.write("│", x: box.x, y: y, role: .border)
            buffer.write("│", x: box.maxX - 1, y: y, role: .border)
        }
        buffer.write(" \(title) ", x: box.x + 2, y: box.y, role: .heading)
    }
}

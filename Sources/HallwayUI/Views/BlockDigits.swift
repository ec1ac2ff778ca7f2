/// Digits five rows tall in block characters, for a clock readable across a booth.
enum BlockDigits {
    static let height = 5

    private static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"], "1": [" █ ", "██ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"], "3": ["███", "  █", "███", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"], "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"], "7": ["███", "  █", "  █", "  █", "  █"],
        "8": ["███", "█ █", "███", "█ █", "███"], "9": ["███", "█ █", "███", "  █", "███"],
        ":": ["   ", " █ ", "   ", " █ ", "   "],
    ]

    /// `text` (digits and colons) as five lines, one space between glyphs; at `scale` k each
    /// block becomes 2k columns by k rows (terminal cells are about twice as tall as wide), so a
    /// booth's large screen gets a clock to match.
    static func render(_ text: String, scale: Int = 1) -> [String] {
        let k = max(1, scale)
        return (0..<height).flatMap { row -> [String] in
            let line = text.map { glyph in
                (glyphs[glyph]?[row] ?? "   ").map { String(repeating: String($0), count: k == 1 ? 1 : 2 * k) }.joined()
            }.joined(separator: String(repeating: " ", count: k))
            return Array(repeating: line, count: k)
        }
    }

    /// The largest scale at which the clock takes at most a quarter of the rows and three fifths of the columns.
    static func scale(for size: Size, characters: Int) -> Int {
        var k = 1
        while true {
            let next = k + 1
            let width = characters * 3 * 2 * next + (characters - 1) * next
            guard height * next <= size.rows / 4, width <= size.columns * 3 / 5 else { return k }
            k = next
        }
    }
}

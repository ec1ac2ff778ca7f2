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

/// Capital letters, digits and a little punctuation three pixels wide and five high, drawn with
/// half blocks (two pixels a row, so a pixel is about square), for a headline read from across a
/// booth. Text it has no glyph for (Chinese, say) is not drawn this way: `render` returns nil.
enum BlockLetters {
    private static let glyphs: [Character: [String]] = [
        "A": [".#.", "#.#", "###", "#.#", "#.#"], "B": ["##.", "#.#", "##.", "#.#", "##."], "C": ["###", "#..", "#..", "#..", "###"],
        "D": ["##.", "#.#", "#.#", "#.#", "##."], "E": ["###", "#..", "##.", "#..", "###"], "F": ["###", "#..", "##.", "#..", "#.."],
        "G": ["###", "#..", "#.#", "#.#", "###"], "H": ["#.#", "#.#", "###", "#.#", "#.#"], "I": ["###", ".#.", ".#.", ".#.", "###"],
        "J": ["..#", "..#", "..#", "#.#", "###"], "K": ["#.#", "#.#", "##.", "#.#", "#.#"], "L": ["#..", "#..", "#..", "#..", "###"],
        "M": ["#.#", "###", "###", "#.#", "#.#"], "N": ["##.", "#.#", "#.#", "#.#", "#.#"], "O": ["###", "#.#", "#.#", "#.#", "###"],
        "P": ["###", "#.#", "###", "#..", "#.."], "Q": ["###", "#.#", "#.#", "###", "..#"], "R": ["##.", "#.#", "##.", "#.#", "#.#"],
        "S": ["###", "#..", "###", "..#", "###"], "T": ["###", ".#.", ".#.", ".#.", ".#."], "U": ["#.#", "#.#", "#.#", "#.#", "###"],
        "V": ["#.#", "#.#", "#.#", "#.#", ".#."], "W": ["#.#", "#.#", "###", "###", "#.#"], "X": ["#.#", "#.#", ".#.", "#.#", "#.#"],
        "Y": ["#.#", "#.#", ".#.", ".#.", ".#."], "Z": ["###", "..#", ".#.", "#..", "###"],
        "0": ["###", "#.#", "#.#", "#.#", "###"], "1": [".#.", "##.", ".#.", ".#.", "###"], "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", "###", "..#", "###"], "4": ["#.#", "#.#", "###", "..#", "..#"], "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"], "7": ["###", "..#", "..#", "..#", "..#"], "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"], " ": ["...", "...", "...", "...", "..."], "-": ["...", "...", "###", "...", "..."],
        ".": ["...", "...", "...", "...", ".#."], ":": ["...", ".#.", "...", ".#.", "..."], "&": [".#.", "#.#", ".#.", "#.#", ".##"],
    ]

    /// Columns `text` takes at `pixelWidth` columns a pixel, a blank pixel between letters.
    static func width(of text: String, pixelWidth: Int) -> Int {
        text.count * 4 * pixelWidth - pixelWidth
    }

    /// Three rows of half blocks, or nil when a character has no glyph.
    static func render(_ text: String, pixelWidth: Int) -> [String]? {
        let letters = Array(text.uppercased())
        guard letters.allSatisfy({ glyphs[$0] != nil }) else { return nil }
        // Five pixel rows and a blank sixth, two to a text row.
        let pixels: [[Bool]] = (0..<6).map { row in
            letters.enumerated().flatMap { number, letter -> [Bool] in
                let glyph = row < 5 ? glyphs[letter]![row].map { $0 == "#" } : [false, false, false]
                return number == letters.count - 1 ? glyph : glyph + [false]
            }
        }
        return stride(from: 0, to: 6, by: 2).map { row in
            zip(pixels[row], pixels[row + 1]).map { top, bottom -> String in
                let cell: String = top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " "
                return String(repeating: cell, count: pixelWidth)
            }.joined()
        }
    }
}

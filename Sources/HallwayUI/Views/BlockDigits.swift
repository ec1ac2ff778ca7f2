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

    /// `text` (digits and colons) as five lines, one space between glyphs.
    static func render(_ text: String) -> [String] {
        (0..<height).map { row in
            text.map { glyphs[$0]?[row] ?? "   " }.joined(separator: " ")
        }
    }
}

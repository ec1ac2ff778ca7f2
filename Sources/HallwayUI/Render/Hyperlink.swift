/// A web address drawn on screen, for terminals that make text clickable (OSC 8). The cells hold
/// the visible text as always; this says which run of cells the address is, so the terminal
/// layer can mark it after drawing.
public struct Hyperlink: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var url: String

    /// Whether `url` may go between OSC 8's brackets: printable ASCII only, no ESC, BEL or
    /// backslash that could end or bend the sequence, and no `$` (terminfo's padding syntax).
    /// Anything else is simply not linked.
    public static func isSafe(_ url: String) -> Bool {
        (url.hasPrefix("https://") || url.hasPrefix("http://")) && url.utf8.count <= 2000
            && url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x5C && $0 != 0x24 }
    }

    /// OSC 8 around `text` (the cells' own characters, written again where they already are).
    /// Only addresses that pass `isSafe` get here; the text comes from cells, which hold no controls.
    public func sequence(text: String) -> String {
        "\u{1B}]8;;\(url)\u{1B}\\" + text + "\u{1B}]8;;\u{1B}\\"
    }
}

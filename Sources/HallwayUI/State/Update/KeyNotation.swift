/// Parses vim's key notation, as `hallway render --keys` takes it: printable characters as
/// themselves, and `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<BS>`, `<Up>`, `<Down>`, `<Left>`,
/// `<Right>`, `<PageUp>`, `<PageDown>`, `<Home>`, `<End>`, `<Space>`, `<lt>`, `<F1>`…, `<C-x>`.
public enum KeyNotation {
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    private static let named: [String: Key] = [
        "enter": .enter, "cr": .enter, "return": .enter, "esc": .escape, "tab": .tab, "s-tab": .backTab,
        "bs": .backspace, "backspace": .backspace, "up": .up, "down": .down, "left": .left, "right": .right,
        "pageup": .pageUp, "pagedown": .pageDown, "home": .home, "end": .end,
        "space": .character(" "), "lt": .character("<"), "bar": .character("|"), "bslash": .character("\\"),
    ]

    public static func parse(_ text: String) throws(ParseError) -> [Key] {
        var keys: [Key] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">"), close > rest.index(after: rest.startIndex) {
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                keys.append(try key(named: name))
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    private static func key(named name: String) throws(ParseError) -> Key {
        let lower = name.lowercased()
        if let key = named[lower] { return key }
        if lower.hasPrefix("c-"), lower.count == 3, let letter = lower.last, letter.isLetter {
            return .control(letter)
        }
        if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...12).contains(number) {
            return .function(number)
        }
        throw ParseError(description: "unknown key <\(name)>; use <Enter>, <Esc>, <Tab>, <S-Tab>, <BS>, <Up>, <Down>, <Left>, <Right>, <PageUp>, <PageDown>, <Home>, <End>, <Space>, <lt>, <F1>…<F12> or <C-x>")
    }
}

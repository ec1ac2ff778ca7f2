import CNcursesw
import HallwayUI

/// Maps each style role to terminal attributes and a colour pair, for 256-colour, 8-colour and
/// monochrome terminals. Views only ever name roles.
struct StylePalette {
    enum Depth { case monochrome, eight, full }

    let depth: Depth
    let theme: TerminalTheme
    private var attributes: [StyleRole: attr_t] = [:]
    private var pairs: [StyleRole: Int16] = [:]
    private var looks: [StyleRole: Look] = [:]

    private struct Look {
        var foreground: Int16
        var background: Int16
        var attributes: attr_t
    }

    init(depth: Depth, theme: TerminalTheme = .dark) {
        self.depth = depth
        self.theme = theme
        for role in StyleRole.allCases {
            let look = theme == .light ? StylePalette.lightLook(role, depth) : StylePalette.look(role, depth)
            looks[role] = look
            attributes[role] = look.attributes
            if depth != .monochrome {
                let pair = Int16(role.rawValue) + 1
                init_pair(pair, look.foreground, look.background)
                pairs[role] = pair
            }
        }
    }

    func attributes(for role: StyleRole) -> attr_t { attributes[role] ?? hw_attr_normal() }

    /// The role as an SGR sequence, for text written beside ncurses (a link's cells inside OSC 8).
    func sgr(for role: StyleRole) -> String {
        guard let look = looks[role] else { return "\u{1B}[0m" }
        var codes = ["0"]
        if look.attributes & hw_attr_bold() != 0 { codes.append("1") }
        if look.attributes & hw_attr_dim() != 0 { codes.append("2") }
        if look.attributes & hw_attr_underline() != 0 { codes.append("4") }
        if look.attributes & hw_attr_reverse() != 0 { codes.append("7") }
        if depth != .monochrome {
            func colour(_ value: Int16, base: Int) -> String? {
                value < 0 ? nil : value < 8 ? String(base + Int(value)) : "\(base + 8);5;\(value)"
            }
            colour(look.foreground, base: 30).map { codes.append($0) }
            colour(look.background, base: 40).map { codes.append($0) }
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
    func pair(for role: StyleRole) -> Int16 { pairs[role] ?? 0 }

    /// Pairs for colours from the data, made on first use after the roles' pairs.
    private var dataPairs: [Int16: Int16] = [:]

    /// The pair for a cell: its data colour on 256-colour terminals (unless the cell is selected,
    /// where the selection's colours win), else its role's.
    mutating func pair(for cell: Cell) -> Int16 {
        guard depth == .full, cell.dataColor >= 0, cell.role != .selected, cell.role != .selectedUnfocused else { return pair(for: cell.role) }
        if let existing = dataPairs[cell.dataColor] { return existing }
        let next = Int16(StyleRole.allCases.count + 1 + dataPairs.count)
        // Every 256-colour terminal offers far more pairs than the roles and the 256 colours need.
        guard next < 512 else { return pair(for: cell.role) }
        init_pair(next, cell.dataColor, -1)
        dataPairs[cell.dataColor] = next
        return next
    }

    private static func look(_ role: StyleRole, _ depth: Depth) -> Look {
        let bold = hw_attr_bold(), reverse = hw_attr_reverse(), underline = hw_attr_underline(), dim = hw_attr_dim()
        let none = hw_attr_normal()
        let d: Int16 = -1  // the terminal's own default colour
        switch depth {
        case .monochrome:
            let attributes: attr_t
            switch role {
            case .normal, .accent, .border, .footerText: attributes = none
            case .dim, .untitled: attributes = dim
            case .heading, .title, .footerKey: attributes = bold
            case .paneTitle: attributes = none
            case .paneTitleFocused: attributes = bold | underline
            case .selected, .headerBar, .clock: attributes = reverse
            case .selectedUnfocused: attributes = underline
            case .tabActive: attributes = bold
            case .link: attributes = underline
            case .warning: attributes = bold | reverse
            case .match: attributes = bold | underline
            // Most consoles draw light on dark; reversed, a block shows dark on light, as scanners expect.
            case .qr: attributes = reverse
            case .block: attributes = none
            case .blockTitle: attributes = bold
            case .selectedMatch: attributes = reverse | underline | bold
            }
            return Look(foreground: d, background: d, attributes: attributes)
        case .eight:
            switch role {
            case .normal: return Look(foreground: d, background: d, attributes: none)
            case .dim, .border: return Look(foreground: d, background: d, attributes: dim)
            case .heading: return Look(foreground: Int16(COLOR_CYAN), background: d, attributes: bold)
            case .paneTitle: return Look(foreground: d, background: d, attributes: bold)
            case .paneTitleFocused: return Look(foreground: Int16(COLOR_YELLOW), background: d, attributes: bold)
            case .selected: return Look(foreground: Int16(COLOR_BLACK), background: Int16(COLOR_CYAN), attributes: none)
            case .selectedUnfocused: return Look(foreground: d, background: d, attributes: reverse)
            case .headerBar, .clock: return Look(foreground: Int16(COLOR_WHITE), background: Int16(COLOR_BLUE), attributes: role == .clock ? bold : none)
            case .tabActive: return Look(foreground: Int16(COLOR_BLUE), background: Int16(COLOR_WHITE), attributes: bold)
            case .title: return Look(foreground: d, background: d, attributes: bold)
            case .untitled: return Look(foreground: Int16(COLOR_YELLOW), background: d, attributes: none)
            case .accent: return Look(foreground: Int16(COLOR_CYAN), background: d, attributes: none)
            case .link: return Look(foreground: Int16(COLOR_BLUE), background: d, attributes: underline)
            case .footerKey: return Look(foreground: Int16(COLOR_CYAN), background: d, attributes: bold)
            case .footerText: return Look(foreground: d, background: d, attributes: none)
            case .warning: return Look(foreground: Int16(COLOR_BLACK), background: Int16(COLOR_YELLOW), attributes: bold)
            case .match: return Look(foreground: Int16(COLOR_YELLOW), background: d, attributes: bold | underline)
            case .qr: return Look(foreground: Int16(COLOR_BLACK), background: Int16(COLOR_WHITE), attributes: none)
            case .block: return Look(foreground: d, background: d, attributes: none)
            case .blockTitle: return Look(foreground: d, background: d, attributes: bold)
            case .selectedMatch: return Look(foreground: Int16(COLOR_BLACK), background: Int16(COLOR_CYAN), attributes: bold | underline)
            }
        case .full:
            switch role {
            case .normal: return Look(foreground: d, background: d, attributes: none)
            case .dim: return Look(foreground: 245, background: d, attributes: none)
            case .border: return Look(foreground: 240, background: d, attributes: none)
            case .heading: return Look(foreground: 74, background: d, attributes: bold)
            case .paneTitle: return Look(foreground: 250, background: 236, attributes: none)
            case .paneTitleFocused: return Look(foreground: 231, background: 24, attributes: bold)
            case .selected: return Look(foreground: 231, background: 31, attributes: bold)
            case .selectedUnfocused: return Look(foreground: d, background: 238, attributes: none)
            case .headerBar: return Look(foreground: 231, background: 24, attributes: none)
            case .clock: return Look(foreground: 231, background: 24, attributes: bold)
            case .tabActive: return Look(foreground: 24, background: 231, attributes: bold)
            // Body text keeps the terminal's own foreground: readable whatever the background.
            case .title: return Look(foreground: d, background: d, attributes: bold)
            case .untitled: return Look(foreground: 179, background: d, attributes: none)
            case .accent: return Look(foreground: 80, background: d, attributes: none)
            case .link: return Look(foreground: 75, background: d, attributes: underline)
            case .footerKey: return Look(foreground: 231, background: 238, attributes: bold)
            case .footerText: return Look(foreground: d, background: d, attributes: none)
            case .warning: return Look(foreground: 16, background: 214, attributes: bold)
            case .match: return Look(foreground: 220, background: d, attributes: bold | underline)
            case .qr: return Look(foreground: 16, background: 231, attributes: none)
            case .block: return Look(foreground: 252, background: 236, attributes: none)
            case .blockTitle: return Look(foreground: 231, background: 236, attributes: bold)
            case .selectedMatch: return Look(foreground: 231, background: 31, attributes: bold | underline)
            }
        }
    }

    /// For terminals with a light background: the same roles in darker inks and paler grounds,
    /// so yellow, cyan and white-on-grey do not vanish on white.
    private static func lightLook(_ role: StyleRole, _ depth: Depth) -> Look {
        let bold = hw_attr_bold(), underline = hw_attr_underline(), none = hw_attr_normal()
        let d: Int16 = -1
        switch depth {
        case .monochrome:
            return look(role, depth)
        case .eight:
            switch role {
            case .paneTitleFocused: return Look(foreground: Int16(COLOR_BLUE), background: d, attributes: bold)
            case .untitled: return Look(foreground: Int16(COLOR_MAGENTA), background: d, attributes: none)
            case .match: return Look(foreground: Int16(COLOR_RED), background: d, attributes: bold | underline)
            case .accent, .heading: return Look(foreground: Int16(COLOR_BLUE), background: d, attributes: role == .heading ? bold : none)
            default: return look(role, depth)
            }
        case .full:
            switch role {
            case .dim: return Look(foreground: 242, background: d, attributes: none)
            case .border: return Look(foreground: 248, background: d, attributes: none)
            case .heading: return Look(foreground: 25, background: d, attributes: bold)
            case .paneTitle: return Look(foreground: 236, background: 252, attributes: none)
            case .selectedUnfocused: return Look(foreground: d, background: 252, attributes: none)
            case .untitled: return Look(foreground: 130, background: d, attributes: none)
            case .accent: return Look(foreground: 30, background: d, attributes: none)
            case .link: return Look(foreground: 25, background: d, attributes: underline)
            case .match: return Look(foreground: 124, background: d, attributes: bold | underline)
            case .footerKey: return Look(foreground: 231, background: 240, attributes: bold)
            case .block: return Look(foreground: d, background: 254, attributes: none)
            case .blockTitle: return Look(foreground: d, background: 254, attributes: bold)
            default: return look(role, depth)
            }
        }
    }
}

/// What a cell means, not what colour it is: the backend maps roles to colours for 256-colour,
/// 8-colour and monochrome terminals (ncdu's style table).
public enum StyleRole: UInt8, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case heading
    case paneTitle
    case paneTitleFocused
    case selected
    case selectedUnfocused
    case headerBar
    case tabActive
    case clock
    case title
    /// A descriptive label standing in for an unknown title.
    case untitled
    case accent
    case link
    case border
    case footerKey
    case footerText
    case warning
    case match
    /// A QR code: dark modules on a light ground whatever the terminal's colours, so phones can read it.
    case qr
    /// A session's block in the room grid, and its first (title) row.
    case block
    case blockTitle
    /// A search match inside the selected row: the selection's colours, marked by underline.
    case selectedMatch

    /// One letter per role for snapshot legends.
    public var code: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .heading: "h"
        case .paneTitle: "p"
        case .paneTitleFocused: "P"
        case .selected: "S"
        case .selectedUnfocused: "s"
        case .headerBar: "H"
        case .tabActive: "T"
        case .clock: "c"
        case .title: "t"
        case .untitled: "u"
        case .accent: "a"
        case .link: "l"
        case .border: "b"
        case .footerKey: "K"
        case .footerText: "f"
        case .warning: "w"
        case .match: "m"
        case .qr: "Q"
        case .block: "B"
        case .blockTitle: "L"
        case .selectedMatch: "M"
        }
    }
}

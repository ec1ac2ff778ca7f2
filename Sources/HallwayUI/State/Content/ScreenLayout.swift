/// Where everything goes for a terminal size. Views draw into these rects and the reducer uses the
/// same numbers for page sizes and mouse hits, so the two never disagree.
public struct ScreenLayout: Sendable, Hashable {
    public static let minimum = Size(columns: 40, rows: 10)
    /// From this width the three panes sit side by side.
    public static let sideBySideColumns = 100

    public let size: Size
    public let header: Rect
    public let footer: Rect
    public let body: Rect
    public let sideBySide: Bool
    /// Narrow screens name the path to the visible pane here: "Speakers › Jimmy Song › …".
    public let breadcrumb: Rect?
    /// Each visible pane's whole area, title row included.
    public let panes: [Pane: Rect]

    public var isTooSmall: Bool { size.columns < Self.minimum.columns || size.rows < Self.minimum.rows }

    /// On the booth display the panes sit side by side only from here: below it, three panes leave
    /// the details too narrow for a talk's QR code beside its text, so one pane shows at a time.
    public static let kioskSideBySideColumns = 160

    /// `groupCount`, when known, lets a short list of groups leave the preview more rows.
    public init(size: Size, focus: Pane, kiosk: Bool = false, groupCount: Int? = nil) {
        self.size = size
        header = Rect(x: 0, y: 0, width: size.columns, height: 1)
        footer = Rect(x: 0, y: size.rows - 1, width: size.columns, height: 1)
        body = Rect(x: 0, y: 1, width: size.columns, height: size.rows - 2)
        sideBySide = size.columns >= (kiosk ? Self.kioskSideBySideColumns : Self.sideBySideColumns)
        if sideBySide {
            breadcrumb = nil
            // The detail pane gets the most room: it is where the reading happens.
            let groupsWidth = max(26, size.columns * 24 / 100)
            let sessionsWidth = max(32, size.columns * 33 / 100)
            let groups = Rect(x: 0, y: body.y, width: groupsWidth, height: body.height)
            let sessions = Rect(x: groups.maxX + 1, y: body.y, width: sessionsWidth, height: body.height)
            let detail = Rect(x: sessions.maxX + 1, y: body.y, width: size.columns - sessions.maxX - 1, height: body.height)
            panes = [.groups: groups, .sessions: sessions, .detail: detail]
        } else {
            breadcrumb = Rect(x: 0, y: body.y, width: size.columns, height: 1)
            let below = body.droppingTop(1)
            if focus == .groups, below.height >= 8 {
                // The first screen shows talks, not only group names: the groups on top, the
                // selected group's sessions under them as a preview with its own title row.
                let groupsHeight = min(below.height / 2, max(3, (groupCount ?? below.height) + 1))
                panes = [.groups: Rect(x: below.x, y: below.y, width: below.width, height: groupsHeight),
                         .sessions: Rect(x: below.x, y: below.y + groupsHeight, width: below.width, height: below.height - groupsHeight)]
            } else {
                panes = [focus: below]
            }
        }
    }

    /// Whether a pane has a title row: every pane side by side, and the preview under the groups.
    public func isTitled(_ pane: Pane) -> Bool {
        sideBySide || (pane == .sessions && panes[.groups] != nil)
    }

    /// A pane's rows below its title row.
    public func content(of pane: Pane) -> Rect? {
        guard let rect = panes[pane] else { return nil }
        return isTitled(pane) ? rect.droppingTop(1) : rect
    }

    public func visibleRows(of pane: Pane) -> Int {
        content(of: pane)?.height ?? max(1, body.height - 2)
    }

    /// Columns the detail pane wraps to (one column of margin each side).
    public var detailTextWidth: Int {
        max(1, (panes[.detail]?.width ?? size.columns) - 2)
    }
}

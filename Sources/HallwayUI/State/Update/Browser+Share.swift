import ScheduleKit

/// An address to copy or show as a code, with a word for what it leads to.
public struct SharedLink: Equatable, Sendable {
    public var url: String
    /// "video", "slides", … for a talk's links; "room" for where it takes place.
    public var label: String
}

extension Browser {
    /// What `y` copies and `Q` shows: the address under the cursor in the details, else the talk's own.
    public func sharedLink(_ state: AppState) -> SharedLink? {
        if let address = detailCursorLine(state)?.link { return SharedLink(url: address, label: "link") }
        return selectedSession(state).flatMap(sharedLink(of:))
    }

    /// The link a talk is shared by: its recording, else slides, code, its page, …, else a page
    /// that shows its room (a venue map).
    public func sharedLink(of session: Session) -> SharedLink? {
        let preference: [Link.Kind] = [.video, .slides, .code, .schedule, .website, .report, .background, .other, .cfp]
        if let link = preference.lazy.compactMap({ kind in session.links.first { $0.kind == kind } }).first {
            return SharedLink(url: link.url, label: link.kind.rawValue)
        }
        return index.room(of: session)?.url.map { SharedLink(url: $0, label: "room") }
    }

    /// On the booth display, the selected session's link as a QR code to scan, when it has a link
    /// and the details pane has room for the code beside some text.
    public func handOff(_ state: AppState) -> (link: SharedLink, code: QRCode)? {
        guard state.kiosk != nil, let session = selectedSession(state) else { return nil }
        guard let link = sharedLink(of: session), let code = shareCode(link.url) else { return nil }
        let layout = layout(state)
        guard let detail = layout.content(of: .detail) ?? layout.panes[.detail],
              detail.width >= code.width + 24, detail.height >= code.rows.count else { return nil }
        return (link, code)
    }

    /// `y` and `Q`: the link copied, or shown as a code.
    func reduceSharing(_ state: inout AppState, _ action: Action, effects: inout [Effect]) -> Bool {
        switch action {
        case .copyLink:
            guard state.kiosk == nil, selectedSession(state) != nil else { break }
            if let link = sharedLink(state) {
                effects.append(.copyToClipboard(link.url))
                state.programNotice = ProgramNotice("copied: " + TerminalSafe.line(link.url))
            } else {
                state.programNotice = ProgramNotice("this session has no link to copy", isWarning: true)
            }
        case .toggleShareCode:
            if state.showShareCode {
                state.showShareCode = false
            } else if selectedSession(state) != nil {
                if sharedLink(state) == nil {
                    state.programNotice = ProgramNotice("this session has no link to show as a code", isWarning: true)
                } else {
                    state.showShareCode = true
                }
            }
        default:
            return false
        }
        return true
    }
}

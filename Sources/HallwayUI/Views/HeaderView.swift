import FoundationEssentials
import Glibc
import ScheduleKit

/// The top row: conference name, the view tabs, the clock.
enum HeaderView {
    struct Tab {
        var view: ViewKind
        var label: String
        var columns: Range<Int>
    }

    static func draw(_ state: AppState, catalog: Catalog, layout: ScreenLayout, into buffer: inout CellBuffer) {
        let row = layout.header
        buffer.fill(row, role: .headerBar)
        let clock = statusText(state, catalog: catalog, width: row.width)
        var clockColumn = row.maxX - TextWidth.width(of: clock) - 1
        buffer.write(clock, x: clockColumn, y: row.y, role: .clock)
        if let notice = state.programNotice {
            // Left of the clock, cut to what leaves the tabs their room.
            let room = clockColumn - 2 - tabsWidth(for: state, catalog: catalog, width: row.width) - 2
            let text = TextWidth.truncate(notice.text, to: max(0, min(room, row.width / 3)))
            if !text.isEmpty {
                clockColumn -= TextWidth.width(of: text) + 2
                buffer.write(text, x: clockColumn, y: row.y, role: notice.isWarning ? .warning : .headerBar)
            }
        }

        let tabs = tabs(for: state, catalog: catalog, width: row.width)
        let nameWidth = (tabs.first?.columns.lowerBound ?? clockColumn) - 2
        buffer.writeFitted(" " + catalog.index.conference.name, x: 0, y: row.y, width: max(0, nameWidth), role: .headerBar)
        for tab in tabs {
            buffer.write(tab.label, x: tab.columns.lowerBound, y: row.y, role: tab.view == state.view ? .tabActive : .headerBar)
        }
    }

    /// Tab positions, shared with mouse hit-testing. Labels shrink to numbers when space is short,
    /// but the current view always keeps its name.
    static func tabs(for state: AppState, catalog: Catalog, width: Int) -> [Tab] {
        let clockWidth = TextWidth.width(of: statusText(state, catalog: catalog, width: width)) + 2
        let wholeNameWidth = TextWidth.width(of: catalog.index.conference.name) + 3
        let nameWidth = min(wholeNameWidth, 24)
        let views = ViewKind.offered(in: state, catalog: catalog)
        let full = views.map { " \($0.rawValue) \($0.title) " }
        let compact = views.map { $0 == state.view ? " \($0.rawValue) \($0.title) " : " \($0.rawValue) " }
        // A notice (a reminder, "offline") takes its room first: the tabs shrink to numbers for it.
        let noticeWidth = state.programNotice.map { min(TextWidth.width(of: $0.text), width / 3) + 2 } ?? 0
        let available = width - clockWidth - noticeWidth
        func placed(_ labels: [String], at start: Int) -> [Tab] {
            var column = start
            return zip(views, labels).map { view, label in
                defer { column += TextWidth.width(of: label) }
                return Tab(view: view, label: label, columns: column..<(column + TextWidth.width(of: label)))
            }
        }
        // Full labels after the whole name when the row holds both ("18. Kieler Open Source und
        // Linux Tage" was cut at 200 columns with 80 free); else after the name cut to 24
        // columns, or to 14; else numbers (the current view keeps its name); else numbers as far
        // left as they fit.
        for (labels, room) in [(full, wholeNameWidth), (full, nameWidth), (full, min(nameWidth, 14)), (compact, nameWidth)] {
            let total = labels.reduce(0) { $0 + TextWidth.width(of: $1) }
            if room + total <= available { return placed(labels, at: room) }
        }
        let total = compact.reduce(0) { $0 + TextWidth.width(of: $1) }
        return total + 1 <= available ? placed(compact, at: max(1, available - total)) : []
    }

    private static func tabsWidth(for state: AppState, catalog: Catalog, width: Int) -> Int {
        tabs(for: state, catalog: catalog, width: width).last?.columns.upperBound ?? 0
    }

    /// The clock, after "filtered 812/1007 · " when a filter hides sessions, so nobody wonders
    /// where they went.
    static func statusText(_ state: AppState, catalog: Catalog, width: Int) -> String {
        let clock = clockText(state, conference: catalog.index.conference, width: width)
        guard let (shown, total) = catalog.filteredCount(state.filter) else { return clock }
        return "filtered \(shown)/\(total) · " + clock
    }

    /// "Fri 27 Nov 20:05 venue" from 120 columns, "20:05 venue" below (the tabs need the room).
    static func clockText(_ state: AppState, conference: Conference, width: Int) -> String {
        let zone = state.clock.zone(for: conference)
        let time = SessionTimeText.hourMinute(state.now, in: zone)
        // A venue whose zone the file does not give is shown in the reader's zone, and says so; a
        // zone chosen with --tz is named, since it may be neither the venue's nor the reader's.
        let label: String
        switch state.clock {
        case .venue: label = conference.timeZoneIsKnown ? "venue" : "local"
        case .zone(let chosen): label = keepsTheSameTime(chosen, state.machineZone, around: state.now) ? "local" : chosen.displayName
        }
        guard width >= 120 else { return "\(time) \(label)" }
        let day = CivilDate(state.now, in: zone).shortDisplay.split(separator: " ").prefix(3).joined(separator: " ")
        // Where there is room, a program that names no zone says so (its times are as written).
        let unknown = state.clock == .venue && !conference.timeZoneIsKnown ? " · venue zone not given" : ""
        return "\(day) \(time) \(label)\(unknown)"
    }

    /// Two names for one clock ("UTC", "Etc/UTC"): the same offset now and the same next change.
    static func keepsTheSameTime(_ a: Zone, _ b: Zone, around instant: Date) -> Bool {
        a.identifier == b.identifier || (a.secondsFromGMT(for: instant) == b.secondsFromGMT(for: instant)
            && a.nextOffsetChange(after: instant) == b.nextOffsetChange(after: instant))
    }
}

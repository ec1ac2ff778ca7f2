import FoundationEssentials
import Glibc
import ScheduleKit

/// The booth's idle screen: a large clock and date, one rotating slide about the program, and an
/// invitation to press a key.
enum AttractView {
    static func draw(_ kiosk: KioskState, _ state: AppState, browser: Browser, into buffer: inout CellBuffer) {
        let area = drawTop(state, browser: browser, into: &buffer)
        let slides = browser.attractSlides
        let slide = slides.isEmpty ? nil : slides[kiosk.slide % slides.count]
        if slide == .nowAndNext {
            NowBoard.draw(state, browser: browser, page: kiosk.boardPage, area: area, into: &buffer)
        } else if let slide {
            drawSlide(slide, state, browser: browser, area: area, &buffer)
        }
        centered("Press any key to explore the program", y: state.size.rows - 2, role: .footerKey, &buffer)
    }

    /// Where the slides go on this screen: below the name, the clock and the date.
    static func slideArea(_ state: AppState, browser: Browser) -> Rect {
        var scratch = CellBuffer(size: state.size)
        return drawTop(state, browser: browser, into: &scratch)
    }

    /// The name, the big clock and the date; returns the area left for the slide.
    private static func drawTop(_ state: AppState, browser: Browser, into buffer: inout CellBuffer) -> Rect {
        let size = state.size
        let conference = browser.index.conference
        let zone = state.clock.zone(for: conference)
        var y = 1
        // On a large screen the name is a headline in block letters (when its letters have
        // glyphs), the Chinese name under it; elsewhere one line holds both.
        let pixelWidth = (1...3).last { BlockLetters.width(of: conference.name, pixelWidth: $0) <= size.columns - 4 } ?? 0
        if size.rows >= 36, size.columns >= 120, pixelWidth > 0, let headline = BlockLetters.render(conference.name, pixelWidth: pixelWidth) {
            for line in headline {
                centered(line, y: y, role: .title, &buffer)
                y += 1
            }
            if let chinese = conference.nameZh {
                centered(chinese, y: y, role: .title, &buffer)
                y += 1
            }
            y += 1
        } else {
            let name = conference.name + (conference.nameZh.map { " · " + $0 } ?? "")
            centered(name, y: y, role: .title, &buffer)
            y += 2
        }
        if size.rows >= 20 {
            let time = SessionTimeText.hourMinute(state.now, in: zone)
            for line in BlockDigits.render(time, scale: BlockDigits.scale(for: size, characters: time.count)) {
                centered(line, y: y, role: .accent, &buffer)
                y += 1
            }
            y += 1
        }
        centered("\(CivilDate(state.now, in: zone).shortDisplay) · \(zone.displayName)", y: y, role: .dim, &buffer)
        y += 2
        return Rect(x: 2, y: y, width: max(0, size.columns - 4), height: max(0, size.rows - 3 - y))
    }

    static func centered(_ text: String, y: Int, role: StyleRole, _ buffer: inout CellBuffer) {
        let fitted = TextWidth.truncate(text, to: buffer.size.columns - 2)
        let x = max(1, (buffer.size.columns - TextWidth.width(of: fitted)) / 2)
        buffer.write(fitted, x: x, y: y, role: role)
    }

    private static func drawSlide(_ slide: AttractSlide, _ state: AppState, browser: Browser, area: Rect, _ buffer: inout CellBuffer) {
        let index = browser.index
        var lines: [DetailLine] = []
        switch slide {
        case .session(let position):
            let session = index.sessions[position]
            lines.append(DetailLine(session.displayTitle, session.hasKnownTitle ? .title : .untitled))
            if let chinese = session.title(language: "zh"), session.title(language: "en") != nil {
                lines.append(DetailLine(chinese.text, .title))
            }
            lines.append(DetailLine(""))
            for speaker in index.speakers(of: session) {
                lines.append(DetailLine(speaker.fullName + (speaker.organization.map { " · " + $0.qualifiedName } ?? "")))
            }
            let topics = index.topics(of: session).map { "#" + $0.name }.joined(separator: "  ")
            if !topics.isEmpty { lines += [DetailLine(""), DetailLine(topics, .accent)] }
            lines += [DetailLine(""), DetailLine(SessionTimeText.full(session, conference: index.conference, mode: state.clock), .dim)]
            // Where the board has rows to spare, the summary fills them, in lines a reader can follow.
            if let summary = session.summary, area.height - lines.count >= 6 {
                let wrapped = TextWidth.wrap(TerminalSafe.paragraphs(summary), to: min(area.width - 4, 90))
                let room = area.height - lines.count - 1
                lines += [DetailLine("")] + wrapped.prefix(room).map { DetailLine($0) }
            }
        case .tracks:
            lines.append(DetailLine(index.conference.tracksAreEditorial ? "Tracks (editorial)" : "Tracks", .heading))
            lines.append(DetailLine(""))
            for track in index.conference.tracks {
                lines.append(DetailLine("\(track.name) · \(index.sessionCount(track: track.id)) sessions"))
            }
        case .speakers:
            lines.append(DetailLine("Speakers", .heading))
            lines.append(DetailLine(""))
            let names = index.speakersSortedByName().map { speaker in
                speaker.fullName + (speaker.organization.map { " · " + $0.qualifiedName } ?? "")
            }
            lines += names.map { DetailLine($0) }
        case .nowAndNext:
            break  // NowBoard draws it
        }
        // A heading stays on top; a long list under it flows into columns of equal height, so every
        // speaker fits a booth screen and each column starts on the same row.
        let headingCount = lines.prefix(2).count == 2 && lines[0].role == .heading && lines[1].text.isEmpty ? 2 : 0
        let body = Array(lines.dropFirst(headingCount))
        let listArea = Rect(x: area.x, y: area.y + headingCount, width: area.width, height: max(0, area.height - headingCount))
        let rows = max(1, listArea.height)
        let columns = max(1, (body.count + rows - 1) / rows)
        let columnWidth = max(1, listArea.width / columns)
        // A short slide sits in the middle of the space the board has, not at its top.
        let used = headingCount + min(body.count, rows)
        let top = area.y + max(0, (area.height - used) / 2)
        if headingCount > 0 {
            let heading = TextWidth.truncate(lines[0].text, to: area.width)
            buffer.write(heading, x: area.x + max(0, (area.width - TextWidth.width(of: heading)) / 2), y: top, role: lines[0].role, clip: area)
        }
        for (number, line) in body.enumerated() {
            let column = number / rows
            let x = listArea.x + column * columnWidth
            let text = TextWidth.truncate(line.text, to: columnWidth - 2)
            let centeredX = columns == 1 ? max(listArea.x, listArea.x + (listArea.width - TextWidth.width(of: text)) / 2) : x
            buffer.write(text, x: centeredX, y: top + headingCount + number % rows, role: line.role, clip: area)
        }
    }
}

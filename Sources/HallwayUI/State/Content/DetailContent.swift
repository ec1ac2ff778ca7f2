import ScheduleKit

public struct DetailLine: Sendable, Hashable {
    public var text: String
    public var role: StyleRole
    /// Where Enter on this line leads.
    public var target: SearchEntity?
    public var indent: Int
    /// A web address Enter hands to the desktop (`xdg-open`), outside the kiosk.
    public var link: String?

    public init(_ text: String, _ role: StyleRole = .normal, target: SearchEntity? = nil, indent: Int = 0, link: String? = nil) {
        self.text = text
        self.role = role
        self.target = target
        self.indent = indent
        self.link = link
    }

    /// Whether Enter does something here: `]` and `[` step between such lines.
    public var isFollowable: Bool { target != nil || link != nil }
}

/// Everything known about one session, as lines wrapped to a width: titles in every language,
/// speakers, track, time and room (or that they were not published), topics, summary, links,
/// and where each fact comes from.
public enum DetailContent {
    /// `overlaps` are the other starred sessions this one, starred too, clashes with.
    public static func lines(for session: Session, in index: ScheduleIndex, width: Int, clock: ClockMode,
                             starred: Bool = false, overlaps: [Session] = [], change: SessionChange? = nil) -> [DetailLine] {
        let safe = TerminalSafe.line
        var lines: [DetailLine] = []
        func add(_ text: String, _ role: StyleRole = .normal, target: SearchEntity? = nil, indent: Int = 0, link: String? = nil) {
            for (number, piece) in TextWidth.wrap(text, to: max(1, width - indent)).enumerated() {
                // Every piece of a wrapped address is the link (to click or follow); a target only its first line.
                lines.append(DetailLine(piece, role, target: number == 0 ? target : nil, indent: indent, link: link))
            }
        }
        func gap() { if lines.last?.text.isEmpty == false { lines.append(DetailLine("")) } }

        if session.titles.isEmpty {
            add(safe(session.label ?? session.id), .untitled)
            add("No title was published for this session.", .dim)
        }
        for title in session.titles {
            add(safe(title.text), .title)
            if title.certainty != .confirmed {
                add("\(title.certainty.rawValue) title, from \(title.sourceIDs.joined(separator: ", "))", .dim, indent: 2)
            }
        }
        if let subtitle = session.subtitle { add(safe(subtitle)) }
        for alias in session.aliases {
            add("Also listed as: \(safe(alias.text)) (\(alias.certainty.rawValue))", .dim)
        }
        if session.cancelled, change?.kinds.contains(.cancelled) != true {
            add("✗ Cancelled", .warning)
        }
        if let change {
            // What changed since the release seen before, old → new, before anything else.
            gap()
            let zone = clock.zone(for: index.conference)
            for kind in change.kinds {
                let what = ChangeText.detail(kind, of: change, in: zone)
                let mark = kind == .cancelled ? "✗ Cancelled" : "Δ \(kind.heading)"
                add(what.isEmpty ? mark : "\(mark): \(what)", .warning)
            }
        }

        gap()
        // The kind as the file gives it; a file with no kinds (iCalendar) leaves it out rather than guess.
        let kind = session.typeName.map { safe(capitalizedFirst($0)) } ?? (session.kind == .other ? nil : session.kind.rawValue.capitalized)
        let track = session.trackID.flatMap(index.track(id:))
        let kindLine = [kind, track.map { safe($0.name) }].compactMap { $0 }.joined(separator: " · ")
        if !kindLine.isEmpty { add(kindLine, .accent, target: track.map { .track($0.id) }) }
        add(SessionTimeText.full(session, conference: index.conference, mode: clock))
        // In another zone, the venue's time too: it is what the printed program and the room signs say.
        if clock != .venue, session.start != nil, index.conference.timeZoneIsKnown,
           clock.zone(for: index.conference).secondsFromGMT(for: session.start!) != index.conference.timeZone.secondsFromGMT(for: session.start!) {
            add("Venue: " + SessionTimeText.full(session, conference: index.conference, mode: .venue), .dim)
        }
        if let room = index.room(of: session) {
            add("Room: \(safe(room.name))")
            // Where the file says the room is, and the page that shows it (Q makes it a code).
            if let location = room.location { add(TerminalSafe.paragraphs(location), .dim, indent: 2) }
            if let url = room.url { add(safe(url), .link, indent: 2, link: Self.openable(url)) }
        } else {
            add("Room not published", .dim)
        }
        if let language = session.language { add("Language: \(safe(LanguageName.display(language)))") }
        if starred { add("★ In your agenda", .accent) }
        for other in overlaps {
            add("! Overlaps your starred \"\(safe(other.displayTitle))\" (\(SessionTimeText.clock(other, in: clock.zone(for: index.conference)) ?? ""))", .warning)
        }
        if session.recorded == false { add("Not recorded", .dim) }

        let speakers = index.speakers(of: session)
        if !speakers.isEmpty {
            gap()
            add((speakers.count == 1 ? "Speaker" : "Speakers") + (session.speakersInferred ? " (inferred from the title)" : ""), .heading)
            for speaker in speakers {
                var text = safe(speaker.fullName)
                if let organization = speaker.organization { text += " · \(safe(organization.qualifiedName))" }
                add(text, target: .speaker(speaker.id), indent: 2)
            }
        }

        let topics = index.topics(of: session)
        if !topics.isEmpty {
            gap()
            add("Topics", .heading)
            for topic in topics { add("#\(safe(topic.name))", .accent, target: .topic(topic.id), indent: 2) }
        }

        if let summary = session.summary, !summary.isEmpty {
            gap()
            add("Summary", .heading)
            add(TerminalSafe.paragraphs(summary), indent: 2)
        }

        if let details = session.details, !details.isEmpty {
            gap()
            add("Description", .heading)
            add(TerminalSafe.paragraphs(details), indent: 2)
        }

        if !session.links.isEmpty {
            gap()
            add("Links", .heading)
            for link in session.links {
                add("\(link.kind.rawValue): \(safe(link.title ?? link.kind.rawValue))", indent: 2)
                add(safe(link.url), .link, indent: 4, link: Self.openable(link.url))
            }
        }

        if let notes = session.notes, !notes.isEmpty {
            gap()
            add("Notes", .heading)
            add(TerminalSafe.paragraphs(notes), .dim, indent: 2)
        }

        let sources = session.sourceIDs.compactMap(index.source(id:))
        if !sources.isEmpty {
            gap()
            add("Sources", .heading)
            for source in sources {
                add("\(safe(source.id)) \(safe(source.title))", .dim, indent: 2)
                if let url = source.url { add(safe(url), .link, indent: 5, link: Self.openable(url)) }
            }
        }
        return lines
    }

    /// Only http(s) addresses with nothing a shell or a terminal could take for something else.
    static func openable(_ url: String) -> String? {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"),
              !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "\"" || $0 == "'" || $0 == "`" || TerminalSafe.isDangerous($0) }) else { return nil }
        return url
    }

    /// "lecture" reads as "Lecture"; "Talk" and "DJ set" stay as they are.
    static func capitalizedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}

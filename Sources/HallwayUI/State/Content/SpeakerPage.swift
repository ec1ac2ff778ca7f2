import ScheduleKit

/// What the Speakers view shows above a speaker's sessions: organisation, biography and links,
/// where the file has them. The biography is cut after a few lines so the sessions stay in view.
enum SpeakerPage {
    static let biographyLines = 8

    static func rows(for speaker: Speaker, width: Int) -> [SessionRow] {
        let safe = TerminalSafe.line
        let width = max(10, width)
        var rows: [SessionRow] = []
        if let organization = speaker.organization {
            rows.append(.note(safe(organization.qualifiedName), .accent))
        }
        if let biography = speaker.biography, !biography.isEmpty {
            var lines = TextWidth.wrap(TerminalSafe.paragraphs(biography), to: width).filter { !$0.isEmpty }
            if lines.count > biographyLines {
                lines = Array(lines.prefix(biographyLines))
                lines[biographyLines - 1] = TextWidth.truncate(lines[biographyLines - 1] + " …", to: width)
            }
            rows += lines.map { .note($0, .normal) }
        }
        for link in speaker.links {
            rows.append(.note(TextWidth.truncate(safe(link.url), to: width), .link))
        }
        guard !rows.isEmpty else { return [] }
        return rows + [.heading("Sessions")]
    }
}

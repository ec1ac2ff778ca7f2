import FoundationEssentials
import Glibc

/// Caps on how long a field may be, applied to every program whatever its format. No real
/// schedule comes near them (38C3's longest title is 107 characters, its longest description
/// about 9,000); a file past them is broken or hostile, and one 1 MB title would otherwise be
/// measured and wrapped on every frame. A cut field ends in "…" and `validate` names it.
enum FieldLimits {
    /// Names, titles, rooms, tracks, topics, labels: one line on screen.
    static let line = 500
    /// Summaries, descriptions, biographies, notes.
    static let text = 20_000
    /// Links and ids.
    static let reference = 2_000

    static func apply(to conference: inout Conference, sink: DiagnosticSink) {
        func cut(_ text: inout String, _ limit: Int, _ what: @autoclosure () -> String) {
            guard over(text, limit) else { return }
            let length = text.count
            text = String(text.prefix(limit - 1)) + "…"
            sink.report(.file, "\(what()) is \(length) characters long; cut to \(limit)", severity: .warning)
        }
        func cut(_ text: inout String?, _ limit: Int, _ what: @autoclosure () -> String) {
            guard var value = text else { return }
            cut(&value, limit, what())
            text = value
        }
        cut(&conference.name, line, "the conference's name")
        // What needs cutting is found by reading alone, and only that is written: a loop that
        // may write makes its array unique before it starts (the optimiser hoists the check),
        // which copied every session and speaker whenever another holder shared the array (the
        // whole-program check does, on another thread), and each session's titles with them.
        let longSessions = conference.sessions.indices.filter { isOverLimits(conference.sessions[$0]) }
        let longSpeakers = conference.speakers.indices.filter { isOverLimits(conference.speakers[$0]) }
        let longTracks = conference.tracks.indices.filter { over(conference.tracks[$0].name, line) }
        let longTopics = conference.topics.indices.filter { over(conference.topics[$0].name, line) }
        let longRooms = conference.rooms.indices.filter { over(conference.rooms[$0].name, line) }
        for index in longSessions {
            let id = String(conference.sessions[index].id.prefix(80))
            var session = conference.sessions[index]
            for title in session.titles.indices { cut(&session.titles[title].text, line, "session \"\(id)\": its title") }
            for alias in session.aliases.indices { cut(&session.aliases[alias].text, line, "session \"\(id)\": a title") }
            cut(&session.label, line, "session \"\(id)\": its label")
            cut(&session.subtitle, line, "session \"\(id)\": its subtitle")
            cut(&session.typeName, line, "session \"\(id)\": its type")
            cut(&session.summary, text, "session \"\(id)\": its summary")
            if session.detailsByteCountUpperBound > text { cut(&session.details, text, "session \"\(id)\": its description") }
            cut(&session.notes, text, "session \"\(id)\": its notes")
            session.links = session.links.filter { $0.url.utf8.count <= reference }
            conference.sessions[index] = session
        }
        for index in longSpeakers {
            let id = String(conference.speakers[index].id.prefix(80))
            cut(&conference.speakers[index].name, line, "speaker \"\(id)\": the name")
            cut(&conference.speakers[index].nameZh, line, "speaker \"\(id)\": the Chinese name")
            cut(&conference.speakers[index].biography, text, "speaker \"\(id)\": the biography")
            if conference.speakers[index].organization != nil {
                cut(&conference.speakers[index].organization!.name, line, "speaker \"\(id)\": the organisation")
            }
            conference.speakers[index].links = conference.speakers[index].links.filter { $0.url.utf8.count <= reference }
        }
        for index in longTracks { cut(&conference.tracks[index].name, line, "a track's name") }
        for index in longTopics { cut(&conference.topics[index].name, line, "a topic's name") }
        for index in longRooms { cut(&conference.rooms[index].name, line, "a room's name") }
    }

    /// Decided on the stored length alone when that is within the limit: reading every summary
    /// back from the file to measure it would undo what leaving it there saves.
    private static func over(_ text: LongText?, _ limit: Int) -> Bool {
        guard let text, text.byteCountUpperBound > limit else { return false }
        return over(text.string, limit)
    }

    private static func over(_ text: String?, _ limit: Int) -> Bool {
        guard let text else { return false }
        // Characters are never more than UTF-8 bytes, so most fields are passed on the byte count alone.
        return text.utf8.count > limit && text.count > limit
    }

    // These list the fields `apply` cuts, for the pass that only reads (key paths would say each
    // once, but making them per field was a tenth of a 100,000-session load). A field added
    // there goes here too; FieldLimitTests cuts every one.
    private static func isOverLimits(_ session: Session) -> Bool {
        var longTitle = false
        session.forEachTitleText { longTitle = longTitle || over($0, line) }
        return longTitle || session.aliases.contains { over($0.text, line) }
            || over(session.label, line) || over(session.subtitle, line) || over(session.typeName, line)
            || over(session.summaryText, text) || (session.detailsByteCountUpperBound > text && over(session.details, text)) || over(session.notes, text)
            || session.links.contains { $0.url.utf8.count > reference }
    }

    private static func isOverLimits(_ speaker: Speaker) -> Bool {
        over(speaker.name, line) || over(speaker.nameZh, line) || over(speaker.biography, text) || over(speaker.organization?.name, line)
            || speaker.links.contains { $0.url.utf8.count > reference }
    }
}

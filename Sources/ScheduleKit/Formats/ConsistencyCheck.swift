import FoundationEssentials
import Glibc

/// Checks that need the whole conference: duplicate ids, references that do not resolve,
/// impossible times and room clashes. Every problem is reported, each at its JSON path.
enum ConsistencyCheck {
    static func run(_ conference: Conference, map: SourceMap, sink: DiagnosticSink) {
        let sourceIDs = uniqueIDs(conference.sources.map(\.id), paths: map.sources, kind: "source", sink: sink)
        let trackIDs = uniqueIDs(conference.tracks.map(\.id), paths: map.tracks, kind: "track", sink: sink)
        let topicIDs = uniqueIDs(conference.topics.map(\.id), paths: map.topics, kind: "topic", sink: sink)
        let roomIDs = uniqueIDs(conference.rooms.map(\.id), paths: map.rooms, kind: "room", sink: sink)
        let speakerIDs = uniqueIDs(conference.speakers.map(\.id), paths: map.speakers, kind: "speaker", sink: sink)
        _ = uniqueIDs(conference.sessions.map(\.id), paths: map.sessions, kind: "session", sink: sink)

        // Paths are made only for a problem: made for every reference, they were most of this check's allocations.
        func checkSources(_ ids: [String], at path: @autoclosure () -> JSONPath) {
            for (index, id) in ids.enumerated() where sourceIDs[id] == nil {
                sink.error(at: path().appending(index), "unknown source \"\(id)\"")
            }
        }

        checkSources(conference.sourceIDs, at: map.conference.appending("sources"))
        for (index, id) in conference.programCommitteeIDs.enumerated() where speakerIDs[id] == nil {
            sink.error(at: map.conference.appending("programCommittee").appending(index), "unknown speaker \"\(id)\"")
        }

        for position in 0..<min(conference.speakers.count, map.speakers.count) {
            let path = { map.speakers[position] }
            checkSources(conference.speakers[position].sourceIDs, at: path().appending("sources"))
            if let organization = conference.speakers[position].organization {
                checkSources(organization.sourceIDs, at: path().appending("organization").appending("sources"))
            }
        }

        let conferenceDays = Set(conference.days)
        // By position, not by value: iterating sessions copies each (a score of references to count).
        for position in 0..<min(conference.sessions.count, map.sessions.count) {
            let session = conference.sessions[position]
            let path = { map.sessions[position] }
            for (index, id) in session.speakerIDs.enumerated() where speakerIDs[id] == nil {
                sink.error(at: path().appending("speakers").appending(index), "unknown speaker \"\(id)\"")
            }
            for (index, id) in session.topicIDs.enumerated() where topicIDs[id] == nil {
                sink.error(at: path().appending("topics").appending(index), "unknown topic \"\(id)\"")
            }
            if let track = session.trackID, trackIDs[track] == nil {
                sink.error(at: path().appending("track"), "unknown track \"\(track)\"")
            }
            if let room = session.roomID, roomIDs[room] == nil {
                sink.error(at: path().appending("room"), "unknown room \"\(room)\"")
            }
            checkSources(session.sourceIDs, at: path().appending("sources"))
            for (index, title) in session.titles.enumerated() {
                checkSources(title.sourceIDs, at: path().appending("titles").appending(index).appending("sources"))
            }
            if let day = session.day, !conferenceDays.isEmpty, !conferenceDays.contains(day) {
                sink.error(at: path().appending("day"), "\(day) is not one of the conference's days")
            }
            if let start = session.start, let day = session.day, !day.holds(start, in: conference.timeZone) {
                sink.error(at: path().appending("start"), "starts on \(CivilDate(start, in: conference.timeZone)) in \(conference.timeZone.identifier), not on its day \(day) (nor in the night after it)")
            }
            if let start = session.start, let end = session.end, end <= start {
                sink.error(at: path().appending("end"), "ends at or before it starts")
            }
            if session.end != nil, session.start == nil {
                sink.error(at: path().appending("end"), "has an end but no start")
            }
        }
        reportRoomClashes(conference, map: map, sink: sink)
    }

    /// Reports each id seen before, at the later place, naming where it first appeared. The
    /// answer is each id with where it first appeared: one table serves both the report and the
    /// lookups that follow.
    private static func uniqueIDs(_ ids: [String], paths: ItemPaths, kind: String, sink: DiagnosticSink) -> [String: Int] {
        var firstSeen: [String: Int] = Dictionary(minimumCapacity: ids.count)
        for position in 0..<min(ids.count, paths.count) {
            if let first = firstSeen[ids[position]] {
                sink.error(at: paths[position].appending("id"), "duplicate \(kind) id \"\(ids[position])\" (first at \(paths[first]))")
            } else {
                firstSeen[ids[position]] = position
            }
        }
        return firstSeen
    }

    private static func reportRoomClashes(_ conference: Conference, map: SourceMap, sink: DiagnosticSink) {
        for overlap in RoomOverlaps.find(conference.sessions) {
            let other = conference.sessions[overlap.earlier]
            sink.error(at: map.sessions[overlap.later].appending("start"),
                       "overlaps \"\(other.id)\" (\(map.sessions[overlap.earlier])) in room \"\(overlap.room)\"")
        }
    }
}

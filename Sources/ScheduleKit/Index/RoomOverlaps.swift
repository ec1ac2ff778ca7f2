import Foundation

/// Sessions booked into one room at the same time. Hallway's own format refuses them; other
/// producers' files do have them (EventFahrplan's LIMITATIONS.md), so there they are warnings.
enum RoomOverlaps {
    struct Overlap {
        var room: String
        /// Positions in the list given: the session that starts inside `earlier`'s slot, and `earlier`.
        var later: Int
        var earlier: Int
    }

    /// Each session that starts before the latest-ending earlier session in its room has ended.
    static func find(_ sessions: [Session]) -> [Overlap] {
        var byRoom: [String: [(start: Date, end: Date, index: Int)]] = [:]
        for (index, session) in sessions.enumerated() {
            guard let room = session.roomID, let start = session.start, let end = session.end, end > start else { continue }
            byRoom[room, default: []].append((start, end, index))
        }
        var overlaps: [Overlap] = []
        for room in byRoom.keys.sorted() {
            let slots = byRoom[room]!.sorted { ($0.start, $0.index) < ($1.start, $1.index) }
            var latest = slots[0]
            for slot in slots.dropFirst() {
                if slot.start < latest.end { overlaps.append(Overlap(room: room, later: slot.index, earlier: latest.index)) }
                if slot.end > latest.end { latest = slot }
            }
        }
        return overlaps
    }
}

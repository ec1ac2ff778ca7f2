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
        // Positions only, four bytes a session: with each start and end beside them this table
        // was the largest thing made after a program's sessions, at the peak of reading a file.
        var byRoom: [String: [Int32]] = [:]
        for index in sessions.indices {
            guard let room = sessions[index].roomID, let start = sessions[index].start, let end = sessions[index].end, end > start else { continue }
            byRoom[room, default: []].append(Int32(index))
        }
        var overlaps: [Overlap] = []
        for room in byRoom.keys.sorted() {
            let slots = byRoom[room]!.sorted { (sessions[Int($0)].start!, $0) < (sessions[Int($1)].start!, $1) }
            var latest = Int(slots[0])
            for slot in slots.dropFirst().lazy.map(Int.init) {
                if sessions[slot].start! < sessions[latest].end! { overlaps.append(Overlap(room: room, later: slot, earlier: latest)) }
                if sessions[slot].end! > sessions[latest].end! { latest = slot }
            }
        }
        return overlaps
    }
}

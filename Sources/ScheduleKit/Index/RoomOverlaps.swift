import FoundationEssentials
import Glibc

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
        var placeOf: [String: Int32] = [:], roomIDs: [String] = []
        let rooms = sessions.indices.map { index -> Int32 in
            guard let room = sessions[index].roomID else { return -1 }
            if let place = placeOf[room] { return place }
            placeOf[room] = Int32(roomIDs.count)
            roomIDs.append(room)
            return Int32(roomIDs.count - 1)
        }
        return find(sessions, rooms: rooms, roomIDs: roomIDs)
    }

    /// The same, with each session's room given as its place in `roomIDs` (-1 for none; no id
    /// twice), as a reader that numbered its rooms knows them: no id is hashed for each session.
    static func find(_ sessions: [Session], rooms: [Int32], roomIDs: [String]) -> [Overlap] {
        // Positions only, four bytes a session: with each start and end beside them this table
        // was the largest thing made after a program's sessions, at the peak of reading a file.
        var byRoom = [[Int32]](repeating: [], count: roomIDs.count)
        for index in sessions.indices {
            guard rooms[index] >= 0, let start = sessions[index].start, let end = sessions[index].end, end > start else { continue }
            byRoom[Int(rooms[index])].append(Int32(index))
        }
        var overlaps: [Overlap] = []
        for place in roomIDs.indices.sorted(by: { roomIDs[$0] < roomIDs[$1] }) where !byRoom[place].isEmpty {
            let room = roomIDs[place]
            let slots = byRoom[place].sorted { (sessions[Int($0)].start!, $0) < (sessions[Int($1)].start!, $1) }
            var latest = Int(slots[0])
            for slot in slots.dropFirst().lazy.map(Int.init) {
                if sessions[slot].start! < sessions[latest].end! { overlaps.append(Overlap(room: room, later: slot, earlier: latest)) }
                if sessions[slot].end! > sessions[latest].end! { latest = slot }
            }
        }
        return overlaps
    }
}

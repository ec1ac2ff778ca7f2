/// Sessions' positions gathered by an id they name (a track, a speaker, a topic, a room), told
/// apart by the id's bytes (`ByteStringTable`), then keyed by each distinct id once. A dictionary
/// keyed by the ids hashed every session's id, and Swift hashes a string beyond ASCII after
/// Unicode normalisation: that was a fifth of opening a program of 100,000 sessions seen before.
/// Ids that differ in bytes but are equal as strings (canonically equivalent) end in one list,
/// in position order, as the dictionary made them.
struct PositionsByID {
    private var numbers = ByteStringTable()
    private var ids: [String] = []
    private var lists: [[Int]] = []

    /// Positions must come in increasing order, as the index adds them.
    mutating func add(_ id: String, at position: Int) {
        let number = numbers.number(of: id.utf8)
        if number == lists.count {
            ids.append(id)
            lists.append([position])
        } else {
            lists[number].append(position)
        }
    }

    var byID: [String: [Int]] {
        var byID: [String: [Int]] = Dictionary(minimumCapacity: ids.count)
        var joined: [String] = []
        for (id, positions) in zip(ids, lists) {
            if byID[id] == nil {
                byID[id] = positions
            } else {
                byID[id]! += positions
                joined.append(id)
            }
        }
        for id in joined { byID[id]!.sort() }
        return byID
    }
}

/// Where the first item with each key is in a list whose items carry their keys (sessions and
/// their ids), kept by the key's hash: twelve bytes an item, where a dictionary of the keys took
/// twenty-four, and the keys are not held a second time. A hash met again is confirmed by reading
/// the key back from the list (`keyAt`); a key whose hash another key took first is kept whole.
struct FirstPositions: Sendable {
    private var byHash: [Int: Int32] = [:]
    private var collided: [String: Int32] = [:]
    private let hashing: @Sendable (String) -> Int

    /// `hashing` is the key's hash unless a test makes keys collide.
    init(hashing: @escaping @Sendable (String) -> Int = { $0.hashValue }) {
        self.hashing = hashing
    }

    mutating func reserveCapacity(_ items: Int) { byHash.reserveCapacity(items) }

    /// The position of the first item with `key`; when there is none yet, `position` becomes it
    /// and the answer is nil.
    mutating func firstOrRecord(_ key: String, at position: Int, keyAt: (Int) -> String) -> Int? {
        let hash = hashing(key)
        guard let first = byHash[hash] else {
            byHash[hash] = Int32(truncatingIfNeeded: position)
            return nil
        }
        if keyAt(Int(first)) == key { return Int(first) }
        if let other = collided[key] { return Int(other) }
        collided[key] = Int32(truncatingIfNeeded: position)
        return nil
    }

    /// The position of the first item with `key`, nil when no item has it.
    func first(_ key: String, keyAt: (Int) -> String) -> Int? {
        guard let first = byHash[hashing(key)] else { return nil }
        if keyAt(Int(first)) == key { return Int(first) }
        return collided[key].map(Int.init)
    }
}

/// How many times each session key has been met while a program is built, so that the second
/// "g-1" is kept as "g-1#2". The first session with a key is found by the key's hash
/// (`FirstPositions`): a dictionary of the keys, sized for every event, was a tenth of reading a
/// feed of 280,000 small events. The first holder of a key keeps it as its id, which is how the
/// key is read back (`keyAt`).
struct KeyOccurrences {
    private var firsts: FirstPositions
    /// Keys met more than once, with their count.
    private var counts: [String: Int] = [:]

    init(hashing: @escaping @Sendable (String) -> Int = { $0.hashValue }) {
        firsts = FirstPositions(hashing: hashing)
    }

    mutating func reserveCapacity(_ keys: Int) { firsts.reserveCapacity(keys) }

    /// The number of times `key` has now been met, the session at `position` being its latest.
    mutating func meet(_ key: String, at position: Int, keyAt: (Int) -> String) -> Int {
        guard firsts.firstOrRecord(key, at: position, keyAt: keyAt) != nil else { return 1 }
        let count = (counts[key] ?? 1) + 1
        counts[key] = count
        return count
    }
}

/// How many times each session key has been met while a program is built, so that the second
/// "g-1" is kept as "g-1#2". The first session with a key is found by the key's hash, twelve
/// bytes a key: a dictionary of the keys themselves took twenty-four and, sized for every event,
/// was a tenth of reading a feed of 280,000 small events. The keys are the sessions' ids, so the
/// first holder's is read back from the sessions (`keyAt`) when a hash is met again.
struct KeyOccurrences {
    private var firstByHash: [Int: Int32] = [:]
    /// Keys met more than once, and keys whose hash another key took first, with their count.
    private var counts: [String: Int] = [:]
    private let hashing: (String) -> Int

    /// `hashing` is the key's hash unless a test makes keys collide.
    init(hashing: @escaping (String) -> Int = { $0.hashValue }) {
        self.hashing = hashing
    }

    mutating func reserveCapacity(_ keys: Int) { firstByHash.reserveCapacity(keys) }

    /// The number of times `key` has now been met, the session at `position` being its latest;
    /// `keyAt` gives the key of an earlier session (the first with a key keeps it as its id).
    mutating func meet(_ key: String, at position: Int, keyAt: (Int) -> String) -> Int {
        let hash = hashing(key)
        guard let first = firstByHash[hash] else {
            firstByHash[hash] = Int32(truncatingIfNeeded: position)
            return 1
        }
        let before = counts[key] ?? (keyAt(Int(first)) == key ? 1 : 0)
        counts[key] = before + 1
        return before + 1
    }
}

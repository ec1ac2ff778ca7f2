/// Restricted Damerau–Levenshtein distance (an adjacent swap counts as one edit, so "ambeint"
/// is one from "ambient"), giving up as soon as it must exceed `limit`.
enum EditDistance {
    static func within(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>, limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        let width = b.count + 1
        // Three rows on the stack: this runs for every candidate term of every typo-tolerant word.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width * 3) { rows in
            var previousPrevious = rows.baseAddress!
            var previous = previousPrevious + width
            var current = previous + width
            for j in 0..<width { previous[j] = j; previousPrevious[j] = 0 }
            return a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 1...a.count {
                        current[0] = i
                        var rowMinimum = i
                        for j in 1...b.count {
                            let cost = a[i - 1] == b[j - 1] ? 0 : 1
                            var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                                value = min(value, previousPrevious[j - 2] + 1)
                            }
                            current[j] = value
                            rowMinimum = min(rowMinimum, value)
                        }
                        if rowMinimum > limit { return nil }
                        (previousPrevious, previous, current) = (previous, current, previousPrevious)
                    }
                    return previous[b.count] <= limit ? previous[b.count] : nil
                }
            }
        }
    }

    /// How many edits a word of this length may carry and still be a typo of something.
    static func allowance(forLength length: Int) -> Int {
        length < 4 ? 0 : (length < 8 ? 1 : 2)
    }
}

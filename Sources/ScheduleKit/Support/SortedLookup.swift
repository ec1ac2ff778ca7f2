/// Binary search over sorted tables (the folding and Latin tables, written ascending).
extension Array where Element: Comparable {
    /// Where `value` is in this ascending array, found by halves; nil when it is not there.
    func positionByHalves(of value: Element) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value ? low : nil
    }
}

extension Array where Element == ClosedRange<UInt32> {
    /// Which of these ascending, disjoint ranges holds `value`, found by halves.
    func positionByHalves(containing value: UInt32) -> Int? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle].upperBound < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low].contains(value) ? low : nil
    }
}

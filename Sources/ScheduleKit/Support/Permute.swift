extension Array {
    /// Puts the elements in the order `order` gives, in place: the element at `i` becomes the one
    /// that was at `order[i]`. Each cycle of the permutation is followed by swaps, so nothing is
    /// copied (a program's sessions, put in program order, were copied whole before).
    /// `order` must hold each index once.
    mutating func permute(to order: [Int]) {
        precondition(order.count == count, "an order for \(order.count) elements, not \(count)")
        var order = order
        for start in order.indices where order[start] != start {
            var current = start
            while true {
                let next = order[current]
                order[current] = current
                if next == start { break }
                swapAt(current, next)
                current = next
            }
        }
    }
}

/// Where a query's words appear in a display string, as character offsets, so result rows can
/// mark them. Matching is on folded text, the way the search itself matches: "eBPF" in a title is
/// marked for the query "ebpf", and "Zürich" for "zurich".
public enum SearchHighlight {
    public static func ranges(in text: String, for query: SearchQuery) -> [Range<Int>] {
        let characters = Array(text)
        // The folded text, and for each folded scalar the character it came from.
        var folded: [Unicode.Scalar] = []
        var owner: [Int] = []
        for (index, character) in characters.enumerated() {
            for scalar in SearchFolding.fold(character).unicodeScalars {
                folded.append(scalar)
                owner.append(index)
            }
        }
        var marked = [Bool](repeating: false, count: characters.count)
        let needles = (query.words + query.filters.flatMap(\.tokens)).map { token -> (scalars: [Unicode.Scalar], wordStart: Bool) in
            switch token {
            case .word(let word): (Array(word.unicodeScalars), true)
            case .cjk(let run): (run, false)
            }
        }
        for (needle, wordStart) in needles where !needle.isEmpty && needle.count <= folded.count {
            for start in 0...(folded.count - needle.count) {
                if wordStart, start > 0, SearchFolding.isWordScalar(folded[start - 1]) { continue }
                if Array(folded[start..<(start + needle.count)]) == needle {
                    for offset in start..<(start + needle.count) { marked[owner[offset]] = true }
                }
            }
        }
        var ranges: [Range<Int>] = []
        var index = 0
        while index < marked.count {
            if marked[index] {
                let start = index
                while index < marked.count, marked[index] { index += 1 }
                ranges.append(start..<index)
            } else {
                index += 1
            }
        }
        return ranges
    }
}

import FoundationEssentials
import Glibc

/// Orders names written in Latin and in Chinese characters together, the way a reader scanning
/// an alphabetical list expects: 宋净超 files under "song", Émile under "emile".
public enum NameCollation {
    public static func sortKey(_ name: String) -> String {
        sortKeys([name])[0]
    }

    /// Keys for many names at once. ICU builds a transliterator on every call, which costs far more
    /// than transliterating, so all non-Latin names go through one call, a name a line.
    public static func sortKeys(_ names: [String]) -> [String] {
        var keys = names
        let nonLatin = names.indices.filter { !isLatin(names[$0]) }
        if !nonLatin.isEmpty {
            let joined = nonLatin.map { names[$0].replacingEvery("\n", with: " ") }.joined(separator: "\n")
            let latin = (LatinTransliteration.latin(joined) ?? joined).split(separator: "\n", omittingEmptySubsequences: false)
            if latin.count == nonLatin.count {
                for (position, index) in nonLatin.enumerated() { keys[index] = String(latin[position]) }
            }
        }
        return keys.map { key in
            let plain = key.unicodeScalars.allSatisfy(\.isASCII) ? key : FoldingTables.foldingAccents(key)
            return plain.lowercased()
        }
    }

    private static func isLatin(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.value < 0x250 || (0x1E00...0x1EFF).contains($0.value) }
    }

    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        let names = items.map(name)
        let keys = sortKeys(names)
        return items.indices.sorted { (keys[$0], names[$0]) < (keys[$1], names[$1]) }.map { items[$0] }
    }
}

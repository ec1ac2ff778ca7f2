import FoundationEssentials
import Glibc

/// Orders names written in Latin and in Chinese characters together, the way a reader scanning
/// an alphabetical list expects: 宋净超 files under "song", Émile under "emile".
public enum NameCollation {
    public static func sortKey(_ name: String) -> String {
        sortKeys([name])[0]
    }

    /// Keys for many names at once: each in Latin letters (`LatinTransliteration`), without
    /// accents and in lower case.
    public static func sortKeys(_ names: [String]) -> [String] {
        names.map { name in
            let latin = isLatin(name) ? name : LatinTransliteration.latin(name)
            let plain = latin.unicodeScalars.allSatisfy(\.isASCII) ? latin : FoldingTables.foldingAccents(latin)
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

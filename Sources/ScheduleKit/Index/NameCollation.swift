import Foundation

/// Orders names written in Latin and in Chinese characters together, the way a reader scanning
/// an alphabetical list expects: 宋净超 files under "song", Émile under "emile".
public enum NameCollation {
    public static func sortKey(_ name: String) -> String {
        // Transliteration is costly (ICU); Latin names, most of any program, skip it.
        let isLatin = name.unicodeScalars.allSatisfy { $0.value < 0x250 || (0x1E00...0x1EFF).contains($0.value) }
        let latin = isLatin ? name : (name.applyingTransform(.toLatin, reverse: false) ?? name)
        let plain = latin.unicodeScalars.allSatisfy(\.isASCII) ? latin : latin.folding(options: .diacriticInsensitive, locale: nil)
        return plain.lowercased()
    }

    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (key: sortKey(name($0)), name: name($0), item: $0) }
            .sorted { ($0.key, $0.name) < ($1.key, $1.name) }
            .map(\.item)
    }
}

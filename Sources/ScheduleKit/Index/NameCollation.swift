import Foundation

/// Orders names written in Latin and in Chinese characters together, the way a reader scanning
/// an alphabetical list expects: 宋净超 files under "song", Émile under "emile".
public enum NameCollation {
    public static func sortKey(_ name: String) -> String {
        let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased()
    }

    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (key: sortKey(name($0)), name: name($0), item: $0) }
            .sorted { ($0.key, $0.name) < ($1.key, $1.name) }
            .map(\.item)
    }
}

/// Names for the language codes schedule files use, so the details say "German (de)" and
/// `lang:german` finds what the file marks `de`. A table rather than Foundation's locale data,
/// which would load ICU's display names for a handful of words.
public enum LanguageName {
    static let names: [String: [String]] = [
        "en": ["English"], "de": ["German", "Deutsch"], "zh": ["Chinese", "中文", "汉语"], "fr": ["French", "Français"],
        "es": ["Spanish", "Español"], "it": ["Italian", "Italiano"], "ja": ["Japanese", "日本語"], "ko": ["Korean", "한국어"],
        "pt": ["Portuguese", "Português"], "ru": ["Russian", "Русский"], "nl": ["Dutch", "Nederlands"], "pl": ["Polish", "Polski"],
        "cs": ["Czech", "Čeština"], "sv": ["Swedish", "Svenska"], "da": ["Danish", "Dansk"], "fi": ["Finnish", "Suomi"],
        "uk": ["Ukrainian", "Українська"], "tr": ["Turkish", "Türkçe"], "el": ["Greek", "Ελληνικά"], "hu": ["Hungarian", "Magyar"],
    ]

    /// The base code of a tag: "en" for "en-GB", "zh" for "zh_Hans".
    static func base(_ code: String) -> String {
        String(code.lowercased().prefix { $0 != "-" && $0 != "_" })
    }

    /// "German (de)", or the code as given when it is not in the table.
    public static func display(_ code: String) -> String {
        guard let name = names[base(code)]?.first else { return code }
        return "\(name) (\(code))"
    }

    /// Whether what was typed after `lang:` names this code: the code itself ("de", "en-gb"), or
    /// the start of one of its names ("germ", "deutsch", "中文").
    public static func matches(_ typed: String, code: String) -> Bool {
        let query = typed.lowercased()
        let tag = code.lowercased()
        if tag == query || base(tag) == query || (query.count >= 2 && tag.hasPrefix(query)) { return true }
        guard query.count >= 2 || query.unicodeScalars.contains(where: { $0.value > 0x2E80 }) else { return false }
        return (names[base(tag)] ?? []).contains { $0.lowercased().hasPrefix(query) }
    }
}

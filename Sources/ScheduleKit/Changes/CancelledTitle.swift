/// Producers without a status field cancel a talk by renaming it: "CANCELLED: …", "[Abgesagt] …",
/// "ABGESAGT - …" (frab and pretalx exports of congress programs do this). The word is read only
/// where it cannot be the start of an ordinary title: in brackets, before a colon or dash, or in
/// capitals ("Cancelled culture" is a title, "CANCELLED Cancelled culture" a cancellation).
enum CancelledTitle {
    private static let words = ["cancelled", "canceled", "abgesagt", "entfällt", "annulé", "annule"]

    /// The title without the marker, and whether it had one.
    static func split(_ title: String) -> (title: String, cancelled: Bool) {
        guard let first = title.unicodeScalars.first, "[(cCaAeE".unicodeScalars.contains(first) else { return (title, false) }
        var rest = Substring(title)
        let bracketed = rest.first == "[" || rest.first == "("
        if bracketed { rest = rest.dropFirst().drop(while: \.isWhitespace) }
        // The longest word is nine characters: only the title's start is lower-cased, and once.
        let start = rest.prefix(10).lowercased()
        guard let word = words.first(where: { start.hasPrefix($0) }) else { return (title, false) }
        let written = rest.prefix(word.count)
        rest = rest.dropFirst(word.count)
        let capitals = written == written.uppercased()
        var marked = capitals
        if bracketed {
            rest = rest.drop(while: \.isWhitespace)
            guard rest.first == "]" || rest.first == ")" else { return (title, false) }
            rest = rest.dropFirst()
            marked = true
        }
        let afterWord = rest.drop(while: \.isWhitespace)
        if let separator = afterWord.first, ":-–—|".contains(separator) {
            rest = afterWord.dropFirst()
            marked = true
        } else if !(rest.first?.isWhitespace ?? true) {
            return (title, false)  // "Cancellation…", "Abgesagte…": a longer word
        }
        guard marked else { return (title, false) }
        let remaining = String(rest.drop(while: \.isWhitespace))
        return (remaining.isEmpty ? title : remaining, true)
    }
}

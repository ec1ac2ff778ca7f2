/// The folding tables (FoldingTables.swift, written by scripts/folding-tables) looked up: for
/// search a scalar at a time, for names' order a whole name.
extension FoldingTables {
    /// The folded UTF-8 of `scalar` for search, nil when folding leaves it as it is.
    static func folding(_ scalar: UInt32) -> ArraySlice<UInt8>? {
        lookUp(scalar, scalars, starts, folded)
    }

    /// `text` with its accents folded away for name order (case and width kept): each scalar as
    /// Foundation's `.diacriticInsensitive` folded it alone, and the marks after a letter dropped
    /// as CoreFoundation dropped them from a whole string, after a letter below U+0510 (Latin,
    /// Greek, Cyrillic: what a name is by the time it is ordered, transliterated) every mark;
    /// after another, the accents of U+0300–U+036F until a mark of another block. Where
    /// CoreFoundation went by more than the letter (a mark after "ẞ" or "ﬁ" dropped at the
    /// start of a string, kept further on) this keeps to the rule (FoldingTablesTests).
    static func foldingAccents(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var letterBelow0510: Bool?
        var keepingMarks = false
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                guard let below = letterBelow0510 else {
                    // A mark with no letter before it stands for one (the accents after it go).
                    letterBelow0510 = false
                    break
                }
                if below { continue }
                if !keepingMarks, (0x300...0x36F).contains(scalar.value) { continue }
                keepingMarks = true
            default:
                letterBelow0510 = scalar.value < 0x510
                keepingMarks = false
            }
            if let folded = lookUp(scalar.value, accentScalars, accentStarts, accentFolded) {
                output += folded
            } else {
                output += String(scalar).utf8
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func lookUp(_ scalar: UInt32, _ scalars: [UInt32], _ starts: [UInt16], _ folded: [UInt8]) -> ArraySlice<UInt8>? {
        guard let position = scalars.positionByHalves(of: scalar) else { return nil }
        return folded[Int(starts[position])..<Int(starts[position + 1])]
    }
}

extension StringProtocol {
    /// Without white space and line breaks at either end. Foundation's `trimmingCharacters(in:)`
    /// goes through NSString on Linux and cost a sixth of loading 38C3's XML; this walks scalars.
    public var trimmed: String {
        // Nearly every field read starts and ends with a printable ASCII byte: then there is
        // nothing to trim and no scalar to walk (walking them was a twentieth of reading a feed).
        // Asked of the bytes where they lie: through a substring's UTF-8 view it was 350
        // instructions a field, for two bytes.
        let printableEnds = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
        }
        if printableEnds == true { return String(self) }
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrBreak }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpaceOrBreak })!
        // A text that ends in a letter of another script (a Chinese title) has nothing to trim either.
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(scalars[first...last])
    }

    /// Nothing but white space and line breaks (what trims to ""), told without making the trimmed copy.
    public var isBlank: Bool {
        !unicodeScalars.contains { !$0.isSpaceOrBreak }
    }

    /// nil when nothing but white space is left.
    public var trimmedOrNil: String? {
        let text = trimmed
        return text.isEmpty ? nil : text
    }
}

extension Unicode.Scalar {
    var isSpaceOrBreak: Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return true
        case 0..<0x80: return false
        default: return properties.isWhitespace
        }
    }
}

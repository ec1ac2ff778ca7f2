/// The few operations on text that Foundation's NSString gave Hallway, written over the text's
/// bytes or scalars (issue 25's port to FoundationEssentials): each is literal, as Hallway used them.
extension String {
    /// Every occurrence of `target` replaced, left to right, compared byte for byte.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let pieces = piecesBetween(target)
        return pieces.count == 1 ? self : pieces.joined(separator: replacement)
    }

    /// The pieces between occurrences of `separator`, empty ones kept (`a--b` by `-` is a, "", b).
    func piecesBetween(_ separator: String) -> [String] {
        let bytes = Array(utf8), pattern = Array(separator.utf8)
        guard !pattern.isEmpty else { return [self] }
        var pieces: [String] = []
        var start = 0, index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += pattern.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    /// The folder part of a path, as NSString's `deletingLastPathComponent` gave it: "a/b" is
    /// "a", "/a" is "/", "a" is "", trailing slashes ignored.
    var parentPath: String {
        var path = Substring(self)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var parent = path[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// Percent-encoded UTF-8 for every byte but ASCII letters, digits and `-._~`, as
    /// `addingPercentEncoding(withAllowedCharacters: .alphanumerics ∪ "-._~")` wrote it (which
    /// encoded every byte beyond ASCII, letters or not).
    var percentEncodedKeepingAlphanumerics: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `%XX` sequences decoded; nil when one is cut short or not hexadecimal, or the bytes are not
    /// UTF-8, as `removingPercentEncoding` answered.
    var removingPercentEscapes: String? {
        let bytes = Array(utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }
}

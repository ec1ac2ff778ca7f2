/// An element's text as libxml2 gives it, from the bytes the file has: what a description left
/// in the file (`TextFile.Encoding.xmlText`) needs to be read back as it was first read. Only
/// text libxml2 has already accepted is decoded here (no entities beyond the five XML predefines,
/// no DTD), so anything else is kept as written.
enum XMLText {
    static func decoded(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                // XML reads CR LF and a lone CR as one line feed.
                out.append(UInt8(ascii: "\n"))
                index += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
            } else if byte == UInt8(ascii: "&"), let (scalar, length) = reference(bytes, at: index) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                index += length
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The character `&…;` at `start` stands for, and its length in bytes.
    private static func reference(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        guard let semicolon = bytes[start...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = String(decoding: bytes[(start + 1)..<semicolon], as: UTF8.self)
        let length = semicolon - start + 1
        switch name {
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "amp": return ("&", length)
        case "quot": return ("\"", length)
        case "apos": return ("'", length)
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map { ($0, length) }
        }
    }
}

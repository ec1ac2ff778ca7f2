/// An element's text as libxml2 gives it, from the bytes the file has: what a description left
/// in the file (`TextFile.Encoding.xmlText`) needs to be read back as it was first read. Only
/// text libxml2 has already accepted is decoded here (no entities beyond the five XML predefines,
/// no DTD), so anything else is kept as written.
enum XMLText {
    static func decoded(_ bytes: [UInt8]) -> String {
        // Runs between a reference or a carriage return are copied whole: a byte appended at a
        // time (a uniqueness check each) was a tenth of a first open of 38C3, whose long
        // abstracts are read back from the file to be indexed and kept in its snapshot.
        guard var index = bytes.firstIndex(where: isSpecial) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var runStart = 0
        while index < bytes.count {
            guard isSpecial(bytes[index]) else {
                index = bytes[index...].firstIndex(where: isSpecial) ?? bytes.count
                continue
            }
            out.append(contentsOf: bytes[runStart..<index])
            if bytes[index] == UInt8(ascii: "\r") {
                // XML reads CR LF and a lone CR as one line feed.
                out.append(UInt8(ascii: "\n"))
                index += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
            } else if let (scalar, length) = reference(bytes, at: index) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                index += length
            } else {
                out.append(bytes[index])
                index += 1
            }
            runStart = index
        }
        out.append(contentsOf: bytes[runStart...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\r")
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

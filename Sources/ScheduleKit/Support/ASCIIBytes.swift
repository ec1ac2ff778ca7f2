/// ASCII letters and digits told apart on bytes, where an identifier's rules are ASCII's alone
/// (an id the schema takes, a zone's name, a POSIX zone rule).
extension UInt8 {
    @inline(__always) var isASCIIDigit: Bool { self &- 0x30 < 10 }
    @inline(__always) var isASCIILetter: Bool { self &- 0x41 < 26 || self &- 0x61 < 26 }
    @inline(__always) var isASCIILetterOrDigit: Bool { isASCIIDigit || isASCIILetter }
}

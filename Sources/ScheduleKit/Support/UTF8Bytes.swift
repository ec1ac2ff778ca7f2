import FoundationEssentials
import Glibc

/// Text made from bytes that should be UTF-8: a schedule file's strings, a snapshot's. The
/// standard library's `String(validating:)` takes the generic path, five to twenty times the
/// work of decoding (a tenth of reading some feeds); decoding repairs what is not UTF-8, so a
/// string whose bytes are the ones given was valid.
enum UTF8Bytes {
    /// The bytes as a string when they are UTF-8; nil when they are not.
    static func string(validating bytes: UnsafeRawBufferPointer) -> String? {
        var string = String(decoding: bytes, as: UTF8.self)
        let unrepaired = string.withUTF8 { UnsafeRawBufferPointer($0).holdsTheSameBytes(as: bytes) }
        return unrepaired ? string : nil
    }

    static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        string(validating: UnsafeRawBufferPointer(bytes))
    }

    static func string(validating bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { string(validating: $0) }
    }

    /// Whether every byte is ASCII, eight at a time.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {
            if ByteWords.holdsNonASCII(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Whether the bytes are UTF-8, without making a string of them when they are ASCII.
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        isASCII(bytes) || string(validating: bytes) != nil
    }
}

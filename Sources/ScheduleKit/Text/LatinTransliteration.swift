import _FoundationICU

/// Names in Latin letters, by ICU's "Any-Latin" transliterator called directly (its C API, as the
/// toolchain's ICU exports it): what Foundation's `applyingTransform(.toLatin)` called, without
/// Foundation (issue 25's port). ICU's rules read a name whole (Thai is cut into words, Indic
/// vowel signs join their consonants), which no table of single characters does
/// (docs/PERFORMANCE.md, "Hallway's own zones").
enum LatinTransliteration {
    /// Opening the transliterator costs far more than using it: one is kept for the process,
    /// used by one caller at a time (ICU's are not to be shared between threads at once).
    private static let shared = Lock()
    nonisolated(unsafe) private static var transliterator: UnsafeMutablePointer<UTransliterator?>?
    nonisolated(unsafe) private static var failed = false

    /// `text` in Latin letters; nil when ICU cannot give it.
    static func latin(_ text: String) -> String? {
        shared.withLock {
            if transliterator == nil, !failed {
                var status = U_ZERO_ERROR
                let id = Array("Any-Latin".utf16)
                transliterator = swift_utrans_openU(id, Int32(id.count), UTRANS_FORWARD, nil, 0, nil, &status)
                if status.rawValue > U_ZERO_ERROR.rawValue { transliterator = nil }
                failed = transliterator == nil
            }
            guard let transliterator else { return nil }
            var units = Array(text.utf16)
            var capacity = max(64, units.count * 4)
            while true {
                var buffer = units + [UInt16](repeating: 0, count: capacity - units.count)
                var length = Int32(units.count), limit = Int32(units.count)
                var status = U_ZERO_ERROR
                swift_utrans_transUChars(transliterator, &buffer, &length, Int32(buffer.count), 0, &limit, &status)
                if status == U_BUFFER_OVERFLOW_ERROR {
                    capacity = Int(length) + 16
                    continue
                }
                guard status.rawValue <= U_ZERO_ERROR.rawValue else { return nil }
                units = Array(buffer[0..<Int(length)])
                return String(decoding: units, as: UTF16.self)
            }
        }
    }
}

import _FoundationICU

/// A schema's `pattern`, compiled by ICU's regular expressions called directly (its C API, as the
/// toolchain's ICU exports it): the engine Foundation's `NSRegularExpression` wrapped, so a
/// pattern means what it meant, without Foundation (issue 25's port).
final class PatternExpression: @unchecked Sendable {
    private let expression: OpaquePointer
    /// ICU's expressions keep the text they search: one search at a time (the schema is checked
    /// on two threads).
    private let inUse = Lock()

    init?(pattern: String) {
        var status = U_ZERO_ERROR
        var parseError = UParseError()
        let units = Array(pattern.utf16)
        guard let compiled = swift_uregex_open(units, Int32(units.count), 0, &parseError, &status),
              status.rawValue <= U_ZERO_ERROR.rawValue else { return nil }
        expression = compiled
    }

    deinit { swift_uregex_close(expression) }

    /// A text of no units, to search when there is none and to leave an expression holding.
    nonisolated(unsafe) private static let empty: UnsafePointer<UInt16> = {
        let unit = UnsafeMutablePointer<UInt16>.allocate(capacity: 1)
        unit.initialize(to: 0)
        return UnsafePointer(unit)
    }()

    /// Whether the pattern is found anywhere in `text`.
    func isFound(in text: String) -> Bool {
        let units = Array(text.utf16)
        return inUse.withLock {
            units.withUnsafeBufferPointer { buffer in
                var status = U_ZERO_ERROR
                swift_uregex_setText(expression, buffer.baseAddress ?? Self.empty, Int32(buffer.count), &status)
                guard status.rawValue <= U_ZERO_ERROR.rawValue else { return false }
                let found = swift_uregex_find(expression, 0, &status)
                // The text is let go before the buffer is.
                var reset = U_ZERO_ERROR
                swift_uregex_setText(expression, Self.empty, 0, &reset)
                return found != 0 && status.rawValue <= U_ZERO_ERROR.rawValue
            }
        }
    }
}

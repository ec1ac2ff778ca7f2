/// A schema's `pattern`, compiled by the standard library's regular expressions, matching by
/// Unicode scalars as ICU's (which Foundation's `NSRegularExpression` wrapped) did, so a pattern
/// means what it meant with no ICU in the binary (issue 25). FoundationReplacementsTests checks
/// each of the schema's patterns against NSRegularExpression.
final class PatternExpression: @unchecked Sendable {
    private let expression: Regex<AnyRegexOutput>

    init?(pattern: String) {
        guard let compiled = try? Regex(pattern) else { return nil }
        expression = compiled.matchingSemantics(.unicodeScalar)
    }

    /// Whether the pattern is found anywhere in `text`.
    func isFound(in text: String) -> Bool {
        ((try? expression.firstMatch(in: text)) ?? nil) != nil
    }
}

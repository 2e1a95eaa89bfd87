/// What kind of syntax problem an error is. The analysis layer maps each
/// to a stable rule code (AN001–AN003).
public enum SyntaxErrorKind: Sendable, Hashable {
    /// A token is missing or unexpected.
    case unexpected
    /// A string has no closing quote before the end of its line.
    case unterminatedString
    /// A string holds an escape that the format does not define.
    case invalidEscape
}

/// A syntax error: a message and the byte range it is about.
///
/// A missing token is reported as an empty range where it should have been.
public struct SyntaxError: Sendable, Hashable {
    public let kind: SyntaxErrorKind
    public let range: Range<Int>
    public let message: String

    public init(kind: SyntaxErrorKind, range: Range<Int>, message: String) {
        self.kind = kind
        self.range = range
        self.message = message
    }
}

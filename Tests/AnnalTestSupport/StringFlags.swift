/// Whether the standard library marks `text` as ASCII: such a string is
/// hashed and compared byte for byte, an unmarked one through Unicode
/// normalisation (several times slower).
public func isMarkedASCII(_ text: String) -> Bool {
    text.utf8Span.isKnownASCII
}

/// One lexed token: a kind and a byte range into the source.
///
/// Twelve bytes; the text is never copied out of the source buffer.
public struct Token: Sendable, Hashable {
    public let kind: SyntaxKind
    /// Byte offset of the first byte.
    public let start: UInt32
    /// Length in bytes.
    public let length: UInt32

    @inlinable
    public init(kind: SyntaxKind, start: UInt32, length: UInt32) {
        self.kind = kind
        self.start = start
        self.length = length
    }

    /// Byte offset just past the last byte.
    @inlinable public var end: Int { Int(start) + Int(length) }

    /// The byte range of the token.
    @inlinable public var range: Range<Int> { Int(start)..<end }
}

/// One edit of a text in bytes: the range of the old text replaced and the
/// UTF-8 bytes put in its place.
public struct ByteEdit: Sendable, Hashable {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
}

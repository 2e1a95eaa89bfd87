import AnnalBytes
/// Strings made from UTF-8 bytes.
///
/// `String(decoding:as:)` validates (and repairs) its input: about a dozen
/// instructions a byte of French text, paid again for every token and
/// string value of a file whose bytes were validated once when read. Bytes
/// known to be valid UTF-8 are copied as they are.
enum UTF8Text {
    /// The string of `bytes`. `knownValid`: the caller guarantees that the
    /// bytes are well-formed UTF-8 (a slice of a valid text that starts and
    /// ends next to an ASCII byte or at the ends of the text, for example);
    /// then they are not validated again. Otherwise ill-formed bytes become
    /// U+FFFD.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, knownValid: Bool) -> String {
        guard knownValid else { return String(decoding: bytes, as: UTF8.self) }
        assert(UTF8Validation.firstInvalidByte(bytes) == nil, "bytes said to be valid UTF-8 are not")
        let span = unsafe Span(_unsafeElements: bytes)
        // Said ASCII when it is: a String not marked ASCII (nor NFC) is
        // hashed and compared through Unicode normalisation, several times
        // slower, and names and paths are dictionary keys.
        let isASCII = UTF8Validation.firstNonASCII(bytes, from: 0) == bytes.count
        return String(copying: unsafe UTF8Span(unchecked: span, isKnownASCII: isASCII))
    }
}

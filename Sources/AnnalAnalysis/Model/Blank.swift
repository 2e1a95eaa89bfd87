extension StringProtocol {
    /// True when the text is empty or white space only, as
    /// `allSatisfy(\.isWhitespace)` says, but decided from the first bytes
    /// in the usual case: an ASCII byte that is not white space ends the
    /// search; characters are looked at only when a non-ASCII byte comes
    /// before any such byte. (Every quote is checked on every keystroke.)
    /// The bytes are read in place when the string has them contiguous (a
    /// native string): its byte iterator cost about a hundred instructions
    /// to set up, for a first byte that decides most quotes.
    var isBlank: Bool {
        let inPlace: Bool?? = utf8.withContiguousStorageIfAvailable(Self.blankByBytes)
        if let inPlace, let decided = inPlace { return decided }
        if inPlace == nil, let decided = Self.blankByBytes(utf8) { return decided }
        return allSatisfy(\.isWhitespace)
    }

    /// True or false when the ASCII bytes decide; nil when a non-ASCII byte
    /// comes first (then characters must be looked at).
    @inline(__always)
    fileprivate static func blankByBytes<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool? {
        for byte in bytes {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0..<0x80: return false
            default: return nil
            }
        }
        return true
    }
}

extension Array where Element == UInt8 {
    /// `isBlank` of the text these valid UTF-8 bytes spell (a quote kept as
    /// bytes): decided by the bytes in the usual case, by characters when a
    /// non-ASCII byte comes first.
    ///
    /// A text whose first scalar is not white space is not blank (that
    /// scalar begins the first character): decided there, when a quote
    /// opens with `«`, `É` or `’`, without the `String` and the walk by
    /// characters (about 2,200 instructions a quote).
    var isBlankUTF8: Bool {
        withUnsafeBufferPointer { bytes in
            if let decided = String.blankByBytes(bytes) { return decided }
            return Self.isBlankFromNonASCII(bytes)
        }
    }

    /// `isBlankUTF8` once a non-ASCII byte came before any that decides:
    /// by the first scalar, decoded as the fold decodes, when it starts the
    /// text and is not white space; else by characters. Apart, so that the
    /// byte test above stays small enough to be inlined where quotes are read.
    @inline(never)
    private static func isBlankFromNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // A broken sequence (one byte long) goes to the characters.
        let (value, length) = TextFolding.decode(bytes, at: 0)
        if length > 1, let first = Unicode.Scalar(value), !first.properties.isWhitespace { return false }
        return String(decoding: bytes, as: UTF8.self).isBlank
    }
}

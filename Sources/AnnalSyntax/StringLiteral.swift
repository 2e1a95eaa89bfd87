#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoding of string literals.
public enum StringLiteral {
    /// The value of a string token: quotes removed, escapes resolved.
    /// Invalid escapes are kept as written (the lexer already reported them);
    /// an unterminated string yields what it holds.
    public static func value(of token: SyntaxToken) -> String {
        value(ofToken: token.index, in: token.tree)
    }

    /// `value(of:)` of the string token at `index` of `tree`, without a view.
    public static func value(ofToken index: Int, in tree: SyntaxTree) -> String {
        let range = tree.range(ofToken: index)
        // Bytes between two ASCII quotes of a valid text are valid UTF-8.
        let knownValid = tree.bytesAreValidUTF8
        // Most strings hold no escape: their value is their bytes between
        // the quotes, decoded straight from the tree's buffer.
        let plain: String? = withPlainValue(ofTokenAt: range, in: tree) {
            UTF8Text.string($0, knownValid: knownValid)
        }
        return plain ?? decode(tree.bytes[range], knownValid: knownValid)
    }

    /// The UTF-8 bytes of `value(ofToken:in:)`, with no `String` made (a
    /// quote is searched as bytes: making its string cost more than
    /// finding it).
    public static func valueUTF8(ofToken index: Int, in tree: SyntaxTree) -> [UInt8] {
        let range = tree.range(ofToken: index)
        let knownValid = tree.bytesAreValidUTF8
        let plain: [UInt8]? = withPlainValue(ofTokenAt: range, in: tree) { bytes in
            knownValid ? Array(bytes) : Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        if let plain { return plain }
        let decoded = decodedBytes(tree.bytes[range])
        return knownValid ? decoded : Array(String(decoding: decoded, as: UTF8.self).utf8)
    }

    /// `body` on the bytes between the quotes of the string token at
    /// `range`, when it is terminated and holds no escape; nil otherwise.
    @inline(__always)
    private static func withPlainValue<R>(ofTokenAt range: Range<Int>, in tree: SyntaxTree,
                                          _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        tree.bytes.withUnsafeBufferPointer { buffer in
            guard range.count >= 2, range.upperBound <= buffer.count,
                  buffer[range.lowerBound] == UInt8(ascii: "\""), buffer[range.upperBound - 1] == UInt8(ascii: "\""),
                  let start = buffer.baseAddress.map({ $0 + range.lowerBound + 1 }) else { return nil }
            let length = range.count - 2
            if length > 0, memchr(start, Int32(UInt8(ascii: "\\")), length) != nil { return nil }
            return body(UnsafeBufferPointer(start: start, count: length))
        }
    }

    /// Decodes the bytes of a string token, opening quote included.
    public static func decode(_ raw: ArraySlice<UInt8>) -> String {
        decode(raw, knownValid: false)
    }

    /// `decode(_:)`; `knownValid`: `raw` is a whole string token of a valid
    /// text, so that its runs between escapes, and the value, are valid.
    static func decode(_ raw: ArraySlice<UInt8>, knownValid: Bool) -> String {
        let bytes = unquoted(raw)
        guard hasBackslash(bytes) else {
            return bytes.withUnsafeBufferPointer { UTF8Text.string($0, knownValid: knownValid) }
        }
        return unescaped(bytes).withUnsafeBufferPointer { UTF8Text.string($0, knownValid: knownValid) }
    }

    /// The bytes `decode(_:)` makes its string of: quotes removed, escapes
    /// resolved, the rest as it is (valid UTF-8 when `raw` is).
    static func decodedBytes(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        let bytes = unquoted(raw)
        return hasBackslash(bytes) ? unescaped(bytes) : Array(bytes)
    }

    /// A string token's bytes without its opening quote, and without its
    /// closing one when it has one.
    private static func unquoted(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = raw
        if bytes.first == UInt8(ascii: "\"") { bytes = bytes.dropFirst() }
        if bytes.last == UInt8(ascii: "\""), !endsInEscapedQuote(bytes) { bytes = bytes.dropLast() }
        return bytes
    }

    /// `bytes` (a string's value as written) with its escapes resolved;
    /// an invalid escape is kept as written.
    private static func unescaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // Resolved in place in a copy of the written bytes: no escape's
        // value is longer than the escape (`\u{…}` is five bytes and more
        // for at most four), and one kept as written is as long, so the
        // value never overtakes what is left to read. Appends to a reserved
        // array cost a capacity check each; an array made uninitialised
        // (`init(unsafeUninitializedCapacity:)`) is allocated by the
        // standard library's unspecialised code, about 700 instructions.
        var out = Array(bytes)
        let written = out.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let end = buffer.count
            var index = 0
            var count = 0
            while index < end {
                // The run up to the next backslash moved in one piece.
                let backslash = firstBackslash(in: base, from: index, to: end)
                if count != index { memmove(base + count, base + index, backslash - index) }
                count += backslash - index
                index = backslash
                guard index < end else { break }
                switch index + 1 < end ? base[index + 1] : 0 {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): base[count] = base[index + 1]; count += 1; index += 2
                case UInt8(ascii: "n"): base[count] = 0x0A; count += 1; index += 2
                case UInt8(ascii: "t"): base[count] = 0x09; count += 1; index += 2
                case UInt8(ascii: "u"):
                    if let (scalar, after) = unicodeEscape(bytes, at: bytes.startIndex + index) {
                        UTF8.encode(scalar) { base[count] = $0; count += 1 }
                        index = after - bytes.startIndex
                        continue
                    }
                    fallthrough
                default:
                    // Not an escape (or the text's last byte): the
                    // backslash kept as written.
                    base[count] = base[index]
                    count += 1
                    index += 1
                }
            }
            return count
        }
        out.removeLast(out.count - written)
        return out
    }

    /// Escapes a value so that it reads back unchanged inside `"…"`.
    public static func escape(_ value: String) -> String {
        // Most strings need no escape: hand them back without rebuilding them.
        if !value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || isInvisible($0) }) { return value }
        // Built as bytes: a string grown a scalar at a time cost about
        // three hundred instructions a scalar.
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\"".utf8
            case "\\": out += "\\\\".utf8
            case "\n": out += "\\n".utf8
            case "\t": out += "\\t".utf8
            case "\r": out += "\\u{D}".utf8
            default:
                if isInvisible(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".utf8
                } else if scalar.isASCII {
                    out.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    out += scalar.utf8
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when the bytes of a string token, quotes included, are its
    /// canonical spelling (`"` + `escape(value)` + `"` gives them back)
    /// because it has no escape at all: a terminated token of valid UTF-8
    /// with no backslash and no character `escape` would write as an escape
    /// (`isInvisible`). A token with escapes answers false even when they
    /// are the canonical ones. Read as bytes: the formatter asks it of
    /// every string, and making the value and its escaped form cost more
    /// than the rest of printing.
    public static func isCanonical(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = token.count
        guard n >= 2, token[0] == UInt8(ascii: "\""), token[n - 1] == UInt8(ascii: "\"") else { return false }
        return plainASCII.withUnsafeBufferPointer { plain in
            holdsOnlyCanonicalScalars(token, from: 1, to: n - 1, plain: plain)
        }
    }

    /// The body of `isCanonical`: the bytes of `token` in `start..<end` (between
    /// its quotes) are scalars `escape` keeps as they are.
    private static func holdsOnlyCanonicalScalars(_ token: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                                  plain: UnsafeBufferPointer<Bool>) -> Bool {
        var i = start
        while i < end {
            let byte = token[i]
            if plain[Int(byte)] {
                i &+= 1
                continue
            }
            // Controls, DEL, a quote or a backslash inside.
            if byte < 0x80 { return false }
            // The scalar's length from its lead byte; a malformed sequence
            // is not canonical (its value is not these bytes).
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            guard length > 0, i + length <= end else { return false }
            var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length {
                let next = token[i + k]
                guard next & 0xC0 == 0x80 else { return false }
                value = value << 6 | UInt32(next & 0x3F)
            }
            // Not overlong (a lead byte of C2 or more already rules that out
            // for two bytes); surrogates and values past U+10FFFF are no scalar.
            let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x1_0000
            guard value >= smallest, let scalar = Unicode.Scalar(value), !isInvisible(scalar) else { return false }
            i += length
        }
        return true
    }

    /// The ASCII bytes a canonical string holds as they are: printable,
    /// other than `"` and `\\`.
    private static let plainASCII: [Bool] = (0...255).map { byte in
        byte >= 0x20 && byte < 0x7F && byte != Int(UInt8(ascii: "\"")) && byte != Int(UInt8(ascii: "\\"))
    }

    /// Characters a reader cannot see or tell apart from a plain space:
    /// control characters, non-breaking and other special spaces, zero-width
    /// characters. They are written as `\u{…}` so a diff shows them.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0xA0, 0xAD, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x2064, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// Whether `bytes` hold a backslash, found by `memchr` (`contains`
    /// read a byte at a time: about 1,000 instructions a quote with an
    /// escape, a fifth of the quotes of mb5).
    private static func hasBackslash(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return firstBackslash(in: base, from: 0, to: buffer.count) < buffer.count
        }
    }

    /// The offset of the first backslash of `base[from..<end]`, or `end`:
    /// by memchr (byte by byte, a quote with one escaped `"` cost about 80
    /// instructions a byte; a generic search about 10).
    @inline(__always)
    private static func firstBackslash(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let found = memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) else { return end }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static func endsInEscapedQuote(_ bytes: ArraySlice<UInt8>) -> Bool {
        var backslashes = 0
        var index = bytes.endIndex - 2
        while index >= bytes.startIndex, bytes[index] == UInt8(ascii: "\\") {
            backslashes += 1
            index -= 1
        }
        return backslashes % 2 == 1
    }

    private static func unicodeEscape(_ bytes: ArraySlice<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        var cursor = index + 2
        guard cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: "{") else { return nil }
        cursor += 1
        var value: UInt32 = 0
        var digits = 0
        while cursor < bytes.endIndex, digits <= 6 {
            let byte = bytes[cursor]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: "}"):
                guard digits > 0, let scalar = Unicode.Scalar(value) else { return nil }
                return (scalar, cursor + 1)
            default: return nil
            }
            value = value * 16 + digit
            digits += 1
            cursor += 1
        }
        return nil
    }
}

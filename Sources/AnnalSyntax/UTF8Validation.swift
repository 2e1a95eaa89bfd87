/// Strict UTF-8 validation over raw bytes, for text read from disk.
///
/// The standard library validates when it makes a `String`, about nine
/// instructions a byte on French text; a file parsed from its bytes never
/// needs that `String`. This check skips ASCII eight bytes at a time and
/// checks each multi-byte scalar by the well-formed byte sequences of the
/// Unicode Standard (table 3-7): no overlong forms, no surrogates, nothing
/// above U+10FFFF, no truncated sequence.
public enum UTF8Validation {
    /// The offset of the first byte that does not begin a well-formed
    /// scalar, or `nil` when all of `bytes` is valid UTF-8.
    public static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            if i + 8 <= n {
                // Eight ASCII bytes at a time; when some byte is not ASCII,
                // straight to the first such (bytes load little-endian), not
                // one ASCII byte at a time with the word tried again after
                // each: French text has an accent every twenty bytes or so.
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
                if high == 0 {
                    i += 8
                    continue
                }
                i += high.trailingZeroBitCount / 8
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                i + k < n && bytes[i + k] >= low && bytes[i + k] <= high
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) else { return i }
                i += 2
            case 0xE0:
                guard continuation(1, 0xA0), continuation(2) else { return i }
                i += 3
            case 0xE1...0xEC, 0xEE, 0xEF:
                guard continuation(1), continuation(2) else { return i }
                i += 3
            case 0xED:
                guard continuation(1, 0x80, 0x9F), continuation(2) else { return i }
                i += 3
            case 0xF0:
                guard continuation(1, 0x90), continuation(2), continuation(3) else { return i }
                i += 4
            case 0xF1...0xF3:
                guard continuation(1), continuation(2), continuation(3) else { return i }
                i += 4
            case 0xF4:
                guard continuation(1, 0x80, 0x8F), continuation(2), continuation(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// `firstInvalidByte` over an array.
    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte($0) }
    }
}

/// Strict UTF-8 validation over raw bytes, for text read from disk.
///
/// The standard library validates when it makes a `String`, about nine
/// instructions a byte on French text; a file parsed from its bytes never
/// needs that `String`. This check skips ASCII eight bytes at a time, then
/// takes sixteen bytes at a time those blocks that hold only ASCII, two-byte
/// and the common three-byte scalars (`UTF8Blocks.swift`), and checks every
/// other scalar by the well-formed byte sequences of the Unicode Standard
/// (table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF, no
/// truncated sequence.
public enum UTF8Validation {
    /// The offset of the first byte that does not begin a well-formed
    /// scalar, or `nil` when all of `bytes` is valid UTF-8.
    public static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            i = firstNonASCII(bytes, from: i)
            guard i < n else { break }
            // French text, once its first accent is met: by blocks
            // (`UTF8Blocks.swift`), until one needs a closer look.
            i = endOfWellFormedBlocks(bytes, from: i)
            guard i < n else { break }
            let lead = bytes[i]
            if lead < 0x80 { continue }
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

    /// The offset of the first byte at or after `start` that is not ASCII,
    /// or `bytes.count`. Eight bytes at a time; in a word holding such a
    /// byte, straight to it (words load little-endian), not one ASCII byte
    /// at a time with the word tried again after each: French text has an
    /// accent every twenty bytes or so.
    @inlinable
    public static func firstNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return n }
        var i = start
        while i + 8 <= n {
            let high = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) & 0x8080_8080_8080_8080
            if high != 0 { return i + high.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n, bytes[i] < 0x80 { i += 1 }
        return i
    }

    /// `firstInvalidByte` over an array.
    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidByte($0) }
    }
}

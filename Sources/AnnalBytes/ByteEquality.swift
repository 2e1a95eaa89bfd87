#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-for-byte equality by `memcmp`.
///
/// `==` on `[UInt8]` compares element by element (about seven instructions a
/// byte), and `==` on `String` compares by canonical equivalence: neither is
/// "the same bytes", which is what a formatter deciding whether to rewrite a
/// file, or a cache keyed by text, must ask.
public enum ByteEquality {
    /// Whether `a` and `b` hold the same bytes.
    public static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress else { return true }  // both empty
        return memcmp(left, right, a.count) == 0
    }

    /// Whether two byte arrays are equal.
    public static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in b.withUnsafeBytes { b in same(a, b) } }
    }

    /// Whether `bytes` are exactly the UTF-8 of `text`.
    public static func same(_ bytes: [UInt8], utf8Of text: String) -> Bool {
        guard bytes.count == text.utf8.count else { return false }
        var text = text
        return text.withUTF8 { utf8 in bytes.withUnsafeBytes { same($0, UnsafeRawBufferPointer(utf8)) } }
    }

    /// Whether two strings have the same UTF-8 (not merely canonically
    /// equivalent, as `==` asks).
    public static func same(utf8Of a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { a in b.withUTF8 { b in same(UnsafeRawBufferPointer(a), UnsafeRawBufferPointer(b)) } }
    }
}

/// A 64-bit multiply-and-shift hash of bytes, eight at a time (about half
/// an instruction a byte, where `Hasher` costs about 25): for keys whose
/// bytes are compared anyway when digests agree (the quote cache) and for
/// telling that a file read twice still holds the same text. Not for
/// hostile input, and not stable across versions of Annal.
public enum ByteDigest {
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        while offset &+ 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash &>> 29
            offset &+= 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(bytes[offset]) &<< shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash &>> 32)
    }
}

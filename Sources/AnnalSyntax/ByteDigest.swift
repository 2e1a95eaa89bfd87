/// A 64-bit multiply-and-shift hash of bytes (about half an instruction a
/// byte, where `Hasher` costs about 25): for keys whose bytes are compared
/// anyway when digests agree (the quote cache) and for telling that a file
/// read twice still holds the same text. Not for hostile input, and not
/// stable across versions of Annal.
///
/// Four lanes of eight bytes each take 32 bytes a step: one lane's chain
/// (xor, multiply, shift, xor) waits on its previous step, and four
/// independent chains keep the multiplier busy where one left it idle
/// three cycles in four. The lanes are then folded into one, the words
/// left over and the tail after them.
public enum ByteDigest {
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        if count >= 32 {
            var lane1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            var lane2: UInt64 = 0x1656_67B1_9E37_79F9
            var lane3: UInt64 = 0x85EB_CA77_C2B2_AE63
            while offset &+ 32 <= count {
                hash = mix(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lane1 = mix(lane1, bytes.loadUnaligned(fromByteOffset: offset &+ 8, as: UInt64.self))
                lane2 = mix(lane2, bytes.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt64.self))
                lane3 = mix(lane3, bytes.loadUnaligned(fromByteOffset: offset &+ 24, as: UInt64.self))
                offset &+= 32
            }
            hash = mix(mix(mix(hash, lane1), lane2), lane3)
        }
        while offset &+ 8 <= count {
            hash = mix(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
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

    /// One step of a lane: the word mixed into the state.
    @inline(__always)
    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let product = (state ^ word) &* 0xFF51_AFD7_ED55_8CCD
        return product ^ (product &>> 29)
    }
}

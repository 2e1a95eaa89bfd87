@testable import AnnalSyntax
import Testing

/// `ByteDigest` tells texts apart that differ anywhere: in any bit of any
/// byte (each lane, the words after the lanes, the tail), in length, or in
/// the order of their words; and it depends on the bytes only, not on
/// where they lie in memory.
@Suite struct ByteDigestTests {
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static func digest(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { ByteDigest.digest($0) } }

    static let lengths = [0, 1, 7, 8, 9, 31, 32, 33, 40, 63, 64, 65, 100, 257]

    @Test(arguments: lengths)
    func everyBitOfEveryByteCounts(length: Int) {
        let original = Self.bytes(length, seed: UInt64(length) + 1)
        let digest = Self.digest(original)
        for position in 0..<length {
            for bit in [0, 3, 7] {
                var changed = original
                changed[position] ^= 1 << bit
                #expect(Self.digest(changed) != digest, "length \(length), byte \(position), bit \(bit)")
            }
        }
    }

    @Test(arguments: lengths)
    func lengthAndWordOrderCount(length: Int) {
        let original = Self.bytes(length, seed: 99)
        #expect(Self.digest(original + [0]) != Self.digest(original), "a zero byte more, length \(length)")
        guard length >= 16 else { return }
        // The first two words swapped: two lanes, or a lane and the words after.
        var swapped = original
        swapped.replaceSubrange(0..<16, with: original[8..<16] + original[0..<8])
        if swapped != original { #expect(Self.digest(swapped) != Self.digest(original), "length \(length)") }
    }

    @Test func theBytesNotTheirPlaceMakeTheDigest() {
        let original = Self.bytes(200, seed: 7)
        let shifted = [0xAA] + original + [0xBB]
        for length in Self.lengths where length <= 200 {
            let alone = Self.digest(Array(original[0..<length]))
            let inside = shifted.withUnsafeBytes { ByteDigest.digest(UnsafeRawBufferPointer(rebasing: $0[1..<(1 + length)])) }
            #expect(alone == inside, "length \(length)")
        }
    }
}

import AnnalBytes
import AnnalTestSupport
import Testing

/// `ByteEquality` against `Array ==` on the bytes: every length from empty
/// up, equal, and differing at the first, a middle and the last byte.
@Suite struct ByteEqualityTests {
    private static func randomBytes(_ count: Int, _ generator: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    @Test func agreesWithElementwiseEquality() {
        var generator = SplitMix64(seed: 0xB17E)
        for count in [0, 1, 2, 7, 8, 9, 31, 64, 1_000] {
            let bytes = Self.randomBytes(count, &generator)
            let copy = bytes.map { $0 }  // its own storage, not a shared buffer
            #expect(ByteEquality.same(bytes, copy))
            for position in Set([0, count / 2, count - 1]) where count > 0 {
                var other = bytes
                other[position] &+= 1
                #expect(!ByteEquality.same(bytes, other), "count \(count), byte \(position)")
            }
            #expect(!ByteEquality.same(bytes, bytes + [0]), "a longer array is not the same")
        }
    }

    @Test func bytesAgainstTheUTF8OfAString() {
        let text = "L’OTAN « Partenariat pour la paix » : 1994 – 🇫🇷"
        #expect(ByteEquality.same(Array(text.utf8), utf8Of: text))
        #expect(!ByteEquality.same(Array(text.utf8.dropLast()), utf8Of: text))
        #expect(ByteEquality.same([], utf8Of: ""))
        #expect(!ByteEquality.same([0x41], utf8Of: "B"))
    }

    @Test func stringsWithTheSameUTF8NotMerelyEquivalent() {
        let composed = "\u{E9}t\u{E9}"  // été, é as one scalar
        let decomposed = "e\u{301}te\u{301}"  // été, e and a combining acute
        #expect(composed == decomposed, "String == is canonical equivalence")
        #expect(!ByteEquality.same(utf8Of: composed, decomposed))
        #expect(ByteEquality.same(utf8Of: composed, String(decoding: Array(composed.utf8), as: UTF8.self)))
        #expect(ByteEquality.same(utf8Of: "", ""))
    }
}

import AnnalBytes
import AnnalTestSupport
import Testing

// The byte-level validator must agree with the standard library on what is
// UTF-8, and point at the first scalar that is not.

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// The reference: the first offset at which no prefix of the rest is a
    /// valid scalar, by the standard library's own validation.
    static func referenceFirstInvalid(_ bytes: [UInt8]) -> Int? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        var index = 0
        outer: while index < bytes.count {
            for width in 1...4 where index + width <= bytes.count {
                if String(validating: bytes[index..<(index + width)], as: UTF8.self) != nil {
                    index += width
                    continue outer
                }
            }
            return index
        }
        return index
    }

    /// Bytes at the edges of every range table 3-7 distinguishes.
    private static let edges: [UInt8] = [
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
        0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]

    @Test func agreesOnEverySequenceOfEdgeBytesUpToFour() {
        var checked = 0
        var invalid = 0
        func check(_ bytes: [UInt8]) {
            let expected = Self.referenceFirstInvalid(bytes)
            let actual = UTF8Validation.firstInvalidByte(bytes)
            #expect(actual == expected, "\(bytes.map { String($0, radix: 16) })")
            checked += 1
            if expected != nil { invalid += 1 }
        }
        for a in Self.edges {
            check([a])
            for b in Self.edges {
                check([a, b])
                for c in Self.edges {
                    check([a, b, c])
                    for d in Self.edges { check([a, b, c, d]) }
                }
            }
        }
        #expect(checked > 390_000 && invalid > 0 && invalid < checked)
    }

    @Test func agreesOnEveryScalar() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(Character(scalar)).utf8)
            // Padded to cross the eight-byte fast path both ways.
            #expect(UTF8Validation.firstInvalidByte(bytes + Array("abcdefgh".utf8)) == nil)
        }
    }

    @Test func findsTheFirstBadByteInLongText() {
        var generator = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [
            Array("la sécurité ".utf8), Array("l’OTAN ".utf8), Array("plain ascii text ".utf8), Array("😀".utf8),
            [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xFF],
        ]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...30, using: &generator) {
                // Mostly valid pieces, now and then a broken one.
                let index = Int.random(in: 0..<100, using: &generator) < 92
                    ? Int.random(in: 0..<4, using: &generator) : Int.random(in: 4..<pieces.count, using: &generator)
                bytes += pieces[index]
            }
            #expect(UTF8Validation.firstInvalidByte(bytes) == Self.referenceFirstInvalid(bytes))
        }
    }
}

// Past the first accent, the validator takes sixteen bytes at a time the
// blocks that hold only ASCII, two-byte and common three-byte scalars. Long
// texts of every width, with one bad byte or none, anywhere.
@Suite("UTF-8 validation by blocks")
struct UTF8BlockValidationTests {
    private static let pieces: [[UInt8]] = [
        Array("la sécurité ".utf8), Array("l’OTAN ".utf8), Array("plain ascii text ".utf8), Array("« ça »".utf8),
        Array("😀".utf8), Array("\u{E000}\u{D7FF}\u{800}".utf8), Array("ü".utf8), Array("€".utf8), Array("—".utf8),
    ]
    /// Bytes put in place of one byte of a valid text.
    private static let intruders: [UInt8] = [0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x41]

    @Test func agreesWithTheStandardLibraryWhateverTheBadByteAndWhereItIs() {
        var generator = SplitMix64(seed: 16)
        var invalid = 0
        var valid = 0
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 2...40, using: &generator) { bytes += Self.pieces.randomElement(using: &generator)! }
            switch round % 4 {
            case 0: break
            case 1: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = Self.intruders.randomElement(using: &generator)!
            case 2: bytes.insert(Self.intruders.randomElement(using: &generator)!, at: Int.random(in: 0...bytes.count, using: &generator))
            default: bytes.removeLast(Int.random(in: 1...min(3, bytes.count), using: &generator))
            }
            let expected = UTF8ValidationTests.referenceFirstInvalid(bytes)
            #expect(UTF8Validation.firstInvalidByte(bytes) == expected, "round \(round): \(bytes.map { String($0, radix: 16) })")
            if expected == nil { valid += 1 } else { invalid += 1 }
        }
        #expect(valid > 500 && invalid > 1_000)
    }

    @Test func findsOneBadByteAtEveryOffsetOfAFrenchText() {
        let text = Array(("Le Kazakhstan a rejoint le Partenariat pour la paix en 1995 ; l’Ouzbékistan, "
            + "« membre fondateur », a réformé l’académie militaire de Tachkent — 320 cursus. ").utf8)
        for offset in text.indices {
            for intruder: UInt8 in [0x80, 0xC3, 0xE2, 0xFF] {
                var bytes = text
                bytes[offset] = intruder
                #expect(UTF8Validation.firstInvalidByte(bytes) == UTF8ValidationTests.referenceFirstInvalid(bytes),
                        "offset \(offset), byte \(String(intruder, radix: 16))")
            }
        }
        #expect(UTF8Validation.firstInvalidByte(text) == nil)
    }
}

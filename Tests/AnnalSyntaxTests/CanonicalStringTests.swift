import AnnalSyntax
import AnnalTestSupport
import Testing

/// `StringLiteral.isCanonical` tells, from a string token's bytes alone,
/// that printing its value back (`"` + `escape(value)` + `"`) gives the
/// same bytes: the formatter then copies the token as written. It must
/// never say so wrongly, and for a token without a backslash it must say
/// so exactly when it holds (a token with escapes takes the long way).
/// Checked on tokens made of the pieces that matter (quotes, backslashes,
/// controls, invisible and ordinary non-ASCII characters, malformed
/// UTF-8) and on hand-picked ones.
@Suite struct CanonicalStringTests {
    /// What the formatter would print for a token, the long way.
    static func printedBack(_ token: [UInt8]) -> [UInt8] {
        Array(("\"" + StringLiteral.escape(StringLiteral.decode(ArraySlice(token))) + "\"").utf8)
    }

    static func isCanonical(_ token: [UInt8]) -> Bool {
        token.withUnsafeBufferPointer(StringLiteral.isCanonical)
    }

    @Test(arguments: [
        (#""plain text""#, true),
        (#""""#, true),
        (#""l’Ouzbékistan « x » 😀""#, true),
        (#""a \"quoted\" word""#, false),
        (#""back\\slash""#, false),
        (#""not \u{41} canonical""#, false),
        ("\"nbsp\u{A0}here\"", false),
        ("\"word\u{2009}joiner\"", false),
        ("\"tab\there\"", false),
        (#""unterminated"#, false),
        // Long enough to be read eight bytes at a time.
        (#""abcdefghijklmnopqrstuvwxyz 0123456789""#, true),
        (#""abcdefgh\ijklmnop""#, false),
        ("\"abcdefghij\u{7F}klmnop\"", false),
        ("\"abcdefghijk\u{1F}lmnop\"", false),
        ("\"abcdefghijklm\"nop\"", false),
        ("\"abcdefghijklmn\u{A0}opqrstu\"", false),
        ("\"", false),
    ])
    func handPicked(_ token: String, _ canonical: Bool) {
        let bytes = Array(token.utf8)
        #expect(Self.isCanonical(bytes) == canonical)
        if canonical { #expect(Self.printedBack(bytes) == bytes) }
    }

    @Test func agreesWithPrintingTheValueBack() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("Z 9".utf8), Array("é".utf8), Array("’".utf8), Array("😀".utf8), Array("«".utf8),
            [0x22], [0x5C], [0x5C, 0x22], [0x5C, 0x75, 0x7B, 0x41, 0x30, 0x7D], [0x0A], [0x09], [0x0D], [0x7F], [0x01],
            Array("\u{A0}".utf8), Array("\u{AD}".utf8), Array("\u{85}".utf8), Array("\u{2007}".utf8), Array("\u{200F}".utf8),
            Array("\u{2010}".utf8), Array("\u{2028}".utf8), Array("\u{202F}".utf8), Array("\u{2030}".utf8),
            Array("\u{205F}".utf8), Array("\u{2064}".utf8), Array("\u{2065}".utf8), Array("\u{3000}".utf8),
            Array("\u{FEFF}".utf8), Array("\u{FEFE}".utf8),
            // Malformed: a lone continuation, a cut sequence, an overlong
            // slash, a surrogate, past U+10FFFF.
            [0x80], [0xE2, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xFF],
        ]
        var random = SplitMix64(seed: 0xCA90_1CA1)
        var canonicalSeen = 0
        for _ in 0..<20_000 {
            var token: [UInt8] = Bool.random(using: &random) || Int.random(in: 0..<8, using: &random) > 0 ? [0x22] : []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                // Mostly plain pieces, so that many tokens are canonical.
                let index = Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 0..<pieces.count, using: &random)
                                                                       : Int.random(in: 0..<6, using: &random)
                token += pieces[index]
            }
            if Int.random(in: 0..<10, using: &random) > 0 { token.append(0x22) }
            let canonical = Self.isCanonical(token)
            let printsBack = Self.printedBack(token) == token
            if canonical { #expect(printsBack, "\(token)") }
            if !token.contains(0x5C) { #expect(canonical == printsBack, "\(token)") }
            if canonical { canonicalSeen += 1 }
        }
        // Both answers were given many times.
        #expect(canonicalSeen > 2_000 && canonicalSeen < 18_000, "\(canonicalSeen)")
    }
}

import AnnalTestSupport
import AnnalSyntax
import Testing

@Suite struct StringLiteralTests {
    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""a \"quoted\" word""#, "a \"quoted\" word"),
        (#""back\\slash""#, "back\\slash"),
        (#""tab\tand\nline""#, "tab\tand\nline"),
        (#""nbsp\u{A0}and \u{1F600}""#, "nbsp\u{A0}and 😀"),
        (#""bad \q kept""#, "bad \\q kept"),
        (#""unterminated"#, "unterminated"),
        (#""ends in \"""#, "ends in \""),
        (#""""#, ""),
    ])
    func decodes(_ raw: String, _ expected: String) {
        #expect(StringLiteral.decode(ArraySlice(Array(raw.utf8))) == expected)
        // The same literal as a token of a tree (the path lowering takes,
        // with its shortcut for strings without escapes).
        let tree = SyntaxTree.parse("x = " + raw)
        let strings = tree.tokens.indices.map { SyntaxToken(tree: tree, index: $0) }.filter { $0.kind == .string }
        #expect(strings.count == 1)
        #expect(strings.map(StringLiteral.value(of:)) == [expected])
    }

    @Test(arguments: ["plain", "quote \" and \\ back", "line\nbreak\ttab", "l’Ouzbékistan « x »", "cr\rhere"])
    func escapeRoundTrips(_ value: String) {
        let literal = "\"" + StringLiteral.escape(value) + "\""
        let tree = SyntaxTree.parse("x = " + literal)
        #expect(tree.errors.isEmpty)
        #expect(StringLiteral.decode(ArraySlice(Array(literal.utf8))) == value)
    }
}

// A quote is kept as the UTF-8 of its value, made without a `String`:
// the same bytes as the string value, escapes and repairs included.
@Suite struct StringLiteralBytesTests {
    private static let pieces: [[UInt8]] = [
        Array("la paix".utf8), Array("é".utf8), Array("\\\"".utf8), Array("\\\\".utf8), Array("\\n".utf8),
        Array("\\t".utf8), Array("\\u{301}".utf8), Array("\\u{1F600}".utf8), Array("\\q".utf8), Array("\\u{D800}".utf8),
        Array("’".utf8), [0xC3], [0xFF], [0xE2, 0x80], Array(" ".utf8),
    ]

    @Test func theValuesBytesAreTheUTF8OfItsString() {
        var generator = SplitMix64(seed: 77)
        var escaped = 0
        var repaired = 0
        for round in 0..<2_000 {
            var body: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { body += Self.pieces.randomElement(using: &generator)! }
            let bytes = Array("x = \"".utf8) + body + Array("\"\n".utf8)
            // Parsed as given (maybe not UTF-8), and as checked UTF-8 when it is.
            var trees = [SyntaxTree.parse(bytes: bytes)]
            if String(validating: bytes, as: UTF8.self) != nil { trees.append(SyntaxTree.parse(validUTF8: bytes)) } else { repaired += 1 }
            for tree in trees {
                guard let token = tree.tokens.indices.first(where: { tree.tokens[$0].kind == .string }) else {
                    Issue.record("round \(round): no string token")
                    continue
                }
                #expect(StringLiteral.valueUTF8(ofToken: token, in: tree) == Array(StringLiteral.value(ofToken: token, in: tree).utf8),
                        "round \(round): \(bytes.map { String($0, radix: 16) })")
            }
            if body.contains(UInt8(ascii: "\\")) { escaped += 1 }
        }
        #expect(escaped > 500 && repaired > 300)
    }
}

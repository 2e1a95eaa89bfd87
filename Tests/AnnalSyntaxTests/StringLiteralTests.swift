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

// Escapes resolved as the format says, checked against a plain reading of
// the value scalar by scalar: runs between escapes, escapes at either end,
// next to each other, invalid ones kept as written.
@Suite struct StringLiteralEscapeTests {
    /// The value of a string's body (valid UTF-8, no quotes), one scalar
    /// or escape at a time.
    private static func reference(_ body: String) -> String {
        let scalars = Array(body.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "\\", index + 1 < scalars.count else {
                out.append(scalars[index])
                index += 1
                continue
            }
            switch scalars[index + 1] {
            case "\"", "\\": out.append(scalars[index + 1]); index += 2
            case "n": out.append("\n"); index += 2
            case "t": out.append("\t"); index += 2
            case "u":
                var cursor = index + 2
                var digits = ""
                if cursor < scalars.count, scalars[cursor] == "{" {
                    cursor += 1
                    while cursor < scalars.count, scalars[cursor].properties.isASCIIHexDigit, digits.count <= 6 {
                        digits.unicodeScalars.append(scalars[cursor])
                        cursor += 1
                    }
                }
                if cursor < scalars.count, scalars[cursor] == "}", (1...6).contains(digits.count),
                   let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) {
                    out.append(scalar)
                    index = cursor + 1
                } else {
                    out.append("\\")
                    index += 1
                }
            default:
                out.append("\\")
                index += 1
            }
        }
        return String(out)
    }

    @Test func escapesResolveAsAPlainReadingSays() {
        let pieces = ["la paix", "é", "\\\"", "\\\\", "\\n", "\\t", "\\u{301}", "\\u{1F600}", "\\u{41}", "\\u{10FFFF}",
                      "\\u{0000041}", "\\u{}", "\\u{D800}", "\\u", "\\q", "’", "«", " ", "\\"]
        var generator = SplitMix64(seed: 2024)
        var escaped = 0
        for _ in 0..<3_000 {
            var body = ""
            for _ in 0..<Int.random(in: 0...10, using: &generator) { body += pieces.randomElement(using: &generator)! }
            // A body ending in an odd run of backslashes would escape the
            // closing quote: another string; left out.
            if body.reversed().prefix(while: { $0 == "\\" }).count % 2 == 1 { continue }
            let literal = "\"" + body + "\""
            #expect(StringLiteral.decode(ArraySlice(Array(literal.utf8))) == Self.reference(body), "\(literal)")
            if body.contains("\\") { escaped += 1 }
        }
        #expect(escaped > 1_500)
    }
}

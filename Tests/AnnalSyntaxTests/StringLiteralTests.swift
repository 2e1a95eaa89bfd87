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

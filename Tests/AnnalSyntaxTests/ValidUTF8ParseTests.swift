import AnnalSyntax
import Testing

/// A tree parsed from bytes known to be valid UTF-8 makes its token texts
/// and string values without validating them again: they must be the very
/// texts the validating path makes.
@Suite struct ValidUTF8ParseTests {
    static let texts = [
        "relation nato-uz {\n  title = \"Coopération OTAN–Ouzbékistan\"\n  event 1994-07 {\n"
            + "    summary = \"L’Ouzbékistan rejoint le \\\"PPP\\\" \\u{1F600} \\u{301}e\"\n  }\n}\n",
        "\u{FEFF}party XÉ { name = \"\u{1F1FA}\u{1F1FF}\" } # commentaire « ici »\n",
        "source s { path = \"non terminée é\n}",
        "x = \"a\\\\\" \"\\u{D800}\" \"\\q\u{300}\" [é, \u{65}\u{301}] \"\\u{10FFFF}\\u{0}\"",
        "",
    ]

    @Test(arguments: texts)
    func tokenTextsAndStringValuesAreTheValidatedOnes(_ text: String) {
        let bytes = Array(text.utf8)
        let trusted = SyntaxTree.parse(validUTF8: bytes)
        let validated = SyntaxTree.parse(bytes: bytes)
        #expect(trusted.tokens == validated.tokens)
        for index in trusted.tokens.indices {
            let token = SyntaxToken(tree: trusted, index: index)
            let reference = SyntaxToken(tree: validated, index: index)
            #expect(token.text == reference.text)
            #expect(token.text.utf8.elementsEqual(bytes[token.range]))
            if token.kind == .string {
                #expect(StringLiteral.value(of: token) == StringLiteral.value(of: reference))
            }
        }
        #expect(SyntaxTree.parse(text).tokens == trusted.tokens)
    }

    @Test func invalidBytesAreStillRepairedWhenNotVouchedFor() {
        // A lone continuation byte and a truncated sequence inside a string.
        let tree = SyntaxTree.parse(bytes: [0x22, 0x61, 0x80, 0x62, 0xC3, 0x22])
        let string = SyntaxToken(tree: tree, index: 0)
        #expect(string.kind == .string)
        #expect(StringLiteral.value(of: string) == "a\u{FFFD}b\u{FFFD}")
        #expect(string.text == "\"a\u{FFFD}b\u{FFFD}\"")
    }
}

import AnnalSyntax
import Testing

// `SyntaxTree.text(ofToken:equals:)` compares a token's bytes with a string's
// without making a String of the token (lowering checks every enumerated
// value with it): it must agree with comparing the texts.

@Suite struct TokenTextEqualsTests {
    @Test func agreesWithComparingTheTexts() {
        let tree = SyntaxTree.parse("party UZ {\n  kind = state\n  name.fr = \"Ouzbékistan\"\n}\n")
        let candidates = ["party", "UZ", "kind", "state", "States", "stat", "", "name.fr", "\"Ouzbékistan\"",
                          "\"Ouzbekistan\"", "{", "=", String(repeating: "state", count: 10)]
        var compared = 0
        for index in tree.tokens.indices {
            let token = SyntaxToken(tree: tree, index: index)
            for candidate in candidates {
                #expect(tree.text(ofToken: index, equals: candidate) == (token.text == candidate), "\(token.text.debugDescription) vs \(candidate.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 100)
        // A bridged or shared string without contiguous UTF-8 still compares.
        let word = SyntaxToken(tree: tree, index: tree.tokens.firstIndex { tree.text($0.range) == "state" }!)
        #expect(tree.text(ofToken: word.index, equals: String("xstate".dropFirst())))
    }
}

import AnnalSyntax
import AnnalTestSupport
import Testing

// Strings made from a tree's bytes are marked ASCII when they are: an
// unmarked String is hashed and compared through Unicode normalisation,
// several times slower, and names are dictionary keys everywhere.

@Suite struct ASCIIStringFlagTests {
    // Names and paths longer than 15 bytes: shorter ones are small strings,
    // always marked.
    private let tree = SyntaxTree.parse(validUTF8: Array("""
    source nato-uzbekistan-s1 {
      path  = "sources/nato.fr.txt"
      title = "Relations avec l’Ouzbékistan"
    }

    """.utf8))

    private func token(_ text: String) -> SyntaxToken? {
        var found: SyntaxToken?
        func visit(_ node: SyntaxNode) {
            node.forEachChild { child in
                switch child {
                case .token(let token): if found == nil && token.text == text { found = token }
                case .node(let node): visit(node)
                }
                return found == nil
            }
        }
        visit(tree.root)
        return found
    }

    @Test func anASCIITokenTextIsMarkedASCII() throws {
        let word = try #require(token("nato-uzbekistan-s1"))
        #expect(isMarkedASCII(word.text))
        let path = try #require(token("\"sources/nato.fr.txt\""))
        #expect(isMarkedASCII(StringLiteral.value(of: path)))
    }

    @Test func aTextWithOtherCharactersIsNot() throws {
        let title = try #require(token("\"Relations avec l’Ouzbékistan\""))
        #expect(!isMarkedASCII(title.text))
        #expect(StringLiteral.value(of: title) == "Relations avec l’Ouzbékistan")
    }
}

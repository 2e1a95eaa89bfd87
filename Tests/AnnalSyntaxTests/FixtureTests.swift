import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// Lexer and parser fixtures: `X.annal` next to `X.tokens` / `X.tree`.
@Suite struct FixtureTests {
    static let lexerInputs = Fixtures.files(in: Fixtures.folder("AnnalSyntaxTests", "lexer"), withExtension: "annal")
    static let okInputs = Fixtures.files(in: Fixtures.folder("AnnalSyntaxTests", "parser/ok"), withExtension: "annal")
    static let errInputs = Fixtures.files(in: Fixtures.folder("AnnalSyntaxTests", "parser/err"), withExtension: "annal")

    @Test func fixtureFoldersAreNotEmpty() {
        #expect(Self.lexerInputs.count >= 4)
        #expect(Self.okInputs.count >= 5)
        #expect(Self.errInputs.count >= 8)
    }

    @Test(arguments: lexerInputs)
    func lexerFixture(_ input: URL) {
        let tree = SyntaxTree.parse(bytes: Fixtures.bytes(input))
        var actual = tree.dumpTokens()
        if !tree.errors.isEmpty {
            actual += "errors:\n" + tree.errors.map { "  \($0.range.lowerBound)..\($0.range.upperBound): \($0.message)\n" }.joined()
        }
        let failure = Fixtures.compare(actual, expectationFile: input.deletingPathExtension().appendingPathExtension("tokens"))
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test(arguments: okInputs)
    func parserAcceptsValidInput(_ input: URL) {
        let tree = SyntaxTree.parse(bytes: Fixtures.bytes(input))
        #expect(tree.errors.isEmpty, "unexpected errors in \(input.lastPathComponent): \(tree.errors.map(\.message))")
        let failure = Fixtures.compare(tree.dump(), expectationFile: input.deletingPathExtension().appendingPathExtension("tree"))
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test(arguments: errInputs)
    func parserRecoversFromBrokenInput(_ input: URL) {
        let tree = SyntaxTree.parse(bytes: Fixtures.bytes(input))
        #expect(!tree.errors.isEmpty, "\(input.lastPathComponent) should have syntax errors")
        #expect(!tree.errors.contains { $0.message.hasPrefix("internal error") }, "the parser got stuck")
        let failure = Fixtures.compare(tree.dump(), expectationFile: input.deletingPathExtension().appendingPathExtension("tree"))
        #expect(failure == nil, "\(failure ?? "")")
    }
}

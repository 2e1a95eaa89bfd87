import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

@Suite struct RuleDocumentationTests {
    @Test func embeddedTextMatchesTheDocsFile() throws {
        let file = String(decoding: Fixtures.bytes(Fixtures.repositoryRoot.appendingPathComponent("docs/diagnostics.md")), as: UTF8.self)
        #expect(RuleDocumentation.markdown == file, "run scripts/embed-resources after editing docs/diagnostics.md")
    }

    @Test(arguments: Rule.allCases)
    func everyRuleHasItsOwnSection(_ rule: Rule) throws {
        let section = try #require(RuleDocumentation.section(for: rule))
        #expect(section.hasPrefix("## \(rule.code) \(rule.descriptor.name)\n"))
        #expect(!section.dropFirst(3).contains("\n## "), "a section must stop at the next heading")
        #expect(section.contains("Wrong") && section.contains("Right"))
    }
}

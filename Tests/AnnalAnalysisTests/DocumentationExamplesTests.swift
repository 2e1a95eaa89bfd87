import AnnalAnalysis
import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// The examples in the language reference and the README are valid Annal:
/// they parse without syntax errors and hold no misplaced or unknown blocks.
@Suite struct DocumentationExamplesTests {
    static func examples(in file: String) throws -> [String] {
        let text = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
        return text.components(separatedBy: "```annal\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    /// A fragment (an event, a citation) is checked inside the block it belongs to.
    static func inContext(_ example: String) -> String {
        let firstWord = example.split(whereSeparator: { $0.isWhitespace }).first { !$0.hasPrefix("#") } ?? ""
        switch firstWord {
        case "event": return "relation context {\n\(example)\n}\n"
        case "cite": return "relation context {\nevent 2000 {\n\(example)\n}\n}\n"
        default: return example
        }
    }

    @Test(arguments: ["README.md", "docs/language.md"])
    func examplesAreWellFormed(_ file: String) throws {
        let examples = try Self.examples(in: file)
        #expect(!examples.isEmpty)
        let structural: Set<Rule> = [.syntaxError, .unterminatedString, .invalidEscape, .unknownBlockKeyword, .misplacedBlock]
        for (number, example) in examples.enumerated() {
            // Examples marked as wrong on purpose carry an `AN` code in a comment.
            if example.contains("# AN0") { continue }
            let analysis = FileAnalysis(path: "example.annal", text: Self.inContext(example))
            let problems = analysis.localDiagnostics.filter { structural.contains($0.rule) }
            #expect(problems.isEmpty, "\(file) example \(number + 1): \(problems.map(\.message))\n\(example)")
        }
    }
}

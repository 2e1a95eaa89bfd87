import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

/// `docs/diagnostics.md` documents every rule of the registry, in code
/// order, with its name and default severity, a wrong and a right example.
@Suite struct DiagnosticsCatalogueTests {
    struct Entry {
        let code: String
        let name: String
        let body: String
    }

    static func entries() throws -> [Entry] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("docs/diagnostics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        var entries: [Entry] = []
        for section in text.components(separatedBy: "\n## ").dropFirst() {
            let heading = section.prefix { $0 != "\n" }
            let parts = heading.split(separator: " ")
            guard parts.count == 2, parts[0].hasPrefix("AN") else { continue }
            entries.append(Entry(code: String(parts[0]), name: String(parts[1]), body: String(section)))
        }
        return entries
    }

    @Test func headingsMatchTheRegistryInOrder() throws {
        let documented = try Self.entries().map { "\($0.code) \($0.name)" }
        let registered = Rule.allCases.map { "\($0.code) \($0.descriptor.name)" }
        #expect(documented == registered)
    }

    @Test func everyEntryStatesItsSeverityAndShowsWrongAndRight() throws {
        for entry in try Self.entries() {
            guard let rule = Rule(rawValue: entry.code) else { continue }
            #expect(entry.body.contains("Severity: \(rule.descriptor.defaultSeverity.rawValue)"), "\(entry.code) severity")
            #expect(entry.body.contains("Wrong") && entry.body.contains("Right"), "\(entry.code) examples")
            let fence = entry.code.hasPrefix("AN7") ? "```toml" : "```annal" // configuration rules show annal.toml
            #expect(entry.body.contains(fence), "\(entry.code) has no \(fence) example")
        }
    }

    @Test func codesAndNamesAreUniqueAndFindable() {
        #expect(Set(Rule.allCases.map { $0.descriptor.name }).count == Rule.allCases.count)
        for rule in Rule.allCases {
            #expect(Rule(codeOrName: rule.descriptor.name) == rule)
            #expect(Rule(codeOrName: rule.code.lowercased()) == rule)
        }
    }
}

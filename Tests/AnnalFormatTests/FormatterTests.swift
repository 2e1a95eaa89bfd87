import AnnalAnalysis
import AnnalFormat
import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// Formatter fixtures (`X.annal` → `X.formatted`), and two properties on
/// every `.annal` file of the repository: formatting is idempotent and
/// keeps the meaning.
@Suite struct FormatterTests {
    static let fixtures = Fixtures.files(in: Fixtures.folder("AnnalFormatTests", ""), withExtension: "annal")

    /// Every `.annal` file in the fixtures of all test targets and in samples/.
    static let allInputs: [URL] = {
        var urls: [URL] = []
        for root in [Fixtures.repositoryRoot.appendingPathComponent("Tests"), Fixtures.repositoryRoot.appendingPathComponent("samples")] {
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "annal", !url.path.contains("/e2e/") { urls.append(url) }
            }
        }
        return urls.sorted { $0.path < $1.path }
    }()

    @Test func thereAreInputs() {
        #expect(Self.fixtures.count >= 6)
        #expect(Self.allInputs.count >= 60)
    }

    @Test(arguments: fixtures)
    func formatsToTheExpectedLayout(_ input: URL) {
        let text = String(decoding: Fixtures.bytes(input), as: UTF8.self)
        let formatted = Formatter().format(text)
        let failure = Fixtures.compare(formatted, expectationFile: input.deletingPathExtension().appendingPathExtension("formatted"))
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test(arguments: allInputs)
    func formattingIsIdempotent(_ input: URL) {
        let once = Formatter().format(String(decoding: Fixtures.bytes(input), as: UTF8.self))
        let twice = Formatter().format(once)
        #expect(once == twice, "\(input.lastPathComponent): \(Fixtures.firstDifference(once, twice))")
    }

    @Test(arguments: allInputs)
    func formattingKeepsTheMeaning(_ input: URL) {
        let text = String(decoding: Fixtures.bytes(input), as: UTF8.self)
        let formatted = Formatter().format(text)
        let before = ModelSummary.describe(FileAnalysis(path: "f.annal", text: text))
        let after = ModelSummary.describe(FileAnalysis(path: "f.annal", text: formatted))
        #expect(before == after, "\(input.lastPathComponent): \(Fixtures.firstDifference(before, after))")
    }

    @Test func samplesAreInCanonicalLayout() throws {
        let samples = Fixtures.files(in: Fixtures.repositoryRoot.appendingPathComponent("samples"), withExtension: "annal")
        #expect(samples.count == 4)
        for sample in samples {
            let text = String(decoding: Fixtures.bytes(sample), as: UTF8.self)
            #expect(Formatter().format(text) == text, "\(sample.lastPathComponent): \(Fixtures.firstDifference(text, Formatter().format(text)))")
        }
    }

    @Test func lineWidthDecidesWhenListsWrap() {
        let text = "relation r {\n  parties = [NATO, UZ, KZ]\n}\n"
        #expect(Formatter(options: FormatOptions(lineWidth: 80)).format(text) == text)
        #expect(Formatter(options: FormatOptions(lineWidth: 20)).format(text) == "relation r {\n  parties = [\n    NATO,\n    UZ,\n    KZ,\n  ]\n}\n")
    }

    @Test func rangeFormattingTouchesOnlyIntersectingItems() {
        let text = "party A {\nkind=state\n}\nparty B {\nkind=state\n}\n"
        let tree = SyntaxTree.parse(text)
        let edits = Formatter().formatItems(in: tree, intersecting: 30..<31)
        #expect(edits.count == 1)
        #expect(edits.first?.text == "party B {\n  kind = state\n}")
        #expect(edits.first?.range == 23..<45)
    }
}

/// The meaning of a file, written out without positions: declarations,
/// fields with their values, events, citations, and the syntax errors'
/// messages. Two texts mean the same when their summaries are equal.
enum ModelSummary {
    static func describe(_ analysis: FileAnalysis) -> String {
        var out = ""
        for declaration in analysis.model.declarations {
            out += "\(declaration.kind.rawValue) \(declaration.id)\n"
            for field in declaration.fields { out += "  \(field.key) = \(value(field.value))\n" }
            for event in declaration.events {
                out += "  event \(event.date.map { "\($0)" } ?? event.dateText)\n"
                for field in event.fields { out += "    \(field.key) = \(value(field.value))\n" }
                for citation in event.citations { out += "    cite \(citation.source.name) \(citation.quote.debugDescription)\n" }
            }
        }
        for reference in analysis.model.references { out += "ref \(reference.expected.rawValue) \(reference.name)\n" }
        for diagnostic in analysis.localDiagnostics { out += "diagnostic \(diagnostic.rule.code) \(diagnostic.message)\n" }
        return out
    }

    static func value(_ value: ValueModel?) -> String {
        switch value {
        case .none: "<missing>"
        case .string(let text, _): text.debugDescription
        case .word(let text, _): text
        case .list(let items, _): "[" + items.map { Self.value($0) }.joined(separator: ", ") + "]"
        }
    }
}

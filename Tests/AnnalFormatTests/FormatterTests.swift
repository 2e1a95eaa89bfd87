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
        let before = FileAnalysis(path: "f.annal", text: text).meaningSummary
        let after = FileAnalysis(path: "f.annal", text: formatted).meaningSummary
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

    /// A tree of bytes that are not UTF-8 (an editor's buffer may hold
    /// them) is formatted as the text they decode to: the output is UTF-8,
    /// the same as formatting that text, and the bytes-and-string entry
    /// points agree.
    @Test func bytesThatAreNotUTF8AreFormattedAsTheTextTheyDecodeTo() {
        // In a string (whose value is decoded anyway) and in a comment
        // (copied as written).
        let bytes = Array("relation r {\n    title = \"caf".utf8) + [0xC3, 0x28, 0xFF]
            + Array("\"\n  parties=[A,B] # note ".utf8) + [0xE2, 0x80] + Array("\n}\n".utf8)
        let formatter = AnnalFormat.Formatter()
        let formatted = formatter.formattedBytes(SyntaxTree.parse(bytes: bytes))
        let decoded = String(decoding: bytes, as: UTF8.self)
        #expect(String(validating: formatted, as: UTF8.self) != nil)
        #expect(formatted == Array(formatter.format(decoded).utf8))
        #expect(formatter.format(SyntaxTree.parse(bytes: bytes)) == formatter.format(decoded))
        #expect(String(decoding: formatted, as: UTF8.self).contains("title   = \"caf\u{FFFD}(\u{FFFD}\""))
        #expect(String(decoding: formatted, as: UTF8.self).contains("parties = [A, B] # note \u{FFFD}\n"))
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

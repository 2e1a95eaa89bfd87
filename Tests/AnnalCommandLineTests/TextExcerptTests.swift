import AnnalAnalysis
@testable import AnnalCommandLine
import AnnalFileSystem
import Foundation
import Testing

/// The excerpt under a text finding: the line as written, then a tab
/// under each tab and a space under every other character before the
/// range, then one `^` per character of the range.
@Suite struct TextExcerptTests {
    static func render(_ text: String, finding: String, in line: String) throws -> String {
        let bytes = Array(text.utf8)
        var workspace = Workspace()
        workspace.setFiles([FileAnalysis(path: "r.annal", bytes: bytes)])  // holds its text: nothing is read again
        let lineStart = try #require(text.range(of: line)).lowerBound
        let start = text.utf8.distance(from: text.startIndex, to: try #require(text.range(of: finding, range: lineStart..<text.endIndex)).lowerBound)
        let diagnostic = Diagnostic(.unknownField, file: "r.annal", range: start..<(start + finding.utf8.count), message: "m")
        let texts = ReportTexts(workspace: workspace, host: FileSystemHost(root: FileManager.default.temporaryDirectory),
                                fingerprints: [:])
        return Report(diagnostics: [diagnostic], workspace: workspace, displayPaths: [:], fileCount: 1, texts: texts)
            .render(.text, color: false)
    }

    @Test func tabsStayTabsAndEachCharacterGetsOneMark() throws {
        let out = try Self.render("relation r {\n\trésumé = «oui»\n}\n", finding: "«oui»", in: "\trésumé")
        #expect(out.contains("2 | \trésumé = «oui»\n  | \t         ^^^^^\n"), "\(out)")
    }

    @Test func aRangeOverSeveralLinesIsMarkedToTheEndOfItsFirst() throws {
        let out = try Self.render("relation r {\n  a = \"un\ndeux\"\n}\n", finding: "\"un\ndeux\"", in: "  a")
        #expect(out.contains("2 |   a = \"un\n  |       ^^^\n"), "\(out)")
    }
}

import AnnalAnalysis
@testable import AnnalCommandLine
import AnnalFileSystem
import Foundation
import Testing

/// A report of many findings is rendered a run of findings at a time on all
/// cores: the text is the findings' own texts, each once, in order.
@Suite struct ReportRunsTests {
    static let lineCount = 150

    static func report(_ diagnostics: [Diagnostic], workspace: Workspace) -> Report {
        Report(diagnostics: diagnostics, workspace: workspace, displayPaths: ["r.annal": "data/r.annal"], fileCount: 1,
               texts: ReportTexts(workspace: workspace, host: FileSystemHost(root: FileManager.default.temporaryDirectory),
                                  fingerprints: [:]))
    }

    static func findings() -> (Workspace, [Diagnostic]) {
        let text = (0..<lineCount).map { "party p\($0) {}\n" }.joined()
        var workspace = Workspace()
        workspace.setFiles([FileAnalysis(path: "r.annal", bytes: Array(text.utf8))])
        let index = workspace.files["r.annal"]!.lineIndex
        // More findings than a run holds, a number that leaves a last run part full.
        let diagnostics = (0..<(2 * Report.findingsPerRun + 7)).map { number in
            let start = index.lineStart(number) + 6
            return Diagnostic(number.isMultiple(of: 3) ? .unknownField : .invalidValue, file: "r.annal", range: start..<(start + 2),
                              message: "finding \(number)")
        }
        return (workspace, diagnostics)
    }

    @Test(arguments: [ReportFormat.text, .github])
    func manyFindingsRenderAsEachAloneInOrder(_ format: ReportFormat) {
        let (workspace, diagnostics) = Self.findings()
        let whole = Self.report(diagnostics, workspace: workspace).render(format, color: false)
        let oneByOne = diagnostics.map { Self.report([$0], workspace: workspace).render(format, color: false) }.joined()
        #expect(whole == oneByOne)
        #expect(whole.contains("finding \(diagnostics.count - 1)"))
    }

    /// The report's own concatenation gives what `joined(separator:)` does.
    @Test(arguments: [[], ["one"], ["a", "", "ç’«", "last"], ["", ""]])
    func partsAreConcatenatedAsJoinedWouldJoinThem(_ parts: [String]) {
        for separator in ["", ", ", "\n"] {
            #expect(Report.concatenated(parts, separator: separator) == parts.joined(separator: separator))
        }
    }
}

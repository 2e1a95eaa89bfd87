import AnnalAnalysis
import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// Rule fixtures with inline expectations. A comment line made of carets
/// and a code marks a diagnostic on the nearest line above that is not an
/// annotation:
///
///     parties = [NATO, UZB]
///     #                ^^^ AN101
///
/// The carets sit under the columns (code points) the diagnostic covers on
/// its first line; `#` counts as a caret when a caret follows it directly
/// (`#^^^^ AN005` marks columns 0 to 4). An empty range is marked by one
/// caret. Every diagnostic of the file must be annotated, and every
/// annotation matched. Each folder is one workspace (its `sources/` are
/// loaded as source documents), and each file is checked within it.
@Suite struct RuleFixtureTests {
    struct Expectation: Hashable, CustomStringConvertible {
        let line: Int
        let column: Int
        let width: Int
        let code: String
        var description: String { "\(line + 1):\(column + 1) width \(width) \(code)" }
    }

    static let folders: [URL] = [
        Fixtures.repositoryRoot.appendingPathComponent("samples/broken"),
        Fixtures.folder("AnnalAnalysisTests", "rules"),
    ]

    static let files: [URL] = folders.flatMap { Fixtures.files(in: $0, withExtension: "annal") }

    /// Loads a folder as a workspace, the way the command line does.
    static func workspace(for folder: URL) -> Workspace {
        var workspace = Workspace()
        let texts = Fixtures.files(in: folder, withExtension: "annal").map {
            (path: $0.lastPathComponent, text: String(decoding: Fixtures.bytes($0), as: UTF8.self))
        }
        workspace.setFiles(texts)
        for path in workspace.citedSourcePaths() {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                workspace.setSource(path, .missing)
            } else if isDirectory.boolValue {
                workspace.setSource(path, .unreadable("it is a folder"))
            } else if let text = String(validating: Fixtures.bytes(url), as: UTF8.self) {
                workspace.setSource(path, .text(text))
            } else {
                workspace.setSource(path, .notUTF8(offset: 0))
            }
        }
        return workspace
    }

    static func expectations(in text: String) -> [Expectation] {
        var result: [Expectation] = []
        var target = -1
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            guard let hash = scalars.firstIndex(of: "#"),
                  scalars[..<hash].allSatisfy({ $0 == " " }),
                  let firstCaret = scalars[(hash + 1)...].firstIndex(where: { $0 != " " }),
                  scalars[firstCaret] == "^"
            else {
                target = number
                continue
            }
            let start = firstCaret == hash + 1 ? hash : firstCaret
            var end = firstCaret
            while end < scalars.count, scalars[end] == "^" { end += 1 }
            let rest = String(String.UnicodeScalarView(scalars[end...])).trimmingCharacters(in: .whitespaces)
            guard let code = rest.split(separator: " ").first, code.hasPrefix("AN") else {
                target = number
                continue
            }
            result.append(Expectation(line: target, column: start, width: end - start, code: String(code)))
        }
        return result
    }

    @Test func everyRuleHasAnAnnotatedFixture() {
        let annotated = Set(Self.files.flatMap { Self.expectations(in: String(decoding: Fixtures.bytes($0), as: UTF8.self)).map(\.code) })
        // AN405 needs a 16 MiB file: the binary tests make one. AN7xx are
        // about annal.toml, not .annal files: ConfigurationTests cover them.
        let missing = Rule.allCases.map(\.code).filter { !annotated.contains($0) && $0 != "AN405" && !$0.hasPrefix("AN7") }
        #expect(missing.isEmpty, "rules without an annotated fixture: \(missing)")
    }

    /// `annal check` keeps analyses without their tokens and nodes: every
    /// finding, file-local or cross-file, must stay the same. The syntax
    /// errors the server publishes before indexing ends must be exactly the
    /// full set's.
    @Test(arguments: folders)
    func releasingSyntaxKeepsEveryDiagnostic(_ folder: URL) {
        let full = Self.workspace(for: folder)
        var released = full
        released.setFiles(full.files.values.map { $0.releasingSyntax() })
        #expect(released.files.values.allSatisfy { $0.tree.isSyntaxReleased || $0.tree.bytes.isEmpty })
        #expect(released.allDiagnostics() == full.allDiagnostics())
        #expect(!full.allDiagnostics().isEmpty)
        for (path, analysis) in full.files {
            let all = Set(full.diagnostics(for: path))
            let early = full.syntaxDiagnostics(of: analysis.tree, path: path, lineIndex: analysis.lineIndex)
            #expect(Set(early).isSubset(of: all), "\(path)")
            #expect(early.count == all.count { [.syntaxError, .unterminatedString, .invalidEscape, .invalidSuppression].contains($0.rule) },
                    "\(path): every syntax error and invalid suppression is in the early set")
        }
        // An edit to a released analysis parses the whole new text.
        if let (path, analysis) = released.files.first(where: { !$0.value.tree.bytes.isEmpty }) {
            let edit = ByteEdit(range: 0..<0, replacement: Array("# edited\n".utf8))
            let edited = analysis.applying(edit)
            let fresh = FileAnalysis(path: path, text: "# edited\n" + analysis.tree.text)
            #expect(edited.meaningSummary == fresh.meaningSummary)
            #expect(edited.localDiagnostics == fresh.localDiagnostics)
        }
    }

    @Test(arguments: files)
    func diagnosticsMatchTheAnnotations(_ file: URL) {
        let workspace = Self.workspace(for: file.deletingLastPathComponent())
        let path = file.lastPathComponent
        guard let analysis = workspace.files[path] else {
            Issue.record("\(path) not loaded")
            return
        }
        let expected = Set(Self.expectations(in: analysis.tree.text))
        var actual = Set<Expectation>()
        var messages: [Expectation: String] = [:]
        for diagnostic in workspace.diagnostics(for: path) {
            let start = analysis.lineIndex.position(of: diagnostic.range.lowerBound, in: .utf32)
            let end = analysis.lineIndex.position(of: diagnostic.range.upperBound, in: .utf32)
            let lineLength = LineIndex.units(analysis.lineIndex.lineBytes(start.line), .utf32)
            let width = max(1, (end.line == start.line ? end.column : lineLength) - start.column)
            let expectation = Expectation(line: start.line, column: start.column, width: width, code: diagnostic.rule.code)
            actual.insert(expectation)
            messages[expectation] = diagnostic.message
        }
        let unexpected = actual.subtracting(expected).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        let missing = expected.subtracting(actual).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        #expect(unexpected.isEmpty, "\(path): unannotated diagnostics: \(unexpected.map { "\($0) \(messages[$0] ?? "")" })")
        #expect(missing.isEmpty, "\(path): annotations with no diagnostic: \(missing)")
    }
}

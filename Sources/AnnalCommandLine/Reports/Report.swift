import AnnalAnalysis
import AnnalSyntax

/// Output formats of `annal check`.
enum ReportFormat: String {
    case text, json, sarif, github, gitlab
}

/// A 1-based line and column (columns count Unicode code points), the way
/// people and CI tools read positions.
struct DisplayPosition: Equatable {
    let line: Int
    let column: Int
}

/// The findings of one check run, ready to be rendered in any format.
struct Report: Sendable {
    let diagnostics: [Diagnostic]
    let workspace: Workspace
    /// Workspace path → path shown to the user.
    let displayPaths: [String: String]
    let fileCount: Int
    /// The text of every file named, read again when the check let it go.
    let texts: ReportTexts

    func displayPath(_ path: String) -> String { displayPaths[path] ?? path }

    func text(_ path: String) -> ReportText? { texts.text(path) }

    /// Start and end of a byte range as 1-based line and code-point column.
    func positions(_ path: String, _ range: Range<Int>) -> (DisplayPosition, DisplayPosition) {
        guard let text = text(path) else { return (DisplayPosition(line: 1, column: 1), DisplayPosition(line: 1, column: 1)) }
        let start = text.position(of: range.lowerBound, in: .utf32)
        let end = text.position(of: range.upperBound, in: .utf32)
        return (DisplayPosition(line: start.line + 1, column: start.column + 1), DisplayPosition(line: end.line + 1, column: end.column + 1))
    }

    func render(_ format: ReportFormat, color: Bool) -> String {
        switch format {
        case .text: renderText(color: color)
        case .json: renderJSON()
        case .sarif: renderSARIF()
        case .github: renderGitHub()
        case .gitlab: renderGitLab()
        }
    }

    /// How many findings one thread renders at a time, at most.
    static let findingsPerRun = 32

    /// `body`'s text for each run of consecutive findings, made on all
    /// cores and joined in order: the positions and excerpts of 1,221
    /// findings took 5 ms on one core at the end of a check of 50 MB.
    func renderedInRuns(_ body: @escaping @Sendable (ArraySlice<Diagnostic>) -> String) -> String {
        let size = Self.findingsPerRun
        guard diagnostics.count > size else { return body(diagnostics[...]) }
        let runs = stride(from: 0, to: diagnostics.count, by: size).map { $0..<min($0 + size, diagnostics.count) }
        let findings = diagnostics
        return Self.concatenated(Workspace.parallelMap(runs) { body(findings[$0]) })
    }

    /// `parts` one after the other, `separator` between two. Not the
    /// standard library's `joined(separator:)`: generic over the
    /// collection and not specialised here, its first call in a process
    /// looked up a conformance in a scan of every conformance record of
    /// the executable (about 160 K instructions, on one core at the end
    /// of every check).
    static func concatenated(_ parts: [String], separator: String = "") -> String {
        var text = ""
        text.reserveCapacity(parts.reduce(separator.utf8.count * max(0, parts.count - 1)) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { text += separator }
            text += part
        }
        return text
    }

    func count(_ severity: Severity) -> Int { diagnostics.count { $0.severity == severity } }

    /// One line: how many problems of each severity, in how many files.
    func summary() -> String {
        let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
        if diagnostics.isEmpty { return "No problems found in \(files)." }
        var parts: [String] = []
        for severity in Severity.allCases {
            let n = count(severity)
            if n > 0 { parts.append("\(n) \(severity.rawValue)\(n == 1 ? "" : "s")") }
        }
        let affected = Set(diagnostics.map(\.file)).count
        return "Found \(Self.concatenated(parts, separator: ", ")) in \(affected) of \(files)."
    }
}

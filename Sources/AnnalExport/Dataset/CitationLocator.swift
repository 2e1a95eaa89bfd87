import AnnalAnalysis
import AnnalSyntax

/// Finds each cited quote in its source document and converts the match
/// to lines and code-point columns, keeping one line index per document.
struct CitationLocator {
    let workspace: Workspace
    private var lineIndexes: [String: LineIndex] = [:]

    init(workspace: Workspace) {
        self.workspace = workspace
    }


    mutating func locate(_ citation: CitationModel) -> ExportedCitation {
        guard case .declaration(let source) = workspace.index.resolve(citation.source.name, as: .source) else {
            return ExportedCitation(source: citation.source.name, sourcePath: nil, quote: citation.quote, location: .unknownSource)
        }
        let path = workspace.sourcePath(of: source)
        return ExportedCitation(source: source.id, sourcePath: path, quote: citation.quote,
                                location: location(of: citation.quoteUTF8, in: path))
    }

    private mutating func location(of quote: [UInt8], in path: String?) -> QuoteLocation {
        guard let path, let document = workspace.sources[path], let text = document.text,
              let result = document.find(utf8: quote) else { return .sourceUnavailable }
        switch result {
        case .found(let range):
            let index = lineIndex(path, text)
            return .found(bytes: range, start: position(range.lowerBound, index), end: position(range.upperBound, index))
        case .ambiguous(let ranges): return .ambiguous(count: ranges.count)
        case .notFound: return .notFound
        case .emptyQuote: return .empty
        }
    }

    private mutating func lineIndex(_ path: String, _ text: String) -> LineIndex {
        if let index = lineIndexes[path] { return index }
        let index = LineIndex(text)
        lineIndexes[path] = index
        return index
    }

    private func position(_ offset: Int, _ index: LineIndex) -> TextPosition {
        let position = index.position(of: offset, in: .utf32)
        return TextPosition(line: position.line + 1, column: position.column + 1)
    }
}

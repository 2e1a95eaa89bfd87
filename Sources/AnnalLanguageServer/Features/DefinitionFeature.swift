import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/definition`: go-to-source. On a quote, the exact range of
/// the passage in the source document (every occurrence when ambiguous, the
/// closest passage when missing); on a source id, its declaration; on a
/// source `path`, the file; on any other reference, its declaration
/// (built-in entries in the materialised catalogue file).
enum DefinitionFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/definition": definition]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("definitionProvider", true)]
    }

    static func definition(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let offset = try snapshot.requirePosition(context.params, in: file)
        guard let symbol = SymbolLookup.symbol(at: offset, in: file.analysis.model) else { return .null }
        let workspace = file.workspace
        switch symbol {
        case .quote(let citation):
            guard let source = SymbolLookup.declaration(of: symbol, in: workspace.index),
                  let (path, document) = snapshot.sourceDocument(of: source, in: file.folder),
                  let document, let text = document.text, let result = document.find(utf8: citation.quoteUTF8) else { return .null }
            let index = LineIndex(text)
            let uri = snapshot.openDocuments[file.folder.absolutePath(of: path)]?.uri ?? DocumentURI.uri(forPath: file.folder.absolutePath(of: path))
            func location(_ range: Range<Int>) -> JSONValue { LSP.location(uri: uri, range: snapshot.range(range, in: index)) }
            switch result {
            case .found(let range): return location(range)
            case .ambiguous(let ranges): return .array(ranges.map(location))
            case .notFound(let closest): return closest.map { location($0.range) } ?? .null
            case .emptyQuote: return .null
            }
        case .sourcePath(let source, _):
            guard let (path, _) = snapshot.sourceDocument(of: source, in: file.folder) else { return .null }
            let zero = LSP.range(LinePosition(line: 0, column: 0), LinePosition(line: 0, column: 0))
            return LSP.location(uri: DocumentURI.uri(forPath: file.folder.absolutePath(of: path)), range: zero)
        case .eventDate, .dateValue:
            return .null
        case .reference, .declaration:
            guard let declaration = SymbolLookup.declaration(of: symbol, in: workspace.index) else { return .null }
            return snapshot.location(folder: file.folder, path: declaration.file, range: declaration.idRange) ?? .null
        }
    }
}

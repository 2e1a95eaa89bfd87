import AnnalAnalysis
import AnnalJSON
import JSONRPC

/// `textDocument/references`: every use of a declaration across the
/// workspace, aliases included, and the declaration itself when asked.
enum ReferencesFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/references": references]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("referencesProvider", true)]
    }

    static func references(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let offset = try snapshot.requirePosition(context.params, in: file)
        guard let symbol = SymbolLookup.symbol(at: offset, in: file.analysis.model),
              let target = SymbolLookup.declaration(of: symbol, in: file.workspace.index) else { return .null }
        var locations: [JSONValue] = []
        if context.params?["context"]?["includeDeclaration"]?.boolValue ?? true,
           let location = snapshot.location(folder: file.folder, path: target.file, range: target.idRange) {
            locations.append(location)
        }
        for (path, reference) in SymbolLookup.references(to: target, in: file.workspace) {
            try context.checkCancelled()
            if let location = snapshot.location(folder: file.folder, path: path, range: reference.range) { locations.append(location) }
        }
        return .array(locations)
    }
}

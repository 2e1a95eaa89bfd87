import AnnalAnalysis
import AnnalJSON
import JSONRPC

/// `textDocument/documentLink`: a source's `path` string links to the file.
enum DocumentLinkFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/documentLink": links]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("documentLinkProvider", .object([("resolveProvider", false)]))]
    }

    static func links(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        var links: [JSONValue] = []
        for source in file.analysis.model.declarations where source.kind == .source {
            guard let field = source.field("path"), case .string(_, let range) = field.value,
                  let (path, _) = snapshot.sourceDocument(of: source, in: file.folder) else { continue }
            let inner = (range.lowerBound + 1)..<max(range.lowerBound + 1, range.upperBound - 1) // inside the quotes
            var link: [(String, JSONValue)] = [
                ("range", snapshot.range(inner, in: file.analysis.lineIndex)),
                ("target", .string(DocumentURI.uri(forPath: file.folder.absolutePath(of: path)))),
            ]
            if snapshot.capabilities.supports("textDocument", "documentLink", "tooltipSupport") {
                link.append(("tooltip", .string("Open the source document")))
            }
            links.append(.object(link))
        }
        return .array(links)
    }
}

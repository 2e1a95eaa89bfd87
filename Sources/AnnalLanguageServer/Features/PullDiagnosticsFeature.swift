import AnnalAnalysis
import AnnalJSON
import JSONRPC

/// `textDocument/diagnostic` and `workspace/diagnostic`, for clients that
/// pull diagnostics (announced only to them, in `initialize`). Result ids
/// are the state generation: unchanged only when nothing changed anywhere,
/// since diagnostics depend on other files.
enum PullDiagnosticsFeature: Feature {
    static let handlers: [String: RequestHandler] = [
        "textDocument/diagnostic": document,
        "workspace/diagnostic": workspace,
    ]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] { [] } // announced by Lifecycle

    static func document(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let resultID = String(snapshot.generation)
        if context.params?["previousResultId"]?.stringValue == resultID {
            return .object([("kind", "unchanged"), ("resultId", .string(resultID))])
        }
        let items = LanguageServer.lspDiagnostics(file.workspace.diagnostics(for: file.path), folder: file.folder, snapshot: snapshot)
        return .object([("kind", "full"), ("resultId", .string(resultID)), ("items", .array(items))])
    }

    static func workspace(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let resultID = String(snapshot.generation)
        let previous = Dictionary((context.params?["previousResultIds"]?.arrayValue ?? []).compactMap { item -> (String, String)? in
            guard let uri = item["uri"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
            return (uri, value)
        }, uniquingKeysWith: { a, _ in a })
        var reports: [JSONValue] = []
        for folder in snapshot.folders {
            for path in folder.workspace.files.keys.sorted() {
                try context.checkCancelled()
                let uri = snapshot.uri(folder: folder, path: path)
                let version: JSONValue = snapshot.openDocuments[folder.absolutePath(of: path)].map { .int($0.version) } ?? .null
                if previous[uri] == resultID {
                    reports.append(.object([("kind", "unchanged"), ("uri", .string(uri)), ("version", version), ("resultId", .string(resultID))]))
                    continue
                }
                let items = LanguageServer.lspDiagnostics(folder.workspace.diagnostics(for: path), folder: folder, snapshot: snapshot)
                reports.append(.object([("kind", "full"), ("uri", .string(uri)), ("version", version),
                                        ("resultId", .string(resultID)), ("items", .array(items))]))
            }
        }
        return .object([("items", .array(reports))])
    }
}

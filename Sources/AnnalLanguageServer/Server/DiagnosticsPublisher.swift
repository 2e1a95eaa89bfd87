import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// Pushes diagnostics after changes (when the client does not pull them):
/// open documents first, then the rest of the workspace; only sets that
/// changed are sent; the whole run is abandoned when a newer edit arrives.
extension LanguageServer {
    func scheduleDiagnostics() {
        state.generation += 1
        let generation = state.generation
        latestGeneration.set(generation)
        // Nothing is pushed from a half-loaded workspace; indexing publishes when done.
        guard state.indexingInProgress == 0 else { return }
        guard !usesPullDiagnostics(state.capabilities) else {
            if state.capabilities.supports("workspace", "diagnostics", "refreshSupport") {
                client.request("workspace/diagnostic/refresh", nil) { _ in }
            }
            return
        }
        let snapshot = state.snapshot
        diagnosticsQueue.async { self.publish(snapshot, generation: generation) }
    }

    /// While indexing holds the full diagnostics back, an opened document
    /// gets its syntax errors as soon as it is parsed (configuration and
    /// suppressions applied), in the time the TOML servers take for their
    /// syntax check; the full set, with the one-file rules, references and
    /// every quote checked, replaces them when indexing ends. Nothing is
    /// taken back: the full set contains them. A document that already has
    /// diagnostics published (a re-index after annal.toml changed) keeps
    /// them until the full set is ready, rather than step back to fewer.
    func publishSyntaxDiagnostics(of document: OpenDocument, tree: SyntaxTree, folderIndex: Int, workspacePath: String) {
        guard !usesPullDiagnostics(state.capabilities) else { return }
        let snapshot = state.snapshot
        let folder = snapshot.folders[folderIndex]
        let lineIndex = LineIndex(bytes: tree.bytes)
        let diagnostics = folder.workspace.syntaxDiagnostics(of: tree, path: workspacePath, lineIndex: lineIndex)
        diagnosticsQueue.async {
            guard self.published[document.uri] == nil else { return }
            let items = Self.lspDiagnostics(diagnostics, folder: folder, snapshot: snapshot, lineIndex: (workspacePath, lineIndex))
            self.published[document.uri] = .array(items)
            self.client.send(.notification(method: "textDocument/publishDiagnostics", params: .object([
                ("uri", .string(document.uri)), ("version", .int(document.version)), ("diagnostics", .array(items)),
            ])))
        }
    }

    private func publish(_ snapshot: Snapshot, generation: Int) {
        var order: [(folder: FolderState, path: String, open: OpenDocument?)] = []
        for folder in snapshot.folders {
            for path in folder.workspace.files.keys.sorted() {
                order.append((folder, path, snapshot.openDocuments[folder.absolutePath(of: path)]))
            }
        }
        order.sort { ($0.open == nil ? 1 : 0) < ($1.open == nil ? 1 : 0) } // stable: open documents first
        // Each folder's annal.toml problems, published on that file.
        for folder in snapshot.folders where folder.configurationLineIndex != nil || published[snapshot.uri(folder: folder, path: WorkspaceConfiguration.fileName)] != nil {
            let uri = snapshot.uri(folder: folder, path: WorkspaceConfiguration.fileName)
            let items = Self.lspDiagnostics(folder.configurationDiagnostics, folder: folder, snapshot: snapshot)
            if published[uri] == .array(items) { continue }
            published[uri] = .array(items)
            client.send(.notification(method: "textDocument/publishDiagnostics",
                                      params: .object([("uri", .string(uri)), ("diagnostics", .array(items))])))
        }
        for (folder, path, open) in order {
            guard latestGeneration.current == generation else { return } // a newer edit will publish
            let uri = snapshot.uri(folder: folder, path: path)
            let items = Self.lspDiagnostics(folder.workspace.diagnostics(for: path), folder: folder, snapshot: snapshot)
            var params: [(String, JSONValue)] = [("uri", .string(uri))]
            if let open { params.append(("version", .int(open.version))) }
            params.append(("diagnostics", .array(items)))
            let payload = JSONValue.array(items)
            if published[uri] == payload && open == nil { continue }
            published[uri] = payload
            client.send(.notification(method: "textDocument/publishDiagnostics", params: .object(params)))
        }
    }

    /// Sends an empty set for a URI that no longer has a file.
    func clearPublished(uri: String) {
        diagnosticsQueue.async {
            guard self.published.removeValue(forKey: uri) != nil else { return }
            self.client.send(.notification(method: "textDocument/publishDiagnostics",
                                           params: .object([("uri", .string(uri)), ("diagnostics", .array([]))])))
        }
    }

    /// Converts analysis diagnostics to LSP ones, using only what the client supports.
    /// `lineIndex` serves the positions in one file the snapshot does not
    /// hold yet.
    static func lspDiagnostics(_ diagnostics: [AnnalDiagnostic], folder: FolderState, snapshot: Snapshot,
                               lineIndex extra: (path: String, index: LineIndex)? = nil) -> [JSONValue] {
        let related = snapshot.capabilities.supports("textDocument", "publishDiagnostics", "relatedInformation")
            || snapshot.capabilities.supports("textDocument", "diagnostic", "relatedInformation")
        let tags = snapshot.capabilities.value("textDocument", "publishDiagnostics", "tagSupport") != nil
        let codeDescription = snapshot.capabilities.supports("textDocument", "publishDiagnostics", "codeDescriptionSupport")
            || snapshot.capabilities.supports("textDocument", "diagnostic", "codeDescriptionSupport")
        return diagnostics.compactMap { diagnostic in
            let known = extra.flatMap { $0.path == diagnostic.file ? $0.index : nil }
            guard let index = known ?? snapshot.lineIndex(folder: folder, path: diagnostic.file) else { return nil }
            var fields: [(String, JSONValue)] = [
                ("range", snapshot.range(diagnostic.range, in: index)),
                ("severity", .int(LSP.severity(diagnostic.severity))),
                ("code", .string(diagnostic.rule.code)),
                ("source", "annal"),
                ("message", .string(diagnostic.message)),
            ]
            if related, !diagnostic.related.isEmpty {
                fields.append(("relatedInformation", .array(diagnostic.related.compactMap { item in
                    snapshot.location(folder: folder, path: item.file, range: item.range).map {
                        .object([("location", $0), ("message", .string(item.message))])
                    }
                })))
            }
            if codeDescription {
                fields.append(("codeDescription", .object([("href", .string(RuleDocumentationFile.href(for: diagnostic.rule)))])))
            }
            if tags, diagnostic.rule == .unusedDeclaration {
                fields.append(("tags", .array([1]))) // Unnecessary
            }
            fields.append(("data", .object([("name", .string(diagnostic.rule.descriptor.name))])))
            return .object(fields)
        }
    }
}

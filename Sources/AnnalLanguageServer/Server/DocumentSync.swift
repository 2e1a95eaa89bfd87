import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import Foundation

/// didOpen, didChange, didClose, didSave and watched-file events. Open
/// buffers take precedence over the disk; a change to a source document
/// re-checks the citations that point into it.
extension LanguageServer {
    func didOpen(_ params: JSONValue?) {
        guard let item = params?["textDocument"], let uri = item["uri"]?.stringValue, let path = DocumentURI.path(uri),
              let text = item["text"]?.stringValue else {
            log("didOpen without textDocument.uri and text: ignored", type: 2)
            return
        }
        let document = OpenDocument(uri: uri, path: path, version: item["version"]?.intValue ?? 0, text: text,
                                    languageID: item["languageId"]?.stringValue ?? "")
        state.openDocuments[path] = document // a repeated didOpen replaces text and version
        applyText(of: document)
        scheduleDiagnostics()
    }

    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let path = DocumentURI.path(uri) else { return }
        guard var document = state.openDocuments[path] else {
            log("didChange for \(uri), which is not open: ignored", type: 2)
            return
        }
        for change in params?["contentChanges"]?.arrayValue ?? [] {
            guard let newText = change["text"]?.stringValue else { continue }
            if let range = change["range"], !range.isNull, LSP.readRange(range) == nil {
                // A malformed range is not a missing one: replacing the whole
                // text with this fragment would lose the document. Skip it.
                log("didChange for \(uri) with a malformed range: change ignored", type: 2)
                continue
            }
            if let (start, end) = LSP.readRange(change["range"]) {
                document.text = Self.replacing(in: document.text, from: start, to: end, with: newText, encoding: state.encoding)
            } else {
                document.text = newText
            }
        }
        if let version = params?["textDocument"]?["version"]?.intValue { document.version = version }
        let wasOversized = state.openDocuments[path].map { $0.text.utf8.count > AnalysisLimits.maxSourceBytes } ?? false
        state.openDocuments[path] = document
        applyText(of: document, announce: !wasOversized)
        scheduleDiagnostics()
    }

    /// Applies one ranged change; each range refers to the text after the
    /// previous change. Positions are clamped the way the specification says.
    static func replacing(in text: String, from start: LinePosition, to end: LinePosition, with newText: String,
                          encoding: PositionEncoding) -> String {
        let index = LineIndex(text)
        let lower = index.offset(of: start, in: encoding)
        let upper = max(lower, index.offset(of: end, in: encoding))
        var bytes = index.bytes
        bytes.replaceSubrange(lower..<upper, with: Array(newText.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let path = DocumentURI.path(uri),
              let document = state.openDocuments.removeValue(forKey: path) else { return }
        // The file on disk is the master again.
        if Self.isAnnal(document) {
            let index = state.ensureFolder(forAbsolute: path)
            let folder = state.folders[index]
            if let workspacePath = folder.workspacePath(ofAbsolute: path) {
                if folder.isImplicit || (try? folder.host.readText(URL(fileURLWithPath: path))) == nil {
                    state.folders[index].workspace.removeFile(workspacePath)
                    clearPublished(uri: uri)
                } else if let text = try? folder.host.readText(URL(fileURLWithPath: path)) {
                    state.folders[index].workspace.setFile(workspacePath, text: text)
                }
            }
        } else {
            reloadSource(absolutePath: path)
        }
        scheduleDiagnostics()
    }

    func didSave(_ params: JSONValue?) {
        // Saving changes nothing the buffer did not already hold; a client
        // without file watching still gets sources re-read on save.
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let path = DocumentURI.path(uri) else { return }
        if state.openDocuments[path] == nil {
            reloadSource(absolutePath: path)
            scheduleDiagnostics()
        }
    }

    func didChangeWatchedFiles(_ params: JSONValue?) {
        let changes = params?["changes"]?.arrayValue ?? []
        if changes.contains(where: { $0["uri"]?.stringValue?.hasSuffix("/" + WorkspaceConfiguration.fileName) == true }) {
            // The configuration decides which files belong: read the folders again.
            indexWorkspace()
            return
        }
        for change in changes {
            guard let uri = change["uri"]?.stringValue, let path = DocumentURI.path(uri),
                  state.openDocuments[path] == nil else { continue } // open buffers win
            let deleted = change["type"]?.intValue == 3
            if path.hasSuffix(".annal") {
                guard let index = state.folderIndex(forAbsolute: path),
                      let workspacePath = state.folders[index].workspacePath(ofAbsolute: path) else { continue }
                if deleted {
                    state.folders[index].workspace.removeFile(workspacePath)
                    clearPublished(uri: uri)
                } else if let text = try? state.folders[index].host.readText(URL(fileURLWithPath: path)) {
                    state.folders[index].workspace.setFile(workspacePath, text: text)
                    loadMissingSources(folderIndex: index)
                }
            } else {
                reloadSource(absolutePath: path)
            }
        }
        scheduleDiagnostics()
    }

    // MARK: - Helpers

    static func isAnnal(_ document: OpenDocument) -> Bool {
        document.languageID == "annal" || document.path.hasSuffix(".annal")
    }

    /// Puts an open document's text into the analysis: as a `.annal` file,
    /// or as the text of a source document that some folder cites.
    ///
    /// A text over `AnalysisLimits.maxSourceBytes` is kept (edits still
    /// apply) but analysed as empty, and the user is told once (`announce`):
    /// analysing it would take minutes and gigabytes.
    private func applyText(of document: OpenDocument, announce: Bool = true) {
        let size = document.text.utf8.count
        if Self.isAnnal(document) {
            let index = state.ensureFolder(forAbsolute: document.path)
            guard let workspacePath = state.folders[index].workspacePath(ofAbsolute: document.path) else { return }
            if size > AnalysisLimits.maxSourceBytes {
                state.folders[index].workspace.setFile(workspacePath, text: "")
                if announce {
                    client.send(.notification(method: "window/showMessage", params: .object([
                        ("type", .int(2)),
                        ("message", .string("\(workspacePath) has \(size) bytes, over the limit of \(AnalysisLimits.maxSourceBytes): "
                            + "it is not analysed until it is smaller; split it into several files")),
                    ])))
                }
                return
            }
            state.folders[index].workspace.setFile(workspacePath, text: document.text)
            loadMissingSources(folderIndex: index)
        } else {
            for index in state.folders.indices {
                guard let workspacePath = state.folders[index].workspacePath(ofAbsolute: document.path),
                      state.folders[index].workspace.sources[workspacePath] != nil else { continue }
                let limit = state.folders[index].host.maxSourceBytes
                state.folders[index].workspace.setSource(workspacePath, size > limit ? .tooLarge(bytes: size) : .text(document.text))
            }
        }
    }

    /// Re-reads a cited source document from disk in every folder citing it.
    func reloadSource(absolutePath path: String) {
        for index in state.folders.indices {
            let folder = state.folders[index]
            guard let workspacePath = folder.workspacePath(ofAbsolute: path), folder.workspace.sources[workspacePath] != nil else { continue }
            state.folders[index].workspace.setSource(workspacePath, sourceLoad(folder: folder, path: workspacePath))
        }
    }
}

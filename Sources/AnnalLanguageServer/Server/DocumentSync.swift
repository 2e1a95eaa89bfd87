import AnnalBytes
import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
        openPaths.insert(path)
        applyText(of: document)
        scheduleDiagnostics()
    }

    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let path = DocumentURI.path(uri) else { return }
        guard var document = state.openDocuments[path] else {
            log("didChange for \(uri), which is not open: ignored", type: 2)
            return
        }
        let previousText = document.text
        // Ranged changes become byte edits, so the analysis re-parses and
        // re-lowers only the event they touch; a full-text change cannot.
        // The analysis' line index serves the first change when it holds
        // this very text (the usual case), sparing a scan of the file.
        let analysed = analysis(ofOpen: path, ifItHolds: previousText)
        var lineIndex = analysed?.lineIndex
        var edits: [ByteEdit] = []
        var incremental = true
        for change in params?["contentChanges"]?.arrayValue ?? [] {
            guard let newText = change["text"]?.stringValue else { continue }
            if let range = change["range"], !range.isNull, LSP.readRange(range) == nil {
                // A malformed range is not a missing one: replacing the whole
                // text with this fragment would lose the document. Skip it.
                log("didChange for \(uri) with a malformed range: change ignored", type: 2)
                continue
            }
            if let (start, end) = LSP.readRange(change["range"]) {
                let index = lineIndex ?? LineIndex(document.text)
                let edit = Self.byteEdit(in: index, from: start, to: end, with: newText, encoding: state.encoding)
                document.text = Self.replacing(edit.range, in: document.text, with: newText)
                edits.append(edit)
            } else {
                document.text = newText
                incremental = false
            }
            lineIndex = nil
        }
        if let version = params?["textDocument"]?["version"]?.intValue { document.version = version }
        let wasOversized = previousText.utf8.count > AnalysisLimits.maxSourceBytes
        state.openDocuments[path] = document
        if incremental, analysed != nil, !wasOversized, applyEdits(edits, of: document) {
            scheduleDiagnostics()
            return
        }
        applyText(of: document, announce: !wasOversized)
        scheduleDiagnostics()
    }

    /// The text with a byte range replaced, spliced in place: the range lies
    /// on character boundaries (`LineIndex.offset` snaps to them), so no
    /// byte needs checking again, as building a new string from bytes would
    /// (a scan of the whole file per keystroke).
    static func replacing(_ range: Range<Int>, in text: String, with newText: String) -> String {
        var text = text
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        text.replaceSubrange(lower..<upper, with: newText)
        return text
    }

    /// The byte edit of one ranged change; each range refers to the text
    /// after the previous change. Positions are clamped the way the
    /// specification says.
    static func byteEdit(in index: LineIndex, from start: LinePosition, to end: LinePosition, with newText: String,
                         encoding: PositionEncoding) -> ByteEdit {
        let lower = index.offset(of: start, in: encoding)
        let upper = max(lower, index.offset(of: end, in: encoding))
        return ByteEdit(range: lower..<upper, replacement: Array(newText.utf8))
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue, let path = DocumentURI.path(uri),
              let document = state.openDocuments.removeValue(forKey: path) else { return }
        openPaths.remove(path)
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

    /// The analysis of an open `.annal` document when it was made from
    /// exactly `text`, else nil.
    private func analysis(ofOpen path: String, ifItHolds text: String) -> FileAnalysis? {
        guard let index = state.folderIndex(forAbsolute: path),
              let workspacePath = state.folders[index].workspacePath(ofAbsolute: path),
              let analysis = state.folders[index].workspace.files[workspacePath],
              ByteEquality.same(analysis.tree.bytes, utf8Of: text) else { return nil }
        return analysis
    }

    /// Hands an open `.annal` document's edits to its folder's analysis,
    /// which holds the text they apply to (see `analysis(ofOpen:ifItHolds:)`).
    /// Returns false (nothing done) when the document is not analysed as a
    /// `.annal` file: the caller then sets the whole text.
    private func applyEdits(_ edits: [ByteEdit], of document: OpenDocument) -> Bool {
        guard Self.isAnnal(document), document.text.utf8.count <= AnalysisLimits.maxSourceBytes,
              let index = state.folderIndex(forAbsolute: document.path),
              let workspacePath = state.folders[index].workspacePath(ofAbsolute: document.path),
              let before = state.folders[index].workspace.files[workspacePath],
              state.folders[index].workspace.editFile(workspacePath, edits: edits) else { return false }
        // Typing in an event declares no source: look for new ones only when
        // the file's source paths changed.
        if let after = state.folders[index].workspace.files[workspacePath],
           Self.sourcePaths(of: after) != Self.sourcePaths(of: before) {
            loadMissingSources(folderIndex: index)
        }
        return true
    }

    private static func sourcePaths(of analysis: FileAnalysis) -> [String?] {
        analysis.model.declarations.lazy.filter { $0.kind == .source }.map { $0.string("path") }
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
            if state.indexingInProgress > 0 {
                // While the workspace is indexed, the syntax errors go out
                // as soon as the text is parsed (see `publishSyntaxDiagnostics`).
                let tree = SyntaxTree.parse(document.text)
                publishSyntaxDiagnostics(of: document, tree: tree, folderIndex: index, workspacePath: workspacePath)
                state.folders[index].workspace.setFile(workspacePath, tree: tree)
            } else if let indexed = state.folders[index].workspace.files[workspacePath], ByteEquality.same(indexed.tree.bytes, utf8Of: document.text) {
                // Opening a file as indexing read it: its analysis stands.
            } else {
                state.folders[index].workspace.setFile(workspacePath, text: document.text)
            }
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

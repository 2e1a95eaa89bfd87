import AnnalAnalysis
import AnnalFileSystem
import AnnalSyntax
import AnnalJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import JSONRPC

/// Start-up indexing: every `.annal` file under the workspace folders and
/// the sources they cite, with `$/progress` when the client supports it.
extension LanguageServer {
    static let indexingToken: JSONValue = "annal-indexing"

    func indexWorkspace() {
        let roots = state.folders.filter { !$0.isImplicit }.map(\.root)
        // Severities and suppression rules come from annal.toml: read it now
        // (a small file), so what is published before indexing ends (see
        // `publishFileLocalDiagnostics`) already honours it.
        for index in state.folders.indices where !state.folders[index].isImplicit {
            let root = state.folders[index].root
            applyConfiguration(try? FileSystemHost(root: root).readText(root.appendingPathComponent(WorkspaceConfiguration.fileName)),
                               folderIndex: index)
        }
        state.indexingInProgress += 1
        if state.capabilities.supports("window", "workDoneProgress") {
            // Progress may only be reported once the client accepted the token.
            client.request("window/workDoneProgress/create", .object([("token", Self.indexingToken)])) { result in
                let accepted: Bool = if case .success = result { true } else { false }
                self.index(roots, progress: accepted ? Self.indexingToken : nil)
            }
        } else {
            index(roots, progress: nil)
        }
    }

    private func progress(_ token: JSONValue?, _ value: [(String, JSONValue)]) {
        guard let token else { return }
        client.send(.notification(method: "$/progress", params: .object([("token", token), ("value", .object(value))])))
    }

    /// What indexing prepares for one folder off the state queue: its
    /// configuration text, its files read, parsed and lowered, and the
    /// sources they cite read and folded.
    struct PreparedFolder: Sendable {
        let root: URL
        let configurationText: String?
        let analyses: [FileAnalysis]
        let sources: [SourceDocument]
    }

    /// Reads, analyses and folds the folders on all cores, off the state
    /// queue (which stays free for edits, requests and the syntax errors of
    /// a document opened meanwhile), then applies them in one short step.
    private func index(_ roots: [URL], progress token: JSONValue?) {
        DispatchQueue.global().async {
            self.progress(token, [("kind", "begin"), ("title", "Indexing Annal files"), ("cancellable", false), ("percentage", 0)])
            var prepared: [PreparedFolder] = []
            for (number, root) in roots.enumerated() {
                prepared.append(Self.prepare(root, skipping: self.openPaths))
                self.progress(token, [("kind", "report"), ("message", .string(root.lastPathComponent)),
                                      ("percentage", .int((number + 1) * 90 / max(roots.count, 1)))])
            }
            let folders = prepared
            self.stateQueue.async {
                var count = 0
                for folderData in folders {
                    let resolved = FolderState(root: folderData.root).root
                    guard let index = self.state.folders.firstIndex(where: { $0.root == resolved }) else { continue }
                    self.applyConfiguration(folderData.configurationText, folderIndex: index)
                    let folder = self.state.folders[index]
                    let configuration = folder.configuration
                    let fresh = folderData.analyses.filter {
                        self.state.openDocuments[folder.absolutePath(of: $0.path)] == nil
                            && (configuration.includes($0.path) || configuration.extraCatalogues.contains($0.path))
                    }
                    let freshPaths = Set(fresh.map(\.path))
                    // A re-index (after annal.toml changed) drops files the configuration now excludes.
                    for path in folder.workspace.files.keys where !freshPaths.contains(path)
                        && self.state.openDocuments[folder.absolutePath(of: path)] == nil {
                        self.state.folders[index].workspace.removeFile(path)
                        self.clearPublished(uri: DocumentURI.uri(forPath: folder.absolutePath(of: path)))
                    }
                    self.state.folders[index].workspace.setFiles(fresh)
                    // Sources open in the editor are taken from their buffers below.
                    self.state.folders[index].workspace.setSources(folderData.sources.filter {
                        self.state.openDocuments[folder.absolutePath(of: $0.path)] == nil
                    })
                    self.loadMissingSources(folderIndex: index)
                    count += fresh.count
                }
                self.state.completedIndexingRuns += 1
                self.state.indexingInProgress -= 1
                self.log("indexed \(count) Annal files", type: 3)
                self.scheduleDiagnostics()
                if self.state.indexingInProgress == 0 { self.releaseHeldRequests() }
                self.progress(token, [("kind", "end"), ("message", .string("\(count) files"))])
            }
        }
    }

    /// Reads, analyses and folds one folder (off the state queue). Files
    /// open in the editor are not analysed: their buffers win (the apply
    /// step filters them out), and a large one would cost a second parse
    /// while the user waits for the first.
    static func prepare(_ root: URL, skipping open: AtomicPathSet) -> PreparedFolder {
        let host = FileSystemHost(root: root)
        let configurationText = try? host.readText(root.appendingPathComponent(WorkspaceConfiguration.fileName))
        let configuration = configurationText.map { WorkspaceConfiguration.parse($0, path: WorkspaceConfiguration.fileName).0 }
            ?? WorkspaceConfiguration()
        let files = readFolder(root).filter { !open.contains(root.appendingPathComponent($0.path).path) }
        let analyses = Workspace.parallelMap(files) { FileAnalysis(path: $0.path, text: $0.text) }
        // The sources the included files cite, found as the workspace will.
        var scratch = Workspace()
        scratch.apply(configuration)
        scratch.setFiles(analyses.filter { configuration.includes($0.path) || configuration.extraCatalogues.contains($0.path) })
        let sourceHost = FileSystemHost(root: root, maxSourceBytes: configuration.maxSourceBytes)
        let paths = scratch.citedSourcePaths()
        let sources = Workspace.parallelMap(paths) { SourceDocument(path: $0, load: sourceHost.loadSource($0)) }
        return PreparedFolder(root: root, configurationText: configurationText, analyses: analyses, sources: sources)
    }

    /// Applies a folder's `annal.toml` text (nil: none) to its workspace.
    func applyConfiguration(_ text: String?, folderIndex index: Int) {
        defer {
            let limit = state.folders[index].configuration.maxSourceBytes
            if state.folders[index].host.maxSourceBytes != limit {
                state.folders[index].host = FileSystemHost(root: state.folders[index].root, maxSourceBytes: limit)
            }
        }
        guard let text else {
            state.folders[index].configuration = WorkspaceConfiguration()
            state.folders[index].configurationDiagnostics = []
            state.folders[index].configurationLineIndex = nil
            state.folders[index].workspace.apply(WorkspaceConfiguration())
            return
        }
        let (configuration, diagnostics) = WorkspaceConfiguration.parse(text, path: WorkspaceConfiguration.fileName)
        state.folders[index].configuration = configuration
        state.folders[index].configurationDiagnostics = diagnostics
        state.folders[index].configurationLineIndex = LineIndex(text)
        state.folders[index].workspace.apply(configuration)
    }

    /// Reads every `.annal` file under a folder (off the state queue).
    static func readFolder(_ root: URL) -> [(path: String, text: String)] {
        let host = FileSystemHost(root: root)
        guard let urls = try? host.discover([root.path], relativeTo: root) else { return [] }
        var files: [(path: String, text: String)] = []
        for url in urls {
            guard let path = host.workspacePath(of: url), let text = try? host.readText(url) else { continue }
            files.append((path, text))
        }
        return files
    }

    /// Loads the cited sources a folder has not loaded yet: from an open
    /// buffer when the client has one, else from disk.
    func loadMissingSources(folderIndex: Int) {
        let folder = state.folders[folderIndex]
        for path in folder.workspace.citedSourcePaths() where folder.workspace.sources[path] == nil {
            state.folders[folderIndex].workspace.setSource(path, sourceLoad(folder: folder, path: path))
        }
    }

    func sourceLoad(folder: FolderState, path: String) -> SourceLoad {
        if let open = state.openDocuments[folder.absolutePath(of: path)] {
            let size = open.text.utf8.count
            return size > folder.host.maxSourceBytes ? .tooLarge(bytes: size) : .text(open.text)
        }
        return folder.host.loadSource(path)
    }
}

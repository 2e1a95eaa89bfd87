import AnnalAnalysis
import AnnalFileSystem
import AnnalSyntax
import AnnalJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONRPC

/// A document the client has open: the client owns its text.
struct OpenDocument: Sendable {
    /// The URI as the client spells it.
    let uri: String
    /// Absolute file-system path.
    let path: String
    var version: Int
    var text: String
    let languageID: String
}

/// One workspace folder: its root, its file-system host and its analysis.
struct FolderState: Sendable {
    let root: URL
    /// Reads the folder's files, with the source size limit of its `annal.toml`.
    var host: FileSystemHost
    var workspace: Workspace
    /// True for a folder made up for a document outside every workspace folder.
    let isImplicit: Bool
    /// The folder's `annal.toml`, its problems and its line index (when it has one).
    var configuration = WorkspaceConfiguration()
    var configurationDiagnostics: [Diagnostic] = []
    var configurationLineIndex: LineIndex?

    init(root: URL, isImplicit: Bool = false) {
        host = FileSystemHost(root: root)
        self.root = host.root
        workspace = Workspace()
        self.isImplicit = isImplicit
    }

    /// The workspace path of an absolute path, when inside this folder.
    func workspacePath(ofAbsolute path: String) -> String? {
        if let below = host.pathBelowRoot(path) { return below }
        // The client may name the file through a symbolic link.
        return host.workspacePath(of: URL(fileURLWithPath: path))
    }

    func absolutePath(of workspacePath: String) -> String {
        root.appendingPathComponent(workspacePath).path
    }
}

/// Where the server is in the LSP lifecycle.
enum Lifecycle: Sendable {
    case waitingForInitialize
    case running
    case shutDown
}

/// Everything the server knows. Mutated only on the state queue; requests
/// and diagnostics work on immutable `Snapshot`s of it.
struct ServerState: Sendable {
    var lifecycle = Lifecycle.waitingForInitialize
    var capabilities = ClientCapabilities(.null)
    var encoding = PositionEncoding.utf16
    var folders: [FolderState] = []
    var openDocuments: [String: OpenDocument] = [:]
    /// True once `$/setTrace` asked for messages (or `initialize` did).
    var traceVerbose = false
    /// Increments on every change that may alter diagnostics.
    var generation = 0
    /// How many start-up (or folder-added) indexing runs have completed.
    var completedIndexingRuns = 0
    /// Indexing runs started and not yet applied. While any is, feature
    /// requests wait in `heldRequests` and diagnostics are not pushed, so no
    /// answer is computed from a half-loaded workspace.
    var indexingInProgress = 0
    var heldRequests: [(id: RequestID, method: String, params: JSONValue?)] = []

    /// The index of the folder that holds an absolute path: the deepest
    /// root containing it; nil when none does.
    func folderIndex(forAbsolute path: String) -> Int? {
        var best: (index: Int, length: Int)?
        for (index, folder) in folders.enumerated() {
            let length = folder.root.path.utf8.count
            if folder.host.pathBelowRoot(path) != nil, best == nil || length > best!.length {
                best = (index, length)
            }
        }
        return best?.index
    }

    /// The folder for a path, making an implicit one (rooted at the file's
    /// folder) for a file outside every workspace folder.
    mutating func ensureFolder(forAbsolute path: String) -> Int {
        if let index = folderIndex(forAbsolute: path) { return index }
        folders.append(FolderState(root: URL(fileURLWithPath: path).deletingLastPathComponent(), isImplicit: true))
        return folders.count - 1
    }

    var snapshot: Snapshot {
        Snapshot(folders: folders, openDocuments: openDocuments, encoding: encoding, capabilities: capabilities,
                 generation: generation)
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSONRPC

/// A `.annal` document located in the workspace.
struct LocatedFile: Sendable {
    let folderIndex: Int
    let folder: FolderState
    /// Workspace-relative path.
    let path: String
    let analysis: FileAnalysis
    /// The URI to use in answers about this file.
    let uri: String

    var workspace: Workspace { folder.workspace }
}

/// An immutable view of the server state, handed to request handlers and
/// the diagnostics publisher. Every conversion between byte offsets and LSP
/// positions goes through here, in the negotiated encoding.
struct Snapshot: Sendable {
    let folders: [FolderState]
    let openDocuments: [String: OpenDocument]
    let encoding: PositionEncoding
    let capabilities: ClientCapabilities
    /// The state generation the snapshot was taken at.
    let generation: Int

    // MARK: - Locating files

    /// The analysed `.annal` file behind a URI.
    func file(_ uri: String) -> LocatedFile? {
        guard let absolute = DocumentURI.path(uri) else { return nil }
        for (index, folder) in folders.enumerated() {
            guard let path = folder.workspacePath(ofAbsolute: absolute), let analysis = folder.workspace.files[path] else { continue }
            return LocatedFile(folderIndex: index, folder: folder, path: path, analysis: analysis, uri: uri)
        }
        return nil
    }

    /// The analysed file for request params, or an invalid-params error.
    func requireFile(_ params: JSONValue?) throws(JSONRPCError) -> LocatedFile {
        let uri = try LSP.documentURI(params)
        guard let file = file(uri) else {
            throw JSONRPCError(code: JSONRPCError.invalidParams, message: "\(uri) is not an Annal document of this workspace", data: nil)
        }
        return file
    }

    /// The URI of a workspace file: the client's spelling when it is open.
    func uri(folder: FolderState, path: String) -> String {
        if path == BuiltinCatalogue.path { return CatalogueFile.uri }
        let absolute = folder.absolutePath(of: path)
        return openDocuments[absolute]?.uri ?? DocumentURI.uri(forPath: absolute)
    }

    // MARK: - Positions

    /// The byte offset of an LSP position in a file (clamped, snapped).
    func offset(_ position: LinePosition, in index: LineIndex) -> Int {
        index.offset(of: position, in: encoding)
    }

    /// The byte offset of `params.position`, or an invalid-params error.
    func requirePosition(_ params: JSONValue?, in file: LocatedFile) throws(JSONRPCError) -> Int {
        guard let position = LSP.readPosition(params?["position"]) else { throw LSP.invalidParams("params.position must be {line, character} with non-negative integers") }
        return offset(position, in: file.analysis.lineIndex)
    }

    func range(_ range: Range<Int>, in index: LineIndex) -> JSONValue {
        LSP.range(index.position(of: range.lowerBound, in: encoding), index.position(of: range.upperBound, in: encoding))
    }

    /// The line index of a file of a folder (workspace file or catalogue).
    func lineIndex(folder: FolderState, path: String) -> LineIndex? {
        if path == BuiltinCatalogue.path { return BuiltinCatalogue.analysis.lineIndex }
        if path == WorkspaceConfiguration.fileName, folder.workspace.files[path] == nil { return folder.configurationLineIndex }
        return folder.workspace.files[path]?.lineIndex
    }

    /// An LSP Location for a byte range of a file of a folder.
    func location(folder: FolderState, path: String, range: Range<Int>) -> JSONValue? {
        guard let index = lineIndex(folder: folder, path: path) else { return nil }
        return LSP.location(uri: uri(folder: folder, path: path), range: self.range(range, in: index))
    }

    // MARK: - Sources

    /// The source document a source declaration points to, with its path.
    func sourceDocument(of declaration: Declaration, in folder: FolderState) -> (path: String, document: SourceDocument?)? {
        guard let resolved = folder.workspace.sourcePath(of: declaration) else { return nil }
        return (resolved, folder.workspace.sources[resolved])
    }
}

/// The built-in catalogue, written once to a cache folder so that editors
/// can open it when the user goes to a built-in declaration.
enum CatalogueFile {
    static let uri: String = CacheFile.write(BuiltinCatalogue.text, name: "catalogue", extension: "annal")
}

/// The rule documentation (`docs/diagnostics.md`), written once to the cache
/// folder so a diagnostic's `codeDescription` can link to its section.
enum RuleDocumentationFile {
    static let uri: String = CacheFile.write(RuleDocumentation.markdown, name: "diagnostics", extension: "md")

    static func href(for rule: Rule) -> String { uri + "#" + RuleDocumentation.anchor(for: rule) }
}

/// Writes a text shipped in the binary to the cache folder
/// (`$XDG_CACHE_HOME/annal`, else the temporary folder), named by a stable
/// hash of its content, and returns its URI.
enum CacheFile {
    static func write(_ text: String, name: String, extension ext: String) -> String {
        let base = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("annal")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a: stable across runs, unlike hashValue
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let file = folder.appendingPathComponent("\(name)-\(String(hash, radix: 16)).\(ext)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if (try? String(contentsOf: file, encoding: .utf8)) != text {
            try? text.write(to: file, atomically: true, encoding: .utf8)
        }
        return DocumentURI.uri(forPath: file.path)
    }
}

import AnnalAnalysis
import AnnalFileSystem
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The workspace configuration as the command line found it.
struct LoadedConfiguration {
    var configuration = WorkspaceConfiguration()
    /// Problems in the configuration file itself.
    var diagnostics: [Diagnostic] = []
    /// The file's path as reported (workspace-relative when inside the root).
    var path: String?
    var lineIndex: LineIndex?
    var displayPath: String?

    /// `--config FILE`, else `annal.toml` at the workspace root, else defaults.
    /// `root` and `cwd` are absolute paths; no `URL` is made (`LexicalPath`).
    static func load(explicit: String?, root: String, cwd: String) throws(FileSystemHost.ReadError) -> LoadedConfiguration {
        let file = explicit.map { LexicalPath.absolute($0, relativeTo: cwd) }
            ?? LexicalPath.appending(WorkspaceConfiguration.fileName, to: root)
        guard FileSystemHost.exists(file) else {
            if let explicit { throw FileSystemHost.ReadError(description: "\(explicit): no such configuration file") }
            return LoadedConfiguration()
        }
        let host = FileSystemHost(rootPath: root)
        let text = try host.readText(atPath: file)
        let path = host.workspacePath(ofFile: file) ?? file
        let (configuration, diagnostics) = WorkspaceConfiguration.parse(text, path: path)
        return LoadedConfiguration(configuration: configuration, diagnostics: diagnostics, path: path,
                                   lineIndex: LineIndex(text), displayPath: CheckCommand.displayPath(file, cwd: cwd))
    }

    /// Keeps the files the configuration includes; files named one by one
    /// on the command line are always kept.
    /// `files` are absolute paths (`FileSystemHost.discoverPaths`).
    func filter(_ files: [String], named: [String], cwd: String, host: FileSystemHost) -> [String] {
        // Without patterns every file is kept: no file's workspace path is
        // worked out (an lstat for each of its folders, on one core before
        // any file is read: 10 M instructions at 50 MB, and the calls).
        guard configuration.filtersPaths else { return files }
        let explicit = Set(named.map { LexicalPath.absolute($0, relativeTo: cwd) })
        return files.filter { file in
            explicit.contains(file) || host.workspacePath(ofFile: file).map(configuration.includes) ?? true
        }
    }
}

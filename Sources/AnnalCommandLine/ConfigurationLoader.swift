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
    static func load(explicit: String?, root: String, cwd: URL) throws(FileSystemHost.ReadError) -> LoadedConfiguration {
        let url = explicit.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
            ?? URL(fileURLWithPath: root).appendingPathComponent(WorkspaceConfiguration.fileName)
        guard FileSystemHost.exists(url.path) else {
            if let explicit { throw FileSystemHost.ReadError(description: "\(explicit): no such configuration file") }
            return LoadedConfiguration()
        }
        let host = FileSystemHost(root: URL(fileURLWithPath: root))
        let text = try host.readText(url)
        let path = host.workspacePath(of: url) ?? url.path
        let (configuration, diagnostics) = WorkspaceConfiguration.parse(text, path: path)
        return LoadedConfiguration(configuration: configuration, diagnostics: diagnostics, path: path,
                                   lineIndex: LineIndex(text), displayPath: CheckCommand.displayPath(url.path, cwd: cwd.path))
    }

    /// Keeps the files the configuration includes; files named one by one
    /// on the command line are always kept.
    /// `files` are absolute paths (`FileSystemHost.discoverPaths`).
    func filter(_ files: [String], named: [String], cwd: URL, host: FileSystemHost) -> [String] {
        // Without patterns every file is kept: no file's workspace path is
        // worked out (an lstat for each of its folders, on one core before
        // any file is read: 10 M instructions at 50 MB, and the calls).
        guard configuration.filtersPaths else { return files }
        let explicit = Set(named.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.path })
        return files.filter { file in
            explicit.contains(file) || host.workspacePath(ofFile: file).map(configuration.includes) ?? true
        }
    }
}

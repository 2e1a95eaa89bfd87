import AnnalAnalysis
import AnnalConcurrency
import AnnalFileSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A workspace read from disk the way every command reads it: the root
/// chosen, `annal.toml` applied, the `.annal` files found (and filtered by
/// the configuration), read on all cores, and the cited sources loaded.
struct LoadedWorkspace {
    var workspace: Workspace
    var configuration: LoadedConfiguration
    /// The `.annal` files found, as absolute paths, in path order.
    var files: [String]
    /// Workspace path → path as shown to the user.
    var displayPaths: [String: String]
    var host: FileSystemHost
    /// For `.diagnostics`, whose analyses let their texts go: each file's
    /// fingerprint, so that the report can re-read the text it prints.
    var fingerprints: [String: TextFingerprint] = [:]

    /// What the caller will read of the workspace.
    enum Use {
        /// Everything: whole models and every cited source loaded (export).
        case everything
        /// Diagnostics only (`annal check`): models cut to what the
        /// workspace rules read, texts dropped once lowered (the report
        /// re-reads them: `ReportTexts`), and no source loaded; the caller
        /// loads them while checking (`Workspace.allDiagnostics(loadingSources:)`).
        case diagnostics
    }

    /// Nil after reporting on standard error when a path or file cannot be read.
    /// `clock`, when given, marks the end of each stage (`--timings`).
    static func load(_ paths: [String], root explicitRoot: String?, config: String?, console: Console,
                     for use: Use = .everything, clock: StageClock? = nil) -> LoadedWorkspace? {
        WorkerPool.startForCommand()
        let cwd = console.currentDirectoryPath
        // The files are found on this thread while a helper analyses the
        // built-in catalogue, which the workspace reads once they are read,
        // and reads the configuration (on one core, the three took about
        // a millisecond before the first file was read). A configuration
        // that cannot be read is reported first, as when it was read first.
        var discovery: Result<[String], FileSystemHost.ReadError> = .success([])
        var settings: Result<(root: String, loaded: LoadedConfiguration), FileSystemHost.ReadError>?
        WorkerPool.shared.forEach(2) { task in
            if task == 0 {
                discovery = Result { () throws(FileSystemHost.ReadError) in try FileSystemHost.discoverPaths(paths, relativeTo: cwd) }
            } else {
                _ = BuiltinCatalogue.analysis
                let absolute = paths.map { LexicalPath.absolute($0, relativeTo: cwd) }
                // An explicit root as `URL` reads it (not standardised).
                let root = CheckCommand.chooseRoot(explicitRoot.map { URL(fileURLWithPath: $0, relativeTo: console.currentDirectory).path },
                                                   paths: absolute, cwd: cwd)
                settings = Result { () throws(FileSystemHost.ReadError) in
                    (root, try LoadedConfiguration.load(explicit: config, root: root, cwd: cwd))
                }
            }
        }
        clock?.mark("files found, configuration read")
        let root: String
        let loaded: LoadedConfiguration
        do {
            (root, loaded) = try settings!.get()
        } catch {
            console.err("error: \(error.description)\n")
            return nil
        }
        let host = FileSystemHost(rootPath: root, maxSourceBytes: loaded.configuration.maxSourceBytes, remembersFolders: true)

        let files: [String]
        var analyses: [FileAnalysis] = []
        var display: [String: String] = [:]
        var fingerprints: [String: TextFingerprint] = [:]
        do {
            files = loaded.filter(try discovery.get(), named: paths, cwd: cwd, host: host)
            // Read and analyse on all cores, each text dropped once parsed and
            // each tree's tokens and nodes once lowered (no command that
            // loads a workspace reads them again): at 50 MB that is about
            // three quarters of the memory the trees and texts would hold.
            // The first failure is reported in path order.
            let reads = Workspace.parallelMap(files) { file -> Result<(FileAnalysis, TextFingerprint?)?, FileSystemHost.ReadError> in
                guard let path = host.workspacePath(ofFile: file) else { return .success(nil) }
                do throws(FileSystemHost.ReadError) {
                    let bytes = try host.readTextBytes(atPath: file)
                    guard use == .diagnostics else { return .success((FileAnalysis(path: path, bytes: bytes).releasingSyntax(), nil)) }
                    let analysis = FileAnalysis.keepingOnlyWhatWorkspaceRulesRead(path: path, bytes: bytes)
                    return .success((analysis.releasingText(), TextFingerprint(bytes)))
                } catch { return .failure(error) }
            }
            clock?.mark("files read and lowered")
            for (file, read) in zip(files, reads) {
                guard let (analysis, fingerprint) = try read.get() else {
                    console.err("error: \(file) is outside the workspace root \(root); pass --root\n")
                    return nil
                }
                analyses.append(analysis)
                fingerprints[analysis.path] = fingerprint
                display[analysis.path] = CheckCommand.displayPath(file, cwd: cwd)
            }
            let found = Set(analyses.map(\.path))
            for extra in loaded.configuration.extraCatalogues where !found.contains(extra) {
                let text = try host.readText(host.root.appendingPathComponent(extra))
                analyses.append(FileAnalysis(path: extra, text: text).releasingSyntax())
            }
        } catch {
            console.err("error: \(error.description)\n")
            return nil
        }

        var workspace = Workspace()
        // A command checks each file once: nothing is kept for an edit.
        workspace.keepsResultsForEdits = false
        workspace.apply(loaded.configuration)
        workspace.setFiles(analyses)
        analyses = []
        clock?.mark("workspace indexed")
        guard use == .everything else {
            return LoadedWorkspace(workspace: workspace, configuration: loaded, files: files, displayPaths: display, host: host,
                                   fingerprints: fingerprints)
        }
        let sourcePaths = workspace.citedSourcePaths()
        let loads = Workspace.parallelMap(sourcePaths) { host.loadSource($0) }
        // A command checks each quote once: no search is worth remembering.
        workspace.setSources(Array(zip(sourcePaths, loads)).map { (path: $0.0, load: $0.1) }, remembersSearches: false)
        return LoadedWorkspace(workspace: workspace, configuration: loaded, files: files, displayPaths: display, host: host)
    }
}

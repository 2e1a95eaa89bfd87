import AnnalAnalysis
import AnnalFileSystem
import Foundation

/// A workspace read from disk the way every command reads it: the root
/// chosen, `annal.toml` applied, the `.annal` files found (and filtered by
/// the configuration), read on all cores, and the cited sources loaded.
struct LoadedWorkspace {
    var workspace: Workspace
    var configuration: LoadedConfiguration
    /// The `.annal` files found, in path order.
    var files: [URL]
    /// Workspace path → path as shown to the user.
    var displayPaths: [String: String]
    var host: FileSystemHost

    /// Nil after reporting on standard error when a path or file cannot be read.
    static func load(_ paths: [String], root explicitRoot: String?, config: String?, console: Console) -> LoadedWorkspace? {
        let cwd = console.currentDirectory
        let absolute = paths.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL.path }
        let root = CheckCommand.chooseRoot(explicitRoot.map { URL(fileURLWithPath: $0, relativeTo: cwd).path }, paths: absolute, cwd: cwd.path)
        let loaded: LoadedConfiguration
        do {
            loaded = try LoadedConfiguration.load(explicit: config, root: root, cwd: cwd)
        } catch {
            console.err("error: \(error.description)\n")
            return nil
        }
        let host = FileSystemHost(root: URL(fileURLWithPath: root), maxSourceBytes: loaded.configuration.maxSourceBytes)

        let urls: [URL]
        var texts: [(path: String, text: String)] = []
        var display: [String: String] = [:]
        do {
            urls = loaded.filter(try host.discover(paths, relativeTo: cwd), named: paths, cwd: cwd, host: host)
            // Read on all cores; report the first failure in path order.
            let reads = Workspace.parallelMap(urls) { url -> Result<String, FileSystemHost.ReadError> in
                do throws(FileSystemHost.ReadError) { return .success(try host.readText(url)) } catch { return .failure(error) }
            }
            for (url, read) in zip(urls, reads) {
                guard let path = host.workspacePath(of: url) else {
                    console.err("error: \(url.path) is outside the workspace root \(root); pass --root\n")
                    return nil
                }
                texts.append((path, try read.get()))
                display[path] = CheckCommand.displayPath(url.path, cwd: cwd.path)
            }
            for extra in loaded.configuration.extraCatalogues where !texts.contains(where: { $0.path == extra }) {
                texts.append((extra, try host.readText(host.root.appendingPathComponent(extra))))
            }
        } catch {
            console.err("error: \(error.description)\n")
            return nil
        }

        var workspace = Workspace()
        workspace.apply(loaded.configuration)
        workspace.setFiles(texts)
        let sourcePaths = workspace.citedSourcePaths()
        let loads = Workspace.parallelMap(sourcePaths) { host.loadSource($0) }
        workspace.setSources(Array(zip(sourcePaths, loads)).map { (path: $0.0, load: $0.1) })
        return LoadedWorkspace(workspace: workspace, configuration: loaded, files: urls, displayPaths: display, host: host)
    }
}

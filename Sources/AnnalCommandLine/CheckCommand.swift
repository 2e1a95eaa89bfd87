import AnnalAnalysis
import AnnalFileSystem
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `annal check [PATH…]`: checks files and folders, prints the findings,
/// and exits 0 (clean), 1 (errors; warnings too with --strict) or 2 (usage
/// or I/O failure).
enum CheckCommand {
    static let help = """
    Usage: annal check [PATH…] [options]

    Checks .annal files (folders are searched recursively; default: .),
    the source documents they cite, and every quote.

    Options:
      --format FORMAT   text (default), json, sarif, github or gitlab (code quality)
      --color WHEN      auto (default: only on a terminal, not with NO_COLOR), always, never
      --strict          exit 1 on warnings too
      --root DIR        the workspace root (default: the nearest folder with annal.toml,
                        else the folder checked, else the current folder)
      --config FILE     the configuration (default: annal.toml at the workspace root)
      --timings         print on standard error when each stage of the check ended
      -h, --help        show this help

    Exit status: 0 clean, 1 problems found, 2 usage or I/O error.

    """

    struct Options {
        var paths: [String] = []
        var format: ReportFormat = .text
        var color: ColorChoice = .auto
        var strict = false
        var root: String?
        var config: String?
        var timings = false
    }

    enum ColorChoice: String { case auto, always, never }

    static func parse(_ arguments: [String]) throws -> Options? {
        var options = Options()
        var iterator = arguments.makeIterator()
        func value(for flag: String) throws -> String {
            guard let value = iterator.next() else { throw UsageError("\(flag) needs a value") }
            return value
        }
        while let argument = iterator.next() {
            var argument = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inlineValue = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            switch argument {
            case "-h", "--help": return nil
            case "--strict": options.strict = true
            case "--timings": options.timings = true
            case "--format":
                let name = try inlineValue ?? value(for: argument)
                guard let format = ReportFormat(rawValue: name) else {
                    throw UsageError("unknown format `\(name)`; use text, json, sarif, github or gitlab")
                }
                options.format = format
            case "--color", "--colour":
                let name = try inlineValue ?? value(for: argument)
                guard let choice = ColorChoice(rawValue: name) else { throw UsageError("--color takes auto, always or never") }
                options.color = choice
            case "--root":
                options.root = try inlineValue ?? value(for: argument)
            case "--config":
                options.config = try inlineValue ?? value(for: argument)
            case "--":
                while let path = iterator.next() { options.paths.append(path) }
            default:
                if argument.hasPrefix("-") && argument != "-" { throw UsageError("unknown option `\(argument)`") }
                options.paths.append(argument)
            }
        }
        if options.paths.isEmpty { options.paths = ["."] }
        return options
    }

    static func run(arguments: [String], console: Console) -> Int32 {
        let options: Options
        switch ParsedOptions.read(arguments, command: "check", help: help, console: console, parse) {
        case .run(let parsed): options = parsed
        case .exit(let status): return status
        }

        let clock = options.timings ? StageClock() : nil
        // Sources are loaded while the files citing them are checked, and
        // dropped after: a check never holds every source document at once.
        guard let loadedWorkspace = LoadedWorkspace.load(options.paths, root: options.root, config: options.config, console: console,
                                                         for: .diagnostics, clock: clock) else {
            return ExitStatus.failure
        }
        let (workspace, loaded, files, host) = (loadedWorkspace.workspace, loadedWorkspace.configuration, loadedWorkspace.files,
                                               loadedWorkspace.host)
        var display = loadedWorkspace.displayPaths
        let found = workspace.allDiagnostics(loadingSources: { host.loadSource($0) })
        clock?.mark("files checked, sources searched")
        let diagnostics = (loaded.diagnostics + found).sorted(by: Diagnostic.sortOrder)
        if let path = loaded.path, let shown = loaded.displayPath { display[path] = shown }

        let useColor = switch options.color {
        case .always: true
        case .never: false
        case .auto: console.outputIsTerminal && console.environmentValue("NO_COLOR").map(\.isEmpty) ?? true
        }
        var otherFiles: [String: LineIndex] = [:]
        if let path = loaded.path, let index = loaded.lineIndex { otherFiles[path] = index }
        let texts = ReportTexts(workspace: workspace, host: host, fingerprints: loadedWorkspace.fingerprints, otherFiles: otherFiles,
                                shown: ReportTexts.rangesShown(by: diagnostics))
        let report = Report(diagnostics: diagnostics, workspace: workspace, displayPaths: display,
                            fileCount: files.count + (loaded.path == nil ? 0 : 1), texts: texts)
        console.out(report.render(options.format, color: useColor))
        clock?.mark("report written")
        for path in texts.changedFiles.sorted() {
            console.err("warning: \(report.displayPath(path)) changed while it was checked: its findings are those of the text "
                        + "checked, with columns counted in bytes and no excerpt; check again\n")
        }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if options.format == .text || options.format == .github {
            console.err(report.summary() + "\n")
        }
        if let clock { console.err(clock.table) }
        console.keepUntilExit((loadedWorkspace, found, diagnostics, report))
        if errors > 0 || (options.strict && warnings > 0) { return ExitStatus.problems }
        return ExitStatus.clean
    }

    /// The workspace root: --root; else the nearest folder above the first
    /// path holding `annal.toml`; else the folder checked when there is
    /// exactly one; else the current folder.
    static func chooseRoot(_ explicit: String?, paths: [String], cwd: String) -> String {
        if let explicit { return explicit }
        if let first = paths.first {
            // As text (`LexicalPath`): `paths` are absolute and standardised.
            var cursor = FileSystemHost.isDirectory(first) ? first : LexicalPath.parent(of: first)
            while cursor != "/" {
                if FileSystemHost.exists(LexicalPath.appending("annal.toml", to: cursor)) { return cursor }
                cursor = LexicalPath.parent(of: cursor)
            }
            if paths.count == 1, FileSystemHost.isDirectory(first) {
                return first
            }
        }
        return cwd
    }

    /// A path as the user would write it: relative to the current folder when inside it.
    /// Compared and cut as bytes, as the file system names files (and
    /// without counting characters: 7 M instructions on one core for a
    /// thousand files).
    static func displayPath(_ path: String, cwd: String) -> String {
        let prefix = cwd.utf8.last == UInt8(ascii: "/") ? cwd : cwd + "/"
        guard path.utf8.starts(with: prefix.utf8) else { return path }
        return String(decoding: path.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }
}

/// A mistake in the command line.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

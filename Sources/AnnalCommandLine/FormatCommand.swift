import AnnalAnalysis
import AnnalBytes
import AnnalConcurrency
import AnnalFileSystem
import AnnalFormat
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `annal fmt [PATH…]`: rewrites files in the canonical layout, or checks
/// that they are in it.
enum FormatCommand {
    static let help = """
    Usage: annal fmt [PATH…] [options]
           annal fmt --stdin   (or: annal fmt -)

    Rewrites .annal files in the canonical layout (folders are searched
    recursively; default: .). Each file is replaced atomically: written to a
    temporary file beside it, then renamed, keeping its permissions; on any
    failure the original is left as it was. Regions with syntax errors are
    left as written.

    Options:
      --check           write nothing; print a unified diff for each file that
                        would change and exit 1 if any would
      --diff            write nothing; print the diffs (exit 0)
      --stdin, -        format standard input to standard output
      --line-width N    wrap lists longer than N columns (default: [format]
                        line-width of annal.toml, else 100)
      --config FILE     the configuration (default: annal.toml at the workspace root)
      -h, --help        show this help

    Exit status: 0 done (or nothing to change), 1 files would change (--check),
    2 usage or I/O error.

    """

    struct Options {
        var paths: [String] = []
        var check = false
        var diff = false
        var stdin = false
        /// Nil: from annal.toml, else 100.
        var lineWidth: Int?
        var config: String?
    }

    /// What formatting one file gave.
    private enum FileOutcome: Sendable {
        case unchanged
        /// Reformatted (written), or would be: the diff to print.
        case changed(diff: String?)
        /// Not read or not written: the message for standard error.
        case failed(String)
    }

    static func allFormatted(_ count: Int) -> String {
        count == 1 ? "The file is formatted.\n" : "All \(count) files are formatted.\n"
    }

    static func parse(_ arguments: [String]) throws -> Options? {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "-h", "--help": return nil
            case "--check": options.check = true
            case "--diff": options.diff = true
            case "--stdin", "-": options.stdin = true
            case "--config":
                guard let value = iterator.next() else { throw UsageError("--config needs a file") }
                options.config = value
            case "--line-width":
                guard let value = iterator.next(), let width = Int(value), width >= 20 else {
                    throw UsageError("--line-width takes a number of columns, at least 20")
                }
                options.lineWidth = width
            default:
                if argument.hasPrefix("--line-width=") {
                    guard let width = Int(argument.dropFirst("--line-width=".count)), width >= 20 else {
                        throw UsageError("--line-width takes a number of columns, at least 20")
                    }
                    options.lineWidth = width
                } else if argument.hasPrefix("-") {
                    throw UsageError("unknown option `\(argument)`")
                } else {
                    options.paths.append(argument)
                }
            }
        }
        if options.stdin && !options.paths.isEmpty { throw UsageError("--stdin formats standard input; give no paths with it") }
        if options.paths.isEmpty { options.paths = ["."] }
        return options
    }

    static func run(arguments: [String], console: Console, readStandardInput: () -> Data = StandardStreams.readInputToEnd) -> Int32 {
        let options: Options
        switch ParsedOptions.read(arguments, command: "fmt", help: help, console: console, parse) {
        case .run(let parsed): options = parsed
        case .exit(let status): return status
        }
        WorkerPool.startForCommand()
        let cwd = console.currentDirectoryPath
        let absolute = options.paths.map { LexicalPath.absolute($0, relativeTo: cwd) }
        let root = CheckCommand.chooseRoot(nil, paths: options.stdin ? [cwd] : absolute, cwd: cwd)
        let loaded: LoadedConfiguration
        do {
            loaded = try LoadedConfiguration.load(explicit: options.config, root: root, cwd: cwd)
        } catch {
            console.err("error: \(error.description)\n")
            return ExitStatus.failure
        }
        let formatter = Formatter(options: FormatOptions(lineWidth: options.lineWidth ?? loaded.configuration.lineWidth))

        if options.stdin {
            guard let text = String(validating: readStandardInput(), as: UTF8.self) else {
                console.err("error: standard input is not UTF-8 text\n")
                return ExitStatus.failure
            }
            let formatted = formatter.format(text)
            if options.check || options.diff {
                console.out(UnifiedDiff.diff(text, formatted, oldName: "<stdin>", newName: "<stdin> (formatted)"))
                // Compared as bytes: `!=` on strings holds canonically
                // equivalent texts equal.
                return options.check && !formatted.utf8.elementsEqual(text.utf8) ? ExitStatus.problems : ExitStatus.clean
            }
            console.out(formatted)
            return ExitStatus.clean
        }

        let host = FileSystemHost(rootPath: root)
        let files: [String]
        do {
            files = loaded.filter(try FileSystemHost.discoverPaths(options.paths, relativeTo: cwd), named: options.paths, cwd: cwd,
                                  host: host)
        } catch {
            console.err("error: \(error.description)\n")
            return ExitStatus.failure
        }
        // Every file is read, formatted and written (or diffed) on all
        // cores; what each one gives is then reported in path order.
        let check = options.check, diff = options.diff
        let outcomes = Workspace.parallelMap(files) { file -> FileOutcome in
            let display = CheckCommand.displayPath(file, cwd: cwd)
            // Bytes from the file to the comparison: no `String` is made
            // for a file that is formatted already (most, in CI).
            let bytes: [UInt8]
            do throws(FileSystemHost.ReadError) {
                bytes = try host.readTextBytes(atPath: file)
            } catch {
                return .failed("error: \(error.description)\n")
            }
            let formatted = formatter.formattedBytes(SyntaxTree.parse(validUTF8: bytes))
            guard !ByteEquality.same(formatted, bytes) else { return .unchanged }
            if check || diff {
                return .changed(diff: UnifiedDiff.diff(String(decoding: bytes, as: UTF8.self), String(decoding: formatted, as: UTF8.self),
                                                       oldName: display, newName: "\(display) (formatted)"))
            }
            do {
                try FileSystemHost.writeAtomically(Data(formatted), to: URL(fileURLWithPath: file))
            } catch {
                return .failed("error: \(display): cannot be written (\(error)); left unchanged\n")
            }
            return .changed(diff: nil)
        }
        var changed = 0
        var failed = false
        for outcome in outcomes {
            switch outcome {
            case .unchanged:
                continue
            case .changed(let diff):
                changed += 1
                if let diff { console.out(diff) }
            case .failed(let message):
                console.err(message)
                failed = true
            }
        }
        let fileCount = files.count == 1 ? "1 file" : "\(files.count) files"
        if options.check || options.diff {
            console.err(changed == 0 ? allFormatted(files.count) : "\(changed) of \(fileCount) would be reformatted.\n")
        } else {
            console.err(changed == 0 ? allFormatted(files.count) : "Reformatted \(changed) of \(fileCount).\n")
        }
        if failed { return ExitStatus.failure }
        return options.check && changed > 0 ? ExitStatus.problems : ExitStatus.clean
    }
}

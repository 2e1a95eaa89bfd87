import AnnalAnalysis
import AnnalExport
import AnnalFileSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `annal export [PATH…] --format json|jsonl|csv [-o FILE] [--allow-errors]`:
/// writes the dataset for analysis tools. Refuses a dataset with errors
/// (exit 1) unless `--allow-errors`.
enum ExportCommand {
    static let help = """
    Usage: annal export [PATH…] [options]

    Exports the dataset of .annal files (folders are searched recursively;
    default: .) for analysis tools: every source, party, programme, relation,
    event and citation, with the place of each quote in its source.
    A dataset with errors is refused (exit 1): run `annal check` first.

    Options:
      --format FORMAT   json (default): one object, described by
                        schema/annal-export.schema.json;
                        jsonl: one object per event, one per line;
                        csv: one row per event (RFC 4180, UTF-8)
      -o, --output FILE write to FILE (replaced atomically) instead of
                        standard output
      --allow-errors    export even when the dataset has errors
      --bom             start the CSV with a UTF-8 byte-order mark (for
                        spreadsheets that need one)
      --root DIR        the workspace root (default: the folder exported, or
                        the current folder)
      -h, --help        show this help

    Exit status: 0 exported, 1 refused (errors in the dataset), 2 usage or
    I/O error.

    """

    enum Format: String { case json, jsonl, csv }

    struct Options {
        var paths: [String] = []
        var format = Format.json
        var output: String?
        var allowErrors = false
        var byteOrderMark = false
        var root: String?
    }

    static func parse(_ arguments: [String]) throws -> Options? {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let (flag, inline) = splitInline(argument)
            func value() throws -> String {
                if let inline { return inline }
                guard let value = iterator.next() else { throw UsageError("\(flag) needs a value") }
                return value
            }
            switch flag {
            case "-h", "--help": return nil
            case "--allow-errors": options.allowErrors = true
            case "--bom": options.byteOrderMark = true
            case "--format":
                let name = try value()
                guard let format = Format(rawValue: name) else { throw UsageError("unknown format `\(name)`; use json, jsonl or csv") }
                options.format = format
            case "-o", "--output": options.output = try value()
            case "--root": options.root = try value()
            case "--":
                while let path = iterator.next() { options.paths.append(path) }
            default:
                if argument.hasPrefix("-") && argument != "-" { throw UsageError("unknown option `\(argument)`") }
                options.paths.append(argument)
            }
        }
        if options.byteOrderMark && options.format != .csv { throw UsageError("--bom applies to --format csv only") }
        if options.paths.isEmpty { options.paths = ["."] }
        return options
    }

    /// `--flag=value` → (`--flag`, `value`).
    static func splitInline(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    static func run(arguments: [String], console: Console) -> Int32 {
        let options: Options
        switch ParsedOptions.read(arguments, command: "export", help: help, console: console, parse) {
        case .run(let parsed): options = parsed
        case .exit(let status): return status
        }
        guard let workspace = loadWorkspace(options.paths, root: options.root, console: console) else { return ExitStatus.failure }
        let diagnostics = workspace.allDiagnostics()
        if !options.allowErrors, let refusal = ExportGate.refusal(diagnostics, command: "export") {
            console.err(refusal)
            return ExitStatus.problems
        }
        let dataset = DatasetBuilder.build(workspace, diagnostics: diagnostics)
        let text = switch options.format {
        case .json: DatasetExport.json(dataset)
        case .jsonl: DatasetExport.jsonLines(dataset)
        case .csv: EventTable.csv(dataset, byteOrderMark: options.byteOrderMark)
        }
        guard write(text, to: options.output, console: console) else { return ExitStatus.failure }
        if let output = options.output {
            console.err("exported \(dataset.summary.events) events of \(dataset.summary.relations) relations to \(output)\n")
        }
        return ExitStatus.clean
    }

    /// Writes to standard output, or to a file replaced atomically; false
    /// (with the reason on standard error) when the file cannot be written.
    static func write(_ text: String, to output: String?, console: Console) -> Bool {
        guard let output, output != "-" else {
            console.out(text)
            return true
        }
        let url = URL(fileURLWithPath: output, relativeTo: console.currentDirectory).standardizedFileURL
        do {
            try FileSystemHost.writeAtomically(Data(text.utf8), to: url)
            return true
        } catch {
            console.err("error: cannot write \(output): \(error)\n")
            return false
        }
    }

    /// Finds the `.annal` files under `paths`, reads them and the sources
    /// they cite, as `annal check` does; nil (after reporting on standard
    /// error) when a file cannot be read.
    static func loadWorkspace(_ paths: [String], root explicitRoot: String?, console: Console) -> Workspace? {
        LoadedWorkspace.load(paths, root: explicitRoot, config: nil, console: console)?.workspace
    }
}

import AnnalExport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `annal timeline [PATH…] -o FILE.svg|FILE.html`: draws the dataset's
/// events on a timeline, one lane per relation.
enum TimelineCommand {
    static let help = """
    Usage: annal timeline [PATH…] -o FILE.svg|FILE.html [options]

    Draws the events of .annal files (folders are searched recursively;
    default: .) on a timeline: one lane per relation, a year axis, each event
    placed by its date: a day as a dot, a month or year as a band as wide as
    the period, an interval as a bar, an open interval fading out, uncertain
    and approximate dates dashed; labelled by programme, with a tooltip.
    The format follows the extension: .svg for the drawing alone, .html for
    a page holding the drawing and a table of the events. Neither needs any
    other file.

    Options:
      -o, --output FILE   the file to write (.svg, .html or .htm), replaced atomically
      --title TEXT        the heading (default: Timeline)
      --width N           the drawing's width in pixels (default 1200, at least 600)
      --root DIR          the workspace root (default: the folder drawn, or the current folder)
      -h, --help          show this help

    Exit status: 0 written, 2 usage or I/O error. Errors in the dataset are
    reported as a count on standard error; events with invalid dates are not drawn.

    """

    enum Format { case svg, html }

    struct Options {
        var paths: [String] = []
        var output = ""
        var format = Format.svg
        var title: String?
        var width = 1200.0
        var root: String?
    }

    static func parse(_ arguments: [String]) throws -> Options? {
        var options = Options()
        var output: String?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            let (flag, inline) = ExportCommand.splitInline(argument)
            func value() throws -> String {
                if let inline { return inline }
                guard let value = iterator.next() else { throw UsageError("\(flag) needs a value") }
                return value
            }
            switch flag {
            case "-h", "--help": return nil
            case "-o", "--output": output = try value()
            case "--title": options.title = try value()
            case "--root": options.root = try value()
            case "--width":
                let text = try value()
                guard let width = Double(text), width >= 600, width <= 20_000 else {
                    throw UsageError("--width takes a number of pixels from 600 to 20000")
                }
                options.width = width
            case "--":
                while let path = iterator.next() { options.paths.append(path) }
            default:
                if argument.hasPrefix("-") { throw UsageError("unknown option `\(argument)`") }
                options.paths.append(argument)
            }
        }
        guard let output else { throw UsageError("give the file to write with -o FILE.svg or -o FILE.html") }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "svg": options.format = .svg
        case "html", "htm": options.format = .html
        default: throw UsageError("cannot tell the format of `\(output)`: name it .svg or .html")
        }
        options.output = output
        if options.paths.isEmpty { options.paths = ["."] }
        return options
    }

    static func run(arguments: [String], console: Console) -> Int32 {
        let options: Options
        switch ParsedOptions.read(arguments, command: "timeline", help: help, console: console, parse) {
        case .run(let parsed): options = parsed
        case .exit(let status): return status
        }
        guard let workspace = ExportCommand.loadWorkspace(options.paths, root: options.root, console: console) else {
            return ExitStatus.failure
        }
        let diagnostics = workspace.allDiagnostics()
        let errors = ExportGate.errorCount(diagnostics)
        if errors > 0 {
            console.err("warning: the dataset has \(errors) error\(errors == 1 ? "" : "s") (run `annal check`); drawn anyway\n")
        }
        let dataset = DatasetBuilder.build(workspace, diagnostics: diagnostics)
        let renderer = TimelineRenderer(width: options.width, title: options.title)
        let text = switch options.format {
        case .svg: renderer.svg(dataset)
        case .html: renderer.html(dataset)
        }
        guard ExportCommand.write(text, to: options.output, console: console) else { return ExitStatus.failure }
        console.err("drew \(dataset.summary.events) events of \(dataset.summary.relations) relations to \(options.output)\n")
        return ExitStatus.clean
    }
}

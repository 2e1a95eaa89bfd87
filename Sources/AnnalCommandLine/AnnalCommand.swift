/// The `annal` command: dispatches to its subcommands.
public enum AnnalCommand {
    public static let version = "0.1.0"

    static let usage = """
    annal \(version): check, format and export Annal datasets.

    Usage: annal <command> [options]

    Commands:
      init [DIR]      Start a workspace: configuration, sources/, a first relation
      check [PATH…]   Check .annal files (folders recursively; default: .)
      fmt [PATH…]     Rewrite .annal files in the canonical layout (--check in CI)
      export [PATH…]  Export the dataset as JSON, JSON Lines or CSV
      timeline [PATH…] Draw the events on a timeline (-o FILE.svg or FILE.html)
      lsp             Run the language server on standard input and output
      explain [CODE]  Explain a diagnostic code (AN101), or list them all
      help            Show this help

    Run `annal <command> --help` for a command's options.

    """

    /// Runs the command line and returns the exit status.
    public static func run(arguments: [String], console: Console = .standard) -> Int32 {
        guard let command = arguments.first else {
            console.err(usage)
            return ExitStatus.failure
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "init":
            return InitCommand.run(arguments: rest, console: console)
        case "check":
            return CheckCommand.run(arguments: rest, console: console)
        case "fmt", "format":
            return FormatCommand.run(arguments: rest, console: console)
        case "explain":
            return ExplainCommand.run(arguments: rest, console: console)
        case "export":
            return ExportCommand.run(arguments: rest, console: console)
        case "timeline":
            return TimelineCommand.run(arguments: rest, console: console)
        case "lsp":
            return LSPCommand.run(arguments: rest, console: console)
        case "help", "-h", "--help":
            console.out(usage)
            return ExitStatus.clean
        case "--version", "-V", "version":
            console.out("annal \(version)\n")
            return ExitStatus.clean
        default:
            console.err("error: unknown command `\(command)`\n\n" + usage)
            return ExitStatus.failure
        }
    }
}

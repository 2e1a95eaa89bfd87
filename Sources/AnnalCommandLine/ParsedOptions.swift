/// The outcome of reading a command's options.
enum ParsedOptions<Options> {
    /// Run the command with these options.
    case run(Options)
    /// Stop now with this exit status (help shown, or a usage error reported).
    case exit(Int32)

    /// Parses with `parse` (nil means help was asked for): prints the help,
    /// or the usage error with a pointer to `annal COMMAND --help`.
    static func read(_ arguments: [String], command: String, help: String, console: Console,
                     _ parse: ([String]) throws -> Options?) -> ParsedOptions {
        do {
            guard let options = try parse(arguments) else {
                console.out(help)
                return .exit(ExitStatus.clean)
            }
            return .run(options)
        } catch {
            console.err("error: \((error as? UsageError)?.message ?? "\(error)")\n\nRun `annal \(command) --help` for usage.\n")
            return .exit(ExitStatus.failure)
        }
    }
}

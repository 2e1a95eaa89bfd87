import AnnalLanguageServer
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JSONRPC

/// `annal lsp`: runs the language server on standard input and output.
enum LSPCommand {
    static let help = """
    Usage: annal lsp [--stdio]

    Runs the Annal language server over standard input and output (JSON-RPC
    with Content-Length framing, as every LSP client speaks it). Logs go to
    the client as window/logMessage; standard error stays quiet.

    """

    static func run(arguments: [String], console: Console) -> Int32 {
        for argument in arguments {
            switch argument {
            case "--stdio": continue
            case "-h", "--help":
                console.out(help)
                return ExitStatus.clean
            default:
                console.err("error: unknown option `\(argument)` for `annal lsp`\n\n" + help)
                return ExitStatus.failure
            }
        }
        // A write to a client that went away must not kill the server with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let connection = Connection(input: STDIN_FILENO, output: STDOUT_FILENO)
        let server = LanguageServer(client: connection) { code in exit(code) }
        connection.start(handler: { message in server.handle(message) },
                         onClose: { exit(server.exitCodeAtEndOfInput()) })
        while true { sleep(3600) } // the reader thread and the queues do the work
    }
}

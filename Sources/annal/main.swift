import AnnalCommandLine
import Foundation

// The executable is a thin shell: everything testable lives in AnnalCommandLine.
let status = AnnalCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)

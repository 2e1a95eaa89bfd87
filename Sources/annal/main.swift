import AnnalCommandLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The executable is a thin shell: everything testable lives in AnnalCommandLine.
let status = AnnalCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)

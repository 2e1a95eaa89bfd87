import AnnalCommandLine
import CAnnalProcess
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The executable is a thin shell: everything testable lives in AnnalCommandLine.
let status = AnnalCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
// A command that used much memory (a check of a workspace, the server)
// has it freed after it has ended, by a process that shares it: its
// parent hears of the end 1 to 10 ms sooner (CAnnalProcess.h). A small
// one (a file formatted on save) frees its own: the holder would gain
// little and, where the system's first process is slow to reap orphans,
// linger a while as a finished process.
#if canImport(Glibc)
var usage = rusage()
if getrusage(RUSAGE_SELF.rawValue, &usage) == 0, usage.ru_maxrss >= 16 * 1024 {  // kilobytes
    var release: Int32 = -1
    _ = annal_start_memory_holder(&release)
}
#endif
exit(status)

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import AnnalConcurrency

/// `annal check --timings`: when each stage of a check ended, on the wall
/// clock from the command's start, and the CPU time the process had used
/// by then (every thread's; a helper waiting for the next loop counts
/// too). Printed on standard error after the report, for whoever measures
/// where a check spends its time (docs/performance.md).
final class StageClock {
    private struct Stage {
        let name: String
        let wall: Double
        let cpu: Double
    }

    private let start: Double
    private var stages: [Stage] = []

    init() { start = Self.wallMilliseconds() }

    /// Records that the stage `name` has ended now.
    func mark(_ name: String) {
        stages.append(Stage(name: name, wall: Self.wallMilliseconds() - start, cpu: Self.cpuMilliseconds()))
    }

    /// One line per stage: when it ended, how long it took, the CPU used by then.
    var table: String {
        let width = stages.map(\.name.count).max() ?? 0
        var out = "timings (ms): stage, ended at, took, process CPU by then\n"
        var previous = 0.0
        for stage in stages {
            let name = stage.name + String(repeating: " ", count: width - stage.name.count)
            out += "  \(name)  \(Self.format(stage.wall))  \(Self.format(stage.wall - previous))  \(Self.format(stage.cpu))\n"
            previous = stage.wall
        }
        return out
    }

    private static func format(_ milliseconds: Double) -> String {
        let tenths = Int((milliseconds * 10).rounded())
        let text = "\(tenths / 10).\(tenths % 10)"
        return String(repeating: " ", count: max(0, 7 - text.count)) + text
    }

    private static func wallMilliseconds() -> Double {
        Double(monotonicNanoseconds()) / 1e6
    }

    private static func cpuMilliseconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) * 1e3 + Double(usage.ru_utime.tv_usec) / 1e3
        let system = Double(usage.ru_stime.tv_sec) * 1e3 + Double(usage.ru_stime.tv_usec) / 1e3
        return user + system
    }
}

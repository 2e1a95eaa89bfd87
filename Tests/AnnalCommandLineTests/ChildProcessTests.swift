import Foundation
import Testing

/// The harness that runs `annal` in tests: a child that does not end is
/// killed and reaped, and streams larger than a pipe's buffer neither block
/// nor lose a byte.
@Suite struct ChildProcessTests {
    @Test func childThatDoesNotEndIsKilledAtTheDeadlineAndReaped() throws {
        let started = Date()
        let outcome = try ChildProcess.run(URL(fileURLWithPath: "/bin/sleep"), ["30"], timeout: 0.5)
        #expect(outcome.timedOut)
        #expect(outcome.ending == .init(status: SIGKILL, bySignal: true))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func megabytesInAndOutAtOnce() throws {
        var generator = SystemRandomNumberGenerator()
        let input = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let outcome = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), [], input: input, timeout: 60)
        // Named apart: an expectation on `outcome` would print megabytes.
        let (timedOut, ending, output) = (outcome.timedOut, outcome.ending, outcome.output)
        #expect(!timedOut)
        #expect(ending == .init(status: 0, bySignal: false))
        let sameBytes = output == input
        #expect(sameBytes, "\(output.count) bytes back of \(input.count)")
    }

    @Test func exitCodeErrorStreamAndFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("annal-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "pwd; echo oops >&2; exit 3"], in: folder,
                                           environment: ["PATH": "/usr/bin:/bin"])
        #expect(outcome.ending == .init(status: 3, bySignal: false))
        #expect(outcome.out == folder.resolvingSymlinksInPath().path + "\n")
        #expect(outcome.err == "oops\n")
    }

    @Test func childThatClosesItsStreamsButRunsOnIsATimeOut() throws {
        let outcome = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec >&- 2>&-; sleep 30"], timeout: 0.5)
        #expect(outcome.timedOut)
        #expect(outcome.ending == .init(status: SIGKILL, bySignal: true))
    }

    @Test func writeToAChildThatDoesNotReadGivesUpAtItsDeadline() throws {
        let child = try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["30"], input: .pipe)
        let started = Date()
        // Far more than a pipe holds (64 KiB by default).
        #expect(!child.write([UInt8](repeating: 0x41, count: 4 << 20), timeout: 0.5))
        #expect(Date().timeIntervalSince(started) < 10)
        child.kill()
    }

    @Test func descriptorsOfOneChildAreNotInheritedByTheNext() throws {
        // A child holding the first one's input open would keep `cat` from
        // ever reading the end of its input.
        let first = try ChildProcess(URL(fileURLWithPath: "/bin/cat"), [], input: .pipe, output: .pipe)
        let second = try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["30"])
        first.closeInput()
        #expect(first.ending(within: 10) == .init(status: 0, bySignal: false))
        second.kill()
    }
}

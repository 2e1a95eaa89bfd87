@testable import AnnalCommandLine
import AnnalTestSupport
import Foundation
import Testing

/// Where a command reads its environment variables: the standard console
/// from the process, one variable at a time; a test's console from the
/// environment it was given.
@Suite struct ConsoleEnvironmentTests {
    @Test func theProcessConsoleReadsTheProcessEnvironment() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        #expect(Console.standard.environmentValue("PATH") == path)
        #expect(Console.standard.environmentValue("ANNAL_NO_SUCH_VARIABLE_\(UUID().uuidString)") == nil)
    }

    @Test func aTestConsoleReadsTheEnvironmentItWasGiven() {
        let (console, _) = Console.capturing(environment: ["NO_COLOR": "1"], currentDirectory: URL(fileURLWithPath: "/"))
        #expect(console.environmentValue("NO_COLOR") == "1")
        #expect(console.environmentValue("PATH") == nil)
    }

    @Test(arguments: [(["NO_COLOR": "1"], false), ([:], true)])
    func noColorTurnsColourOffOnATerminal(_ environment: [String: String], _ coloured: Bool) throws {
        let (console, captured) = Console.capturing(environment: environment, currentDirectory: Fixtures.repositoryRoot,
                                                    terminal: true)
        _ = AnnalCommand.run(arguments: ["check", "samples/broken"], console: console)
        #expect(captured().out.contains("\u{1B}[") == coloured)
    }
}

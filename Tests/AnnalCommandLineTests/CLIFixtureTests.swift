import AnnalCommandLine
import AnnalTestSupport
import Foundation
import Testing

/// Command-line cases: `NAME.args` holds one argument per line; the command
/// runs from the repository root and its stdout, stderr and exit status are
/// compared verbatim with `NAME.stdout`, `NAME.stderr` and `NAME.status`.
@Suite struct CLIFixtureTests {
    static let cases = Fixtures.files(in: Fixtures.folder("AnnalCommandLineTests", "cli"), withExtension: "args")

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 10)
    }

    @Test(arguments: cases)
    func commandOutputMatches(_ argsFile: URL) throws {
        let arguments = try String(contentsOf: argsFile, encoding: .utf8).split(separator: "\n").map(String.init)
        let (console, captured) = Console.capturing(environment: [:], currentDirectory: Fixtures.repositoryRoot)
        let status = AnnalCommand.run(arguments: arguments, console: console)
        let (out, err) = captured()
        let base = argsFile.deletingPathExtension()
        for (actual, ext) in [(out, "stdout"), (err, "stderr"), ("\(status)\n", "status")] {
            let failure = Fixtures.compare(actual, expectationFile: base.appendingPathExtension(ext))
            #expect(failure == nil, "\(argsFile.lastPathComponent): \(failure ?? "")")
        }
    }
}

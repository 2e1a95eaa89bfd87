@testable import AnnalCommandLine
import AnnalTestSupport
import Foundation
import Testing

/// `annal check --timings`: after the summary, one line per stage of the
/// check, in order, each ending no earlier than the one before.
@Suite struct StageTimingsTests {
    static let stages = ["files found, configuration read", "files read and lowered", "workspace indexed",
                         "files checked, sources searched", "report written"]

    @Test func eachStageIsTimedInOrder() throws {
        let (console, captured) = Console.capturing(environment: [:], currentDirectory: Fixtures.repositoryRoot)
        let status = AnnalCommand.run(arguments: ["check", "--timings", "samples"], console: console)
        let (out, err) = captured()
        #expect(status == 1)  // samples/broken holds one file per rule
        #expect(out.contains("error[AN001]"))
        let lines = err.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("timings (ms)") })
        #expect(lines[header - 1].hasPrefix("Found "))  // after the summary
        let rows = lines[(header + 1)...].map { line -> (name: String, numbers: [Double]) in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let numbers = fields.suffix(3).compactMap { Double($0) }
            return (fields.dropLast(3).joined(separator: " "), numbers)
        }
        #expect(rows.map(\.name) == Self.stages)
        #expect(rows.allSatisfy { $0.numbers.count == 3 })
        let ends = rows.map { $0.numbers.first ?? -1 }
        #expect(ends == ends.sorted() && ends.allSatisfy { $0 >= 0 }, "\(ends)")
    }

    @Test func withoutTheOptionNothingIsTimed() {
        let (console, captured) = Console.capturing(environment: [:], currentDirectory: Fixtures.repositoryRoot)
        _ = AnnalCommand.run(arguments: ["check", "samples"], console: console)
        #expect(!captured().1.contains("timings"))
    }
}

import AnnalAnalysis
import Testing

/// `Workspace.parallelMap` keeps the input's order and holds nothing of
/// its results once they are returned.
@Suite struct ParallelMapTests {
    final class Result: Sendable {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    @Test func resultsComeInTheInputsOrder() {
        let numbers = Array(0..<1_000)
        #expect(Workspace.parallelMap(numbers) { $0 * 3 } == numbers.map { $0 * 3 })
    }

    @Test func resultsAreFreedWhenTheCallerLetsThemGo() {
        weak var first: Result?
        weak var last: Result?
        do {
            let results = Workspace.parallelMap(Array(0..<64)) { Result($0) }
            first = results.first
            last = results.last
            #expect(first?.number == 0 && last?.number == 63)
        }
        #expect(first == nil)
        #expect(last == nil)
    }
}

import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

// A batch run does not remember quote searches: it must find exactly what a
// workspace that remembers them finds.

@Suite struct SourceSearchMemoryTests {
    @Test(arguments: RuleFixtureTests.folders)
    func searchesNotRememberedGiveTheSameDiagnostics(_ folder: URL) {
        let remembering = RuleFixtureTests.workspace(for: folder)
        var forgetting = remembering
        forgetting.setSources(remembering.sources.map { (path: $0.key, load: $0.value.load) }, remembersSearches: false)
        let expected = remembering.allDiagnostics()
        #expect(expected.contains { $0.rule.code.hasPrefix("AN4") }, "the fixtures cite sources")
        #expect(forgetting.allDiagnostics() == expected)
        // Twice: a search not remembered is made again, with the same result.
        #expect(forgetting.allDiagnostics() == expected)
    }
}

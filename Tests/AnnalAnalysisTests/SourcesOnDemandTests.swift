import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

// A batch check loads each source when a file needs it and drops it after:
// it must find exactly what a workspace holding every source finds, and
// load each path once.

@Suite struct SourcesOnDemandTests {
    /// Counts the loads of each path, from any thread.
    final class LoadLog: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func record(_ path: String) { lock.withLock { counts[path, default: 0] += 1 } }
        var loads: [String: Int] { lock.withLock { counts } }
    }

    @Test(arguments: RuleFixtureTests.folders)
    func sourcesLoadedOnDemandGiveTheSameDiagnostics(_ folder: URL) {
        let complete = RuleFixtureTests.workspace(for: folder)
        let expected = complete.allDiagnostics()
        #expect(expected.contains { $0.rule.code.hasPrefix("AN4") }, "the fixtures cite sources")
        var bare = complete
        for path in complete.sources.keys { bare.removeSource(path) }
        let loads = complete.sources.mapValues(\.load)
        let log = LoadLog()
        let found = bare.allDiagnostics(loadingSources: { path in
            log.record(path)
            return loads[path] ?? .missing
        })
        #expect(found == expected)
        #expect(Set(log.loads.keys) == Set(complete.citedSourcePaths()))
        #expect(log.loads.values.allSatisfy { $0 == 1 }, "each source is loaded once: \(log.loads)")
    }

    @Test(arguments: RuleFixtureTests.folders)
    func sourcesAlreadySetAreNotLoadedAgain(_ folder: URL) {
        let complete = RuleFixtureTests.workspace(for: folder)
        var partial = complete
        let removed = Set(complete.sources.keys.sorted().enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element))
        for path in removed { partial.removeSource(path) }
        let loads = complete.sources.mapValues(\.load)
        let log = LoadLog()
        let found = partial.allDiagnostics(loadingSources: { path in
            log.record(path)
            return loads[path] ?? .missing
        })
        #expect(found == complete.allDiagnostics())
        #expect(Set(log.loads.keys) == removed)
    }

    @Test func aFileNeedsTheSourcesItDeclaresAndCites() {
        var workspace = Workspace(includeBuiltinCatalogue: false)
        workspace.setFiles([
            (path: "a/sources.annal", text: """
            source s1 {
              path = "one.txt"
            }

            source s2 {
              path = "../two.txt"
            }

            """),
            (path: "b/events.annal", text: """
            relation r {
              parties = [X, Y]
              event 2003 {
                cite s2 "a quote"
                cite unknown "another"
              }
            }

            """),
            (path: "c/mixed.annal", text: """
            relation m {
              parties = [X, Y]
              event 2003 {
                cite s1 "a quote"
              }
              event 2004 {
                cite s2 "a quote"
                cite s1 "another"
              }
              event 2005 {
                cite s2 "a third"
              }
            }

            """),
        ])
        #expect(workspace.sourcePaths(neededBy: "c/mixed.annal") == ["a/one.txt", "two.txt"], "each source cited, in any order")
        #expect(workspace.sourcePaths(neededBy: "a/sources.annal") == ["a/one.txt", "two.txt"])
        #expect(workspace.sourcePaths(neededBy: "b/events.annal") == ["two.txt"])
        #expect(workspace.sourcePaths(neededBy: "missing.annal") == [])
    }
}

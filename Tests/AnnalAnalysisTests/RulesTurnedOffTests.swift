@testable import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

// A cross-file rule whose codes the configuration all turns off is not run,
// and a batch check reads no source document that no rule left on reads:
// the diagnostics must be those of running every rule and dropping what
// the rules turned off found.

@Suite struct RulesTurnedOffTests {
    /// The sets of codes turned off in turn: each rule's, one code of a
    /// rule that has two, and every source code at once.
    static let offSets: [Set<Rule>] = WorkspaceRules.all.map { $0.codes } + [
        [.quoteNotFound],
        [.quoteAmbiguous],
        [.sourceMissing, .sourceNotUTF8],
        CitationRule.codes.union(SourceFileRule.codes),
    ]

    static func turningOff(_ codes: Set<Rule>, in workspace: Workspace) -> Workspace {
        var turned = workspace
        for code in codes { turned.severityOverrides[code] = .some(nil) }
        return turned
    }

    /// The codes the cross-file rules report on a workspace's files, each
    /// rule expected to report only codes it lists.
    static func codesReported(in workspace: Workspace) -> Set<Rule> {
        var seen = Set<Rule>()
        for path in workspace.files.keys.sorted() {
            let context = RuleContext(file: workspace.files[path]!, index: workspace.index, sources: workspace.sources,
                                      sourceRoot: workspace.sourceRoot, keepsResults: false)
            for rule in WorkspaceRules.all {
                var found: [Diagnostic] = []
                rule.check(context, into: &found)
                for diagnostic in found {
                    #expect(rule.codes.contains(diagnostic.rule), "\(rule) reported \(diagnostic.rule.code) in \(path)")
                    seen.insert(diagnostic.rule)
                }
            }
        }
        return seen
    }

    @Test(arguments: RuleFixtureTests.folders)
    func eachRuleReportsOnlyItsCodes(_ folder: URL) {
        let seen = Self.codesReported(in: RuleFixtureTests.workspace(for: folder))
        #expect(seen.isSuperset(of: CitationRule.codes), "the fixtures exercise the quote rules")
    }

    /// The check above holds only for the codes the rules are made to
    /// report: together, the fixtures and a source over the size limit
    /// (16 MiB, which no fixture holds) make them report every one.
    @Test func everyCodeOfTheCrossFileRulesIsReported() {
        var seen = RuleFixtureTests.folders.reduce(into: Set<Rule>()) {
            $0.formUnion(Self.codesReported(in: RuleFixtureTests.workspace(for: $1)))
        }
        var large = Workspace(includeBuiltinCatalogue: false)
        large.setFiles([(path: "s.annal", text: "source big {\n  path = \"big.txt\"\n}\n")])
        large.setSource("big.txt", .tooLarge(bytes: 20_000_000))
        let fromLarge = Self.codesReported(in: large)
        #expect(fromLarge.contains(.sourceTooLarge))
        seen.formUnion(fromLarge)
        let all = WorkspaceRules.all.reduce(into: Set<Rule>()) { $0.formUnion($1.codes) }
        #expect(all.subtracting(seen).isEmpty, "never reported: \(all.subtracting(seen).map(\.code).sorted())")
    }

    @Test(arguments: RuleFixtureTests.folders)
    func skippingARuleTurnedOffChangesNoDiagnostic(_ folder: URL) {
        let complete = RuleFixtureTests.workspace(for: folder)
        for codes in Self.offSets {
            let skipping = Self.turningOff(codes, in: complete)
            var running = skipping
            running.skipsRulesTurnedOff = false
            let expected = running.allDiagnostics()
            #expect(skipping.allDiagnostics() == expected, "\(codes.map(\.code).sorted())")
            #expect(!expected.contains { codes.contains($0.rule) })
        }
    }

    @Test(arguments: RuleFixtureTests.folders)
    func aBatchCheckLoadsOnlyTheSourcesItsRulesRead(_ folder: URL) {
        let complete = RuleFixtureTests.workspace(for: folder)
        let loads = complete.sources.mapValues(\.load)
        var bare = complete
        for path in complete.sources.keys { bare.removeSource(path) }
        let declared = Set(complete.files.values.flatMap { file in
            file.model.declarations.filter { $0.kind == .source }.compactMap { complete.sourcePath(of: $0) }
        })
        let cited = Set(complete.citedSourcePaths())
        #expect(!declared.isEmpty && !cited.isEmpty)
        let cases: [(off: Set<Rule>, loaded: Set<String>)] = [
            ([], declared.union(cited)),
            (CitationRule.codes, declared),
            (SourceFileRule.codes, cited),
            (CitationRule.codes.union(SourceFileRule.codes), []),
        ]
        for (off, loaded) in cases {
            let log = SourcesOnDemandTests.LoadLog()
            let found = Self.turningOff(off, in: bare).allDiagnostics(loadingSources: { path in
                log.record(path)
                return loads[path] ?? .missing
            })
            var running = Self.turningOff(off, in: complete)
            running.skipsRulesTurnedOff = false
            #expect(found == running.allDiagnostics(), "\(off.map(\.code).sorted())")
            #expect(Set(log.loads.keys) == loaded, "\(off.map(\.code).sorted())")
        }
    }

    @Test func aDocumentLoadedForItsLoadAloneIsNotFolded() {
        let text = "Le 12 mai 2004, l’accord fut signé."
        let folded = SourceDocument(path: "s.txt", load: .utf8(Array(text.utf8)))
        let loadOnly = SourceDocument(path: "s.txt", load: .utf8(Array(text.utf8)), folding: .none)
        #expect(folded.folded != nil)
        #expect(loadOnly.folded == nil)
        #expect(loadOnly.load == folded.load)
        #expect(loadOnly.find(utf8: Array("l'accord".utf8)) == nil)
        #expect(folded.find(utf8: Array("l'accord".utf8)) != nil)
    }
}

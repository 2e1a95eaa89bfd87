@testable import AnnalAnalysis
import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// The citation rule's results handed from one version of a file to the
/// next (`CitationResults`): after any edit, the workspace reports what a
/// fresh workspace reports on the new text, and an edit inside an event
/// hands on the results of every other citation.
@Suite struct CitationResultsTests {
    static let path = "f.annal"
    static let sourcePath = "sources/s1.fr.txt"

    /// Quotes of three in four events are in the source; "partenariat 1"
    /// is also the start of "partenariat 10", so some are ambiguous.
    static func source(missingEvery skipped: Int) -> SourceDocument {
        var text = "Chronique des relations.\n"
        for i in 0..<60 where i % skipped != 0 {
            text += "En \(1992 + i / 12), l’Ouzbékistan a rejoint le partenariat \(i) après de longs échanges.\n"
        }
        return SourceDocument(path: sourcePath, load: .text(text))
    }

    /// Two relations of 30 events each, citing the one source: a
    /// citation's place counts those of the relations before its own.
    static let twoRelations: String = {
        let first = IncrementalAnalysisTests.generatedRelation(events: 30)
        let relation = first.range(of: "relation nato-uz")!
        let second = first[relation.lowerBound...].replacingOccurrences(of: "relation nato-uz", with: "relation nato-uz-bis")
            .replacingOccurrences(of: "partenariat ", with: "partenariat 3")
        return first + "\n" + second
    }()

    static func workspace(text: String, source: SourceDocument) -> Workspace {
        workspace(tree: SyntaxTree.parse(text), source: source)
    }

    static func workspace(tree: SyntaxTree, source: SourceDocument) -> Workspace {
        var workspace = Workspace()
        workspace.setFile(path, tree: tree)
        workspace.setSources([source])
        return workspace
    }

    @Test func editsGiveWhatAFreshWorkspaceGives() {
        let source = Self.source(missingEvery: 4)
        let original = Self.twoRelations
        var workspace = Self.workspace(text: original, source: source)
        #expect(workspace.diagnostics(for: Self.path).contains { $0.rule == .quoteNotFound })
        var random = SplitMix64(seed: 0xC17E)
        var incrementalSteps = 0
        for step in 0..<300 {
            let before = workspace.files[Self.path]!
            let edit = IncrementalAnalysisTests.randomEdit(in: before.tree.bytes, using: &random)
            workspace.editFile(Self.path, edits: [edit])
            let after = workspace.files[Self.path]!
            if !after.citationResults.snapshot().entries.isEmpty { incrementalSteps += 1 }
            // The same document: a fresh workspace finds its searches in
            // the document's cache, and starts with no results to reuse.
            // From the bytes: an edit may split a character.
            let fresh = Self.workspace(tree: SyntaxTree.parse(bytes: after.tree.bytes), source: source)
            let difference = Self.difference(workspace.diagnostics(for: Self.path), fresh.diagnostics(for: Self.path))
            #expect(difference == nil, "edit \(step) \(edit.range) → \(String(decoding: edit.replacement, as: UTF8.self).debugDescription): \(difference ?? "")")
            if difference != nil { break }
            // Keep the text near valid, so that most edits take the
            // one-event path.
            if !after.tree.errors.isEmpty, random.next() % 4 != 0 {
                workspace.setFile(Self.path, text: original)
            }
        }
        #expect(incrementalSteps > 50)
    }

    @Test func anEditInsideAnEventHandsOnEveryOtherCitationsResult() throws {
        let text = IncrementalAnalysisTests.generatedRelation(events: 60)
        let source = Self.source(missingEvery: 4)
        var workspace = Self.workspace(text: text, source: source)
        _ = workspace.diagnostics(for: Self.path)
        let known = workspace.files[Self.path]!.citationResults.snapshot().entries
        #expect(known.count == 60 && known.allSatisfy { $0 != nil })

        let anchor = try #require(text.utf8.firstRange(of: "partenariat 20\"".utf8))
        let at = text.utf8.distance(from: text.utf8.startIndex, to: anchor.upperBound) - 1
        workspace.editFile(Self.path, edits: [ByteEdit(range: at..<at, replacement: Array("0".utf8))])
        let handed = workspace.files[Self.path]!.citationResults.snapshot().entries
        #expect(handed.count == 60)
        #expect(handed.indices.allSatisfy { ($0 == 20) == (handed[$0] == nil) })
        #expect(handed[21]?.result == known[21]?.result && handed[19]?.result == known[19]?.result)
        let fresh = Self.workspace(tree: SyntaxTree.parse(bytes: workspace.files[Self.path]!.tree.bytes), source: source)
        #expect(Self.difference(workspace.diagnostics(for: Self.path), fresh.diagnostics(for: Self.path)) == nil)
        // Checked, the new version keeps every result for the next edit.
        let kept = workspace.files[Self.path]!.citationResults.snapshot().entries
        #expect(kept.count == 60 && kept.allSatisfy { $0 != nil })
        // AN501's findings by event are handed on alike (a second edit).
        let events = workspace.files[Self.path]!.eventDateResults.snapshot().entries
        #expect(events.count == 60 && events.allSatisfy { $0 != nil })
        workspace.editFile(Self.path, edits: [ByteEdit(range: at..<at, replacement: Array("1".utf8))])
        let handedEvents = workspace.files[Self.path]!.eventDateResults.snapshot().entries
        #expect(handedEvents.indices.allSatisfy { ($0 == 20) == (handedEvents[$0] == nil) })
        let again = Self.workspace(tree: SyntaxTree.parse(bytes: workspace.files[Self.path]!.tree.bytes), source: source)
        #expect(Self.difference(workspace.diagnostics(for: Self.path), again.diagnostics(for: Self.path)) == nil)
    }

    /// A workspace that checks each file once (a command's) keeps nothing
    /// for an edit, and finds what a keeping one finds.
    @Test func aWorkspaceThatDoesNotKeepResultsFindsTheSame() {
        let text = IncrementalAnalysisTests.generatedRelation(events: 60)
        let source = Self.source(missingEvery: 4)
        var once = Self.workspace(text: text, source: source)
        once.keepsResultsForEdits = false
        let kept = Self.workspace(text: text, source: source)
        #expect(Self.difference(once.diagnostics(for: Self.path), kept.diagnostics(for: Self.path)) == nil)
        #expect(once.diagnostics(for: Self.path).contains { $0.rule == .eventOutsideProgrammeDates })
        #expect(once.files[Self.path]!.citationResults.snapshot().entries.isEmpty)
        #expect(once.files[Self.path]!.eventDateResults.snapshot().entries.isEmpty)
        #expect(kept.files[Self.path]!.eventDateResults.snapshot().entries.count == 60)
    }

    /// A result is reused only for the document version it was found in.
    @Test func aNewVersionOfTheSourceIsSearchedAgain() {
        let text = IncrementalAnalysisTests.generatedRelation(events: 60)
        var workspace = Self.workspace(text: text, source: Self.source(missingEvery: 4))
        let before = workspace.diagnostics(for: Self.path)
        let changed = Self.source(missingEvery: 3)
        workspace.setSources([changed])
        let after = workspace.diagnostics(for: Self.path)
        #expect(after != before)
        let fresh = Self.workspace(text: text, source: changed)
        #expect(Self.difference(after, fresh.diagnostics(for: Self.path)) == nil)
    }

    /// A source declared in another file comes to name another document:
    /// results found in the first are not reused for the second.
    @Test func aSourceIdThatComesToNameAnotherDocumentIsSearchedThere() {
        let relation = "relation r {\n  parties = [NATO, UZ]\n"
            + (0..<10).map { "  event 2000-0\($0 % 9 + 1) {\n    kind = cooperation\n    cite s1 \"le partenariat \($0) est conclu\"\n  }\n" }.joined()
            + "}\n"
        func declaration(_ path: String) -> String {
            "source s1 {\n  path  = \"\(path)\"\n  title = \"Chronique\"\n  kind  = page\n  lang  = fr\n}\n"
        }
        func text(_ numbers: Range<Int>) -> SourceLoad {
            .text(numbers.map { "Cette année-là, le partenariat \($0) est conclu.\n" }.joined())
        }
        func workspace(declaring path: String) -> Workspace {
            var workspace = Workspace()
            workspace.setFile("r.annal", text: relation)
            workspace.setFile("s.annal", text: declaration(path))
            workspace.setSource("sources/a.txt", text(0..<4))
            workspace.setSource("sources/b.txt", text(4..<10))
            return workspace
        }
        var edited = workspace(declaring: "sources/a.txt")
        let before = edited.diagnostics(for: "r.annal")
        #expect(before.filter { $0.rule == .quoteNotFound }.count == 6)
        #expect(!edited.files["r.annal"]!.citationResults.snapshot().entries.isEmpty)
        edited.setFile("s.annal", text: declaration("sources/b.txt"))
        let after = edited.diagnostics(for: "r.annal")
        #expect(after.filter { $0.rule == .quoteNotFound }.count == 4)
        #expect(Self.difference(after, workspace(declaring: "sources/b.txt").diagnostics(for: "r.annal")) == nil)
    }

    static func difference(_ a: [Diagnostic], _ b: [Diagnostic]) -> String? {
        if a == b { return nil }
        let left = Set(a.map { "\($0)" })
        let right = Set(b.map { "\($0)" })
        return "only incremental: \(left.subtracting(right)); only fresh: \(right.subtracting(left))"
    }
}

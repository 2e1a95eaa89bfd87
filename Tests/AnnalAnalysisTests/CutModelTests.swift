import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

// `annal check` lowers each event keeping only the fields the workspace
// rules read (and decodes no summary): the diagnostics, local and
// workspace-wide, must be those of the whole models.

@Suite struct CutModelTests {
    @Test(arguments: RuleFixtureTests.folders)
    func cutModelsGiveTheSameDiagnostics(_ folder: URL) {
        let whole = RuleFixtureTests.workspace(for: folder)
        var cut = whole
        cut.setFiles(whole.files.values.map { FileAnalysis.keepingOnlyWhatWorkspaceRulesRead(path: $0.path, bytes: $0.tree.bytes) })
        for (path, file) in whole.files {
            #expect(cut.files[path]?.localDiagnostics == file.localDiagnostics, "\(path)")
        }
        let fieldKeys = { (workspace: Workspace) in
            Set(workspace.files.values.flatMap(\.model.declarations).flatMap(\.events).flatMap(\.fields).map(\.key))
        }
        #expect(!fieldKeys(whole).isSubset(of: ["programme", "programmes"]), "the fixtures' events have details to cut")
        #expect(fieldKeys(cut).isSubset(of: ["programme", "programmes"]))
        #expect(cut.allDiagnostics() == whole.allDiagnostics())
    }

    @Test func cuttingKeepsDatesCitationsAndProgrammes() {
        let analysis = FileAnalysis(path: "r.annal", text: """
        relation r {
          parties = [X, Y]
          event 2003-04 {
            kind      = membership
            programme = PfP
            summary   = "Joined."
            cite s "a quote"
          }
        }

        """)
        let cut = FileAnalysis.keepingOnlyWhatWorkspaceRulesRead(path: analysis.path, bytes: analysis.tree.bytes)
        let event = cut.model.declarations[0].events[0]
        #expect(event.fields.map(\.key) == ["programme"])
        #expect(event.programmes == ["PfP"])
        #expect(event.date == analysis.model.declarations[0].events[0].date)
        #expect(event.citations == analysis.model.declarations[0].events[0].citations)
        #expect(cut.model.declarations[0].fields == analysis.model.declarations[0].fields)
        #expect(cut.localDiagnostics == analysis.localDiagnostics)
        #expect(cut.model.references == analysis.model.references)
    }
}

import AnnalAnalysis
import Testing

/// The workspace index of many files (enough for its names to be gathered
/// in shares on several threads), against what each file says.
@Suite struct WorkspaceIndexTests {
    /// 100 files, named out of order: each declares its party and names the
    /// next file's; three of them also declare `DUP`; one declares a
    /// programme with an alias, which file 57 names by the alias alone.
    static let fileCount = 100
    static let duplicateDeclarers = [70, 7, 33]

    static func path(_ number: Int) -> String { "data/\((number * 37) % fileCount)-\(number).annal" }

    static func text(_ number: Int) -> String {
        var text = """
        party P\(number) {
          name = "Party \(number)"
          kind = state
        }

        relation r\(number) {
          parties = [P\(number), P\((number + 1) % fileCount)]
          title   = "Relation \(number)"
        }

        """
        if duplicateDeclarers.contains(number) {
            text += "\nparty DUP {\n  name = \"Duplicate in \(number)\"\n  kind = state\n}\n"
        }
        if number == 12 {
            text += "\nprogramme PROG {\n  name    = \"A programme\"\n  aliases = [PRG]\n}\n"
        }
        if number == 57 {
            text += "\nrelation named-by-alias {\n  parties    = [P1, P2]\n  programmes = [PRG]\n  title      = \"By alias\"\n}\n"
        }
        return text
    }

    static func index() -> WorkspaceIndex {
        var workspace = Workspace()
        workspace.setFiles((0..<fileCount).map { (path($0), text($0)) })
        return workspace.index
    }

    @Test func anIDDeclaredInSeveralFilesListsThemInPathOrder() {
        let declared = Self.index().declarationsByID["DUP"]?.map(\.file)
        #expect(declared == Self.duplicateDeclarers.map(Self.path).sorted())
        #expect(Self.index().visible[DeclarationKey(.party, "DUP")]?.file == Self.duplicateDeclarers.map(Self.path).min())
    }

    @Test func everyFilesNamesCountAsReferenced() {
        let index = Self.index()
        let parties = Set(index.referenced.filter { $0.kind == .party && $0.id.hasPrefix("P") }.map(\.id))
        #expect(parties == Set((0..<Self.fileCount).map { "P\($0)" }))
        #expect(!index.referenced.contains(DeclarationKey(.party, "DUP")))
    }

    @Test func aProgrammeNamedByItsAliasOnlyCountsAsReferenced() {
        let index = Self.index()
        #expect(index.aliases[DeclarationKey(.programme, "PRG")]?.id == "PROG")
        #expect(index.referenced.contains(DeclarationKey(.programme, "PRG")))
        #expect(index.referenced.contains(DeclarationKey(.programme, "PROG")))
    }

    @Test func aWorkspaceDeclarationReplacesTheCataloguesAndKindsDoNotShadowEachOther() {
        var workspace = Workspace()
        workspace.setFiles([
            ("b.annal", "party NATO {\n  name = \"Ours\"\n  kind = organisation\n}\n"),
            ("a.annal", "source NATO {\n  path = \"s.txt\"\n}\nparty NATO {\n  name = \"First\"\n  kind = organisation\n}\n"),
        ])
        let index = workspace.index
        #expect(index.visible[DeclarationKey(.party, "NATO")]?.file == "a.annal")
        #expect(index.visible[DeclarationKey(.source, "NATO")]?.file == "a.annal")
        #expect(index.visible[DeclarationKey(.programme, "PfP")]?.file == BuiltinCatalogue.path)
        #expect(index.declarationsByID["NATO"]?.map(\.file) == ["a.annal", "a.annal", "b.annal"])
    }
}

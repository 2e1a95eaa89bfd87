import AnnalAnalysis
import AnnalTestSupport
import Foundation
import Testing

@Suite struct BuiltinCatalogueTests {
    @Test func embeddedTextMatchesTheCatalogueFile() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Sources/AnnalAnalysis/Catalogue/catalogue.annal")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(BuiltinCatalogue.text == file, "run scripts/embed-resources after editing catalogue.annal")
    }

    @Test func catalogueIsCleanOnItsOwn() {
        var workspace = Workspace(includeBuiltinCatalogue: true)
        workspace.setFile("catalogue.annal", text: BuiltinCatalogue.text)
        // Checked as a workspace file it overrides itself; only unused hints may appear.
        let problems = workspace.diagnostics(for: "catalogue.annal").filter { $0.rule != .unusedDeclaration }
        #expect(problems.isEmpty, "\(problems.map { "\($0.rule.code) \($0.message)" })")
    }

    static let programmes = ["NACC", "EAPC", "PfP", "PARP", "IPAP", "IPCP", "DEEP", "BI", "SPS", "EADRCC", "PII",
                             "ISAF", "PTEC", "CARICC", "CND", "C5+1", "USTBC", "TAPI"]
    static let parties = ["UZ", "KG", "KZ", "TM", "US", "AF", "PK", "IN", "RO", "NATO", "UN"]

    @Test func holdsEveryProgrammeAndPartyOfTheDomain() {
        let index = Workspace().index
        for id in Self.programmes {
            let declaration = index.visible[DeclarationKey(.programme, id)]
            #expect(declaration != nil, "programme \(id) missing")
            #expect(declaration?.names["en"] != nil && declaration?.names["fr"] != nil, "\(id) needs English and French names")
        }
        for id in Self.parties {
            #expect(index.visible[DeclarationKey(.party, id)] != nil, "party \(id) missing")
        }
    }

    @Test(arguments: [("PPP", BlockKind.programme, "PfP"), ("FIAS", .programme, "ISAF"), ("CPEA", .programme, "EAPC"),
                      ("OTAN", .party, "NATO"), ("ONU", .party, "UN")])
    func frenchAliasesResolveToTheCanonicalAcronym(_ alias: String, _ kind: BlockKind, _ canonical: String) {
        guard case .alias(let target) = Workspace().index.resolve(alias, as: kind) else {
            Issue.record("\(alias) is not an alias")
            return
        }
        #expect(target.id == canonical)
    }

    @Test func workspaceDeclarationOverridesTheCatalogue() {
        var workspace = Workspace()
        workspace.setFile("local.annal", text: """
        programme PfP {
          name = "Partnership for Peace (local wording)"
        }
        relation r {
          parties    = [NATO, UZ]
          programmes = [PfP]
        }
        """)
        #expect(workspace.index.visible[DeclarationKey(.programme, "PfP")]?.file == "local.annal")
        #expect(!workspace.diagnostics(for: "local.annal").contains { $0.rule == .duplicateDeclaration })
    }
}

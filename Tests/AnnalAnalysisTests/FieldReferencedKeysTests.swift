import AnnalAnalysis
import Testing

/// The names a file's declarations give in their single-reference fields
/// (`owner`, `publisher`, `parent`, `successor`), each once, in order.
@Suite struct FieldReferencedKeysTests {
    @Test func singleReferenceFieldsNameTheirKindsOnceInOrder() {
        let analysis = FileAnalysis(path: "f.annal", text: """
        source s {
          path      = "s.txt"
          title     = "A page"
          kind      = page
          publisher = KZ
        }

        programme PfP {
          name      = "Partnership for Peace"
          kind      = programme
          owner     = NATO
          parent    = EAPC
          successor = PARP
        }

        party KZ {
          name = "Kazakhstan"
          kind = state
        }

        """)
        #expect(analysis.model.fieldReferencedKeys == [
            DeclarationKey(.party, "KZ"), DeclarationKey(.party, "NATO"), DeclarationKey(.programme, "EAPC"), DeclarationKey(.programme, "PARP"),
        ])
    }
}

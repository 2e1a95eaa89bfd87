@testable import AnnalAnalysis
import Testing

// Lowering reads a block's keyword as the block's first token and compares
// its bytes: every keyword is known wherever its block stands (after a
// comment, a byte-order mark, indentation, inside a relation), and words
// that only look like one are reported.

@Suite struct BlockKeywordTests {
    /// The rules lowering reports for `text`.
    private static func rules(_ text: String) -> [Rule] {
        FileAnalysis(path: "k.annal", text: text).localDiagnostics.map(\.rule)
    }

    @Test func everyKeywordIsKnown() {
        let text = """
        \u{FEFF}# A comment before the first block.
        source s1 {
          path = "s.txt"
        }
          party P { kind = state
          name = "P" }
        programme G {
          name = "G"
        }
        relation r {
          parties = [P, Q]
            # An event after a comment, indented further.
            event 2004 {
              kind = agreement
              cite s1 "x"
            }
        }

        """
        let analysis = FileAnalysis(path: "k.annal", text: text)
        #expect(analysis.localDiagnostics.map(\.rule) == [])
        #expect(analysis.model.declarations.map(\.kind) == [.source, .party, .programme, .relation])
        #expect(analysis.model.relations.first?.events.count == 1)
    }

    @Test(arguments: ["Event", "events", "evento", "relatio", "relations", "programmes", "Programme", "partys", "sourc", "sources", "x"])
    func aWordLikeAKeywordIsUnknown(_ word: String) {
        #expect(Self.rules("\(word) a {\n  name = \"n\"\n}\n") == [.unknownBlockKeyword], "\(word)")
    }

    @Test func anEventOutsideARelationAndABlockInsideOneAreMisplaced() {
        #expect(Self.rules("event 2004 {\n  cite s \"q\"\n}\n") == [.misplacedBlock])
        #expect(Self.rules("relation r {\n  parties = [A, B]\n  party P {\n    kind = state\n    name = \"P\"\n  }\n}\n")
            .contains(.misplacedBlock))
    }
}

import AnnalAnalysis
import Testing

// A declaration is shared (a class: one reference in the model and in each
// table of the index) but compared by value: two lowerings of the same
// text give equal declarations with equal hashes, and one that differs in
// any property is another.

@Suite struct DeclarationEqualityTests {
    private static let text = """
    party natoX {
      name = "Organisation X"
    }

    relation r {
      parties = [natoX, Y]
      event 2003-04 {
        kind    = membership
        summary = "Joined."
      }
    }

    """

    @Test func separateLoweringsOfOneTextAreEqual() {
        let first = FileAnalysis(path: "r.annal", text: Self.text).model.declarations
        let second = FileAnalysis(path: "r.annal", text: Self.text).model.declarations
        #expect(first.count == 2)
        for (a, b) in zip(first, second) {
            #expect(a !== b)
            #expect(a == b)
            #expect(a.hashValue == b.hashValue)
        }
        #expect(Set(first) == Set(second))
    }

    @Test func aDifferenceInAnyPropertyMakesAnother() {
        let base = FileAnalysis(path: "r.annal", text: Self.text).model.declarations[1]
        func variant(kind: BlockKind? = nil, id: String? = nil, file: String? = nil, idRange: Range<Int>? = nil,
                     keywordRange: Range<Int>? = nil, range: Range<Int>? = nil, fields: [FieldModel]? = nil,
                     events: [EventModel]? = nil) -> Declaration {
            Declaration(kind: kind ?? base.kind, id: id ?? base.id, file: file ?? base.file, idRange: idRange ?? base.idRange,
                        keywordRange: keywordRange ?? base.keywordRange, range: range ?? base.range,
                        fields: fields ?? base.fields, events: events ?? base.events)
        }
        #expect(variant() == base)
        let others = [
            variant(kind: .party), variant(id: "s"), variant(file: "s.annal"), variant(idRange: 0..<1),
            variant(keywordRange: 0..<1), variant(range: 0..<1), variant(fields: []), variant(events: []),
        ]
        for other in others {
            #expect(other != base)
        }
        #expect(Set(others + [base, variant()]).count == others.count + 1)
    }
}

@testable import AnnalAnalysis
import Testing

// Lowering finds a field's schema entry from the key's bytes and records
// which fields a block gives in a 64-bit set: every schema key must be found
// at its own index, and no block kind may have more than 64 fields.

@Suite struct SchemaLookupTests {
    @Test(arguments: BlockKind.allCases)
    func everySchemaKeyIsFoundAtItsIndex(_ kind: BlockKind) {
        let fields = BlockSchema.fields(of: kind)
        #expect(fields.count <= 64)
        for (index, spec) in fields.enumerated() {
            #expect(BlockSchema.fieldIndex(ofKeyBytes: ArraySlice(spec.key.utf8), in: kind) == index, "\(spec.key)")
        }
    }

    @Test func otherKeysAreNotFound() {
        for key in ["", "nam", "names", "name.fr", "Name", "programmesx", "sourcesourcesourcesource", "kind "] {
            #expect(BlockSchema.fieldIndex(ofKeyBytes: ArraySlice(key.utf8), in: .programme) == nil, "\(key)")
        }
        // Equal to `publisher` in its first eight bytes and its length.
        #expect(BlockSchema.fieldIndex(ofKeyBytes: ArraySlice("publishes".utf8), in: .source) == nil)
        // A key equal to another kind's only: `programmes` is a relation's and an event's.
        #expect(BlockSchema.fieldIndex(ofKeyBytes: ArraySlice("programmes".utf8), in: .programme) == nil)
        #expect(BlockSchema.fieldIndex(ofKeyBytes: ArraySlice("programmes".utf8), in: .event) == 2)
    }

    @Test func aFieldSetHoldsWhatWasInserted() {
        var set = SchemaFieldSet()
        set.insert(0)
        set.insert(63)
        #expect(set.contains(0) && set.contains(63) && !set.contains(1) && !set.contains(62))
        #expect(SchemaFieldSet(keys: ["programme", "programmes", "nonsense"], of: .event).contains(1))
        #expect(!SchemaFieldSet(keys: ["programme", "programmes"], of: .event).contains(0))
    }
}

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

    /// Two keys pack alike exactly when their bytes are equal, at every
    /// length a key may have: each byte counts, wherever the word reads
    /// overlap, and nothing past the key is read (each key here ends its
    /// buffer, so a read beyond it would be out of bounds).
    @Test func keysPackAlikeExactlyWhenTheirBytesAreEqual() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func nextByte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56) | 1  // never 0: a zero would pad like nothing
        }
        func packed(_ bytes: [UInt8]) -> BlockSchema.PackedKey? { bytes.withUnsafeBufferPointer(BlockSchema.PackedKey.init) }
        for length in 0...16 {
            let key = (0..<length).map { _ in nextByte() }
            let original = packed(key)
            #expect(original != nil, "length \(length)")
            #expect(packed(key) == original, "length \(length)")
            for position in 0..<length {
                var changed = key
                changed[position] ^= 0x40
                #expect(packed(changed) != original, "length \(length), byte \(position)")
            }
            #expect(packed(key + [0]) != original, "length \(length): a zero byte more")
            if length > 0 { #expect(packed(Array(key.dropLast())) != original, "length \(length): a byte less") }
        }
        #expect(packed([UInt8](repeating: 0x61, count: 17)) == nil)
    }

    /// Lowering compares an enumeration's value with the packed allowed
    /// words: every allowed word of every field is accepted, and a word one
    /// letter off, one longer or shorter, or in capitals is reported.
    @Test(arguments: BlockKind.allCases)
    func enumeratedWordsAreAcceptedAndNearMissesReported(_ kind: BlockKind) {
        for spec in BlockSchema.fields(of: kind) {
            guard case .enumeration(let allowed) = spec.type else { continue }
            for word in allowed {
                #expect(word.utf8.count <= 16, "\(word)")
                #expect(Self.enumerationFindings(kind, spec.key, word) == 0, "\(kind) \(spec.key) = \(word)")
                for nearMiss in [word + "s", String(word.dropLast()), word.uppercased(), String(word.dropLast()) + "x"]
                where !allowed.contains(nearMiss) {
                    #expect(Self.enumerationFindings(kind, spec.key, nearMiss) == 1, "\(kind) \(spec.key) = \(nearMiss)")
                }
            }
        }
    }

    /// The AN205 findings of one block of `kind` whose field `key` is `word`.
    private static func enumerationFindings(_ kind: BlockKind, _ key: String, _ word: String) -> Int {
        let block = "\(kind.rawValue) \(kind == .event ? "2004" : "x") {\n  \(key) = \(word)\n}\n"
        let text = kind == .event ? "relation r {\n  parties = [A, B]\n  \(block)}\n" : block
        return FileAnalysis(path: "e.annal", text: text).localDiagnostics.filter { $0.rule == .invalidEnumValue }.count
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

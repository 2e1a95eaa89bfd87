import AnnalAnalysis
import Testing

/// `FileModel.referencedKeys`: each (kind, name) of the references once,
/// in order of first use, however the names' strings were made.
@Suite struct ReferencedKeysTests {
    /// The keys as the definition says, by a plain scan.
    private func expectedKeys(_ references: [Reference]) -> [DeclarationKey] {
        var keys: [DeclarationKey] = []
        for reference in references where !keys.contains(DeclarationKey(reference.expected, reference.name)) {
            keys.append(DeclarationKey(reference.expected, reference.name))
        }
        return keys
    }

    /// A name made from its bytes anew: a long one gets storage of its
    /// own, unlike the names one lowering shares.
    private func madeApart(_ name: String) -> String {
        String(decoding: Array(name.utf8), as: UTF8.self)
    }

    @Test func namesMadeApartAndKindsAreCountedByWhatTheySay() {
        var generator = SystemRandomNumberGenerator()
        let kinds: [BlockKind] = [.source, .party, .programme]
        // Short names (inline strings) and long ones (heap strings), more
        // of them than a small cache has slots, so that slots are shared.
        let names = (0..<150).map { $0 % 3 == 0 ? "P\($0)" : "nato-kz-dossier-\($0)-source" }
        for _ in 0..<40 {
            var references: [Reference] = []
            for position in 0..<600 {
                let name = names[Int.random(in: 0..<names.count, using: &generator)]
                let kind = kinds[Int.random(in: 0..<kinds.count, using: &generator)]
                // Half made apart: equal names, unequal storage.
                let spelt = Bool.random(using: &generator) ? madeApart(name) : name
                references.append(Reference(name: spelt, range: position..<(position + 1), expected: kind))
            }
            let model = FileModel(path: "f.annal", declarations: [], references: references)
            #expect(model.referencedKeys == expectedKeys(references))
        }
    }

    @Test func oneNameUnderTwoKindsIsTwoKeys() {
        let name = "nato-kz-dossier-1-source"
        let references = [
            Reference(name: name, range: 0..<1, expected: .source),
            Reference(name: name, range: 1..<2, expected: .party),
            Reference(name: madeApart(name), range: 2..<3, expected: .source),
            Reference(name: "KZ", range: 3..<4, expected: .party),
            Reference(name: "KZ", range: 4..<5, expected: .programme),
            Reference(name: madeApart("KZ"), range: 5..<6, expected: .party),
        ]
        let model = FileModel(path: "f.annal", declarations: [], references: references)
        #expect(model.referencedKeys == [
            DeclarationKey(.source, name), DeclarationKey(.party, name), DeclarationKey(.party, "KZ"), DeclarationKey(.programme, "KZ"),
        ])
    }

    /// The storage of a string (nil for a small one, held inline).
    private func storage(_ name: String) -> UnsafeRawPointer? {
        var copy = name
        return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aFilesLongReferenceNamesShareOneString() {
        let analysis = FileAnalysis(path: "f.annal", text: """
        relation nato-kz {
          parties = [north-atlantic-treaty-org, KZ]

          event 2008 {
            kind    = training
            parties = [north-atlantic-treaty-org, KZ]
            cite s "A."
          }

          event 2009 {
            kind    = training
            parties = [north-atlantic-treaty-org, KZ]
            cite s "B."
          }
        }

        """)
        let long = analysis.model.references.filter { $0.name == "north-atlantic-treaty-org" }
        #expect(long.count == 3)
        let places = Set(long.compactMap { storage($0.name) })
        #expect(places.count == 1, "each reference made its own string")
        #expect(analysis.model.referencedKeys.filter { $0.id == "north-atlantic-treaty-org" }.count == 1)
    }
}

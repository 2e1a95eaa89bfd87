import AnnalAnalysis
import Testing

// A repeated field is reported on its second occurrence and points back at
// the first, whether or not the model keeps that field (`annal check`
// drops an event's summary but still reports it given twice).

@Suite struct RepeatedFieldTests {
    static let text = """
    party XB {
      kind    = state
      name    = "Uzbekistan"
      name.fr = "Ouzbékistan"
      name.fr = "Ouzbékistan, encore"
    }

    relation r {
      parties = [XB, NATO]
      event 2003-04 {
        kind       = membership
        summary    = "One."
        programmes = [PfP]
        summary    = "Two."
        programme  = PfP
        cite s "a quote"
      }
    }

    """

    /// (message start, second key's text, first key's offset) for every AN203.
    static func repeated(in analysis: FileAnalysis) -> [(String, String, Int?)] {
        let bytes = Array(text.utf8)
        return analysis.localDiagnostics.filter { $0.rule == .duplicateField }.map { diagnostic in
            let second = String(decoding: bytes[diagnostic.range], as: UTF8.self)
            return (String(diagnostic.message.prefix(12)), second, diagnostic.related.first?.range.lowerBound)
        }
    }

    static func offset(of needle: String, after: Int = 0) -> Int {
        let bytes = Array(text.utf8)
        let target = Array(needle.utf8)
        return (after...(bytes.count - target.count)).first { bytes[$0..<($0 + target.count)].elementsEqual(target) }!
    }

    @Test(arguments: [false, true])
    func theSecondOccurrenceIsReportedAndPointsAtTheFirst(cut: Bool) {
        let whole = FileAnalysis(path: "r.annal", text: Self.text)
        let analysis = cut ? FileAnalysis.keepingOnlyWhatWorkspaceRulesRead(path: "r.annal", bytes: whole.tree.bytes) : whole
        let found = Self.repeated(in: analysis)
        let firstName = Self.offset(of: "name.fr")
        let firstSummary = Self.offset(of: "summary")
        #expect(found.count == 3)
        #expect(found.map(\.1) == ["name.fr", "summary", "programme"])
        #expect(found.map(\.2) == [firstName, firstSummary, nil])
        #expect(found[2].0 == "give either ")
    }
}

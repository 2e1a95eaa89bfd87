import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// The map from folded bytes back to the original: exact units, and pieces
// only where the folding changes the length of a unit.

@Suite("Fold map")
struct FoldMapTests {
    @Test func everyFoldedByteMapsToItsUnit() {
        // l ’ é and two spaces b: ’ folds to ', the spaces to one.
        let text = FoldedText("l’é  b")
        #expect(text.foldedString == "l'é b")
        let units = (0..<text.count).map { text.originalStart(ofFolded: $0)..<text.originalEnd(ofFolded: $0) }
        #expect(units == [0..<1, 1..<4, 4..<6, 4..<6, 6..<8, 8..<9])
        // l | ' | é | space | b: identity, unit, identity, unit, identity.
        #expect(text.mapPieceCount == 5)
    }

    @Test func aComposedSegmentIsOneUnit() {
        // e + combining acute composes to é (2 bytes from 3).
        let text = FoldedText("ae\u{301}b")
        #expect(text.foldedString == "aéb")
        let units = (0..<text.count).map { text.originalStart(ofFolded: $0)..<text.originalEnd(ofFolded: $0) }
        #expect(units == [0..<1, 1..<4, 1..<4, 4..<5])
        #expect(text.originalRange(ofFolded: 1..<3) == 1..<4)
    }

    @Test func aRangeOfWholeUnitsMapsAsItsThreeQuestionsSay() {
        // Pieces that fold to other lengths (’ « NBSP, runs of spaces, a
        // composed segment, a singleton) between plain letters.
        let parts = ["a", "é", "’", " ", "  ", "\u{A0}", "« ", " »", "e\u{301}", "\u{212B}", "\n", "d", "x y"]
        var generator = SplitMix64(seed: 4242)
        var whole = 0
        var cut = 0
        for _ in 0..<200 {
            let text = FoldedText((0..<Int.random(in: 1...14, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined())
            for lower in 0..<text.count {
                for upper in (lower + 1)...text.count {
                    let expected = Self.isUnitStart(lower, in: text) && Self.isUnitEnd(upper, in: text)
                        ? text.originalRange(ofFolded: lower..<upper) : nil
                    #expect(text.originalRange(ofWholeUnits: lower..<upper) == expected, "\(text.original) \(lower)..<\(upper)")
                    if expected == nil { cut += 1 } else { whole += 1 }
                }
            }
        }
        #expect(whole > 1000 && cut > 1000)
    }

    /// Whether folded byte `index` is the first byte of the unit it comes
    /// from (a character, a white space run or a normalised segment).
    private static func isUnitStart(_ index: Int, in text: FoldedText) -> Bool {
        index == 0 || index >= text.count || text.originalStart(ofFolded: index - 1) != text.originalStart(ofFolded: index)
    }

    /// Whether the folded bytes before `index` end a unit (`index` is the
    /// exclusive end of a folded range).
    private static func isUnitEnd(_ index: Int, in text: FoldedText) -> Bool {
        index == 0 || index >= text.count || text.originalEnd(ofFolded: index - 1) != text.originalEnd(ofFolded: index)
    }

    @Test func aQuoteFoldsAsASourceWouldFoldIt() {
        // Plain texts (folded by copying them) and texts with something to
        // fold or compose, folded with and without the map.
        let parts = ["le", "paix", "é", "’", " ", "  ", "\u{A0}", "« ", " »", "e\u{301}", "\u{212B}", "\n", ":", " ;", "-"]
        var generator = SplitMix64(seed: 77)
        var plain = 0
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined()
            let folded = TextFolding.foldedBytes(of: text)
            #expect(folded == FoldedText(text).folded, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if folded == Array(text.utf8) { plain += 1 }
        }
        #expect(plain > 100)
    }

    @Test func frenchProseNeedsFewPieces() {
        let paragraph = """
            Le Kazakhstan a rejoint le Partenariat pour la paix en 1994 ; depuis, la coopération \
            s’appuie sur des exercices communs, la formation d’officiers et l’éducation de défense. \
            Le plan d’action individuel (IPAP) est « un cadre souple » selon le ministère.\n\n
            """
        let text = FoldedText(String(repeating: paragraph, count: 20))
        // One piece per apostrophe, guillemet, paragraph break and the
        // identity stretches between them: far fewer than the bytes.
        #expect(text.mapPieceCount * 15 < text.count)
        #expect(text.mapPieceCount > 20)
    }
}

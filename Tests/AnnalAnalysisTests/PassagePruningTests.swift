import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// The closest-passage search gives up on a candidate region only when that
// region could not have beaten the best one found before it.

@Suite struct PassagePruningTests {
    private static let words = [
        "le", "partenariat", "pour", "la", "paix", "Kazakhstan", "exercice", "centre", "formation",
        "officiers", "OTAN", "coopération", "sécurité", "soigneusement", "en", "2004", "plan", "d’action",
    ]

    private static func sentence(_ generator: inout SplitMix64, words count: Int) -> String {
        (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
    }

    @Test func aPrunedRegionNeverHadTheBetterPassage() {
        var generator = SplitMix64(seed: 314)
        var pruned = 0
        var kept = 0
        for _ in 0..<150 {
            let source = FoldedText((0..<12).map { _ in Self.sentence(&generator, words: 12) + "." }.joined(separator: " "))
            let quote = TextFolding.foldedBytes(of: Self.sentence(&generator, words: Int.random(in: 3...10, using: &generator)))
            source.folded.withUnsafeBufferPointer { text in
                quote.withUnsafeBufferPointer { pattern in
                    for window in PassageSearch.candidateWindows(pattern: pattern, text: text) {
                        guard let full = PassageSearch.refine(pattern: pattern, text: text, window: window) else {
                            Issue.record("refine without a bound gave nil")
                            continue
                        }
                        for bound in [0.0, 0.3, 0.5, 0.7, 0.9] {
                            if let result = PassageSearch.refine(pattern: pattern, text: text, window: window, toBeat: bound) {
                                #expect(result.range == full.range && result.similarity == full.similarity)
                                kept += 1
                            } else {
                                #expect(full.similarity <= bound, "pruned a region of similarity \(full.similarity) against \(bound)")
                                pruned += 1
                            }
                        }
                    }
                }
            }
        }
        // Both paths were taken.
        #expect(pruned > 50 && kept > 50)
    }
}

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

    /// The bound that drops a region before its matrix is filled is never
    /// below the similarity of the region's best passage, including for
    /// quotes that share less than half their scalars with it (passages
    /// longer than the quote, where the bound is 1/2).
    @Test func theCommonSubsequenceBoundHoldsTheBestPassage() {
        var generator = SplitMix64(seed: 2718)
        let letters = Array("abcdefghijklmnopqrstuvwxyzéà’ ".unicodeScalars)
        var underHalf = 0
        for round in 0..<600 {
            let alphabet = 2 + Int(generator.next() % UInt64(letters.count - 1))
            func text(_ count: Int) -> String {
                String(String.UnicodeScalarView((0..<count).map { _ in letters[Int(generator.next() % UInt64(alphabet))] }))
            }
            let quoteText = text(1 + Int(generator.next() % 40)), regionText = text(1 + Int(generator.next() % 120))
            let quote = TextFolding.foldedBytes(of: quoteText), region = TextFolding.foldedBytes(of: regionText)
            guard !quote.isEmpty, !region.isEmpty else { continue }
            quote.withUnsafeBufferPointer { pattern in
                region.withUnsafeBufferPointer { text in
                    // A window over the whole text: the region refined is the whole text.
                    let window = PassageSearch.Window(start: 0, length: text.count, score: 0)
                    guard let best = PassageSearch.refine(pattern: pattern, text: text, window: window) else {
                        Issue.record("refine without a bound gave nil")
                        return
                    }
                    let quoteScalars = PassageSearch.scalars(of: pattern, in: 0..<pattern.count).values
                    let regionScalars = PassageSearch.scalars(of: text, in: 0..<text.count).values
                    let common = BitParallelLCS.length(quoteScalars, regionScalars)
                    let bound = PassageSearch.similarityBound(common: common, quoteLength: quoteScalars.count)
                    #expect(best.similarity <= bound + 1e-12, "round \(round): \(best.similarity) above \(bound)")
                    if 2 * common < quoteScalars.count { underHalf += 1 }
                }
            }
        }
        #expect(underHalf > 20)
    }
}

import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// `PassageSearch.refine` keeps every row of costs and traces the best
// alignment back to find where it starts. Checked against the plain form of
// the same search, which carries each cell's start forward.

@Suite struct PassageRefineTests {
    private static let words = [
        "le", "la", "paix", "partenariat", "pour", "Kazakhstan", "exercice", "centre", "OTAN", "a", "à",
        "coopération", "sécurité", "en", "2004", "d’action", "plan", "de", "du", "e", "ee",
    ]

    private static func text(_ generator: inout SplitMix64, words count: Int) -> String {
        (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
    }

    /// The search with each cell's start carried along (how `refine` first
    /// worked): the distance, start and end of the best alignment.
    private static func carriedStarts(quote: [UInt32], source: [UInt32]) -> (distance: Int, start: Int, end: Int) {
        let m = quote.count
        let r = source.count
        var previous = [Int](repeating: 0, count: r + 1)
        var previousStart = Array(0...r)
        for i in 1...m {
            var current = [Int](repeating: 0, count: r + 1)
            var currentStart = [Int](repeating: 0, count: r + 1)
            current[0] = 2 * i
            for j in 1...r {
                var cost = previous[j - 1] + (source[j - 1] == quote[i - 1] ? 0 : 2)
                var start = previousStart[j - 1]
                if previous[j] + 2 < cost { cost = previous[j] + 2; start = previousStart[j] }
                if current[j - 1] + 1 < cost { cost = current[j - 1] + 1; start = currentStart[j - 1] }
                current[j] = cost
                currentStart[j] = start
            }
            previous = current
            previousStart = currentStart
        }
        var end = 1
        for j in 1...r where previous[j] < previous[end] { end = j }
        return (previous[end], previousStart[end], end)
    }

    @Test func theTracedBackStartIsTheCarriedStart() {
        var generator = SplitMix64(seed: 2718)
        var differentStarts = 0
        for round in 0..<400 {
            let sourceText = Self.text(&generator, words: Int.random(in: 1...40, using: &generator))
            let quoteText = Self.text(&generator, words: Int.random(in: 1...12, using: &generator))
            let source = FoldedText(sourceText)
            let quote = TextFolding.foldedBytes(of: quoteText)
            guard !quote.isEmpty, source.count > 0 else { continue }
            source.folded.withUnsafeBufferPointer { text in
                quote.withUnsafeBufferPointer { pattern in
                    for window in PassageSearch.candidateWindows(pattern: pattern, text: text) {
                        let q = PassageSearch.scalars(of: pattern, in: 0..<pattern.count).values
                        let margin = window.length / 2 + 8
                        let region = PassageSearch.boundaryAligned(
                            max(0, window.start - margin)..<min(text.count, window.start + window.length + margin), in: text)
                        let s = PassageSearch.scalars(of: text, in: region)
                        let expected = Self.carriedStarts(quote: q, source: s.values)
                        if expected.start > 0 { differentStarts += 1 }
                        let refined = PassageSearch.refine(pattern: pattern, text: text, window: window)
                        guard expected.start < expected.end else { continue }
                        let lower = s.offsets[expected.start]
                        let upper = expected.end < s.values.count ? s.offsets[expected.end] : region.upperBound
                        let similarity = 1 - Double(expected.distance) / Double(2 * max(q.count, expected.end - expected.start))
                        #expect(refined?.range == lower..<upper, "round \(round): \(quoteText) in \(sourceText)")
                        #expect(refined?.similarity == similarity, "round \(round)")
                    }
                }
            }
        }
        // Alignments starting inside the region were met, not only at its start.
        #expect(differentStarts > 100)
    }
}

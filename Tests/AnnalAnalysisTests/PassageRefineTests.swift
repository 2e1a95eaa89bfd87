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
    static func carriedStarts(quote: [UInt32], source: [UInt32]) -> (distance: Int, start: Int, end: Int) {
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

// `PassageSearch.alignWithin` fills the matrix only where a cell may cost at
// most its cutoff. Checked against the full matrix (`carriedStarts` above)
// for every cutoff, on quotes that are a passage of the source with a few
// edits: a narrow band, the case the cutoff is for.
@Suite struct BandedAlignmentTests {
    private static let words = [
        "le", "la", "paix", "partenariat", "pour", "Kazakhstan", "exercice", "centre", "OTAN", "a", "à",
        "coopération", "sécurité", "en", "2004", "d’action", "plan", "de", "du", "e", "ee", "officiers",
    ]

    /// The quote with `edits` random word replacements, insertions,
    /// deletions and letter changes.
    private static func edited(_ words: [String], edits: Int, _ generator: inout SplitMix64) -> [String] {
        var result = words
        for _ in 0..<edits where !result.isEmpty {
            let at = Int(generator.next() % UInt64(result.count))
            switch generator.next() % 4 {
            case 0: result[at] = Self.words.randomElement(using: &generator)!
            case 1: result.insert(Self.words.randomElement(using: &generator)!, at: at)
            case 2: if result.count > 1 { result.remove(at: at) }
            default: result[at] = String(result[at].dropLast()) + "x"
            }
        }
        return result
    }

    @Test func everyCutoffGivesTheFullMatrixAlignmentOrSaysItIsBeyond() {
        var generator = SplitMix64(seed: 1618)
        var aligned = 0
        var beyond = 0
        for round in 0..<150 {
            let sourceWords = (0..<Int.random(in: 20...60, using: &generator)).map { _ in
                Self.words.randomElement(using: &generator)!
            }
            let from = Int(generator.next() % UInt64(sourceWords.count - 8))
            let passage = Array(sourceWords[from..<min(sourceWords.count, from + Int.random(in: 3...12, using: &generator))])
            let quoteText = Self.edited(passage, edits: Int(generator.next() % 4), &generator).joined(separator: " ")
            let quoteBytes = TextFolding.foldedBytes(of: quoteText)
            let sourceBytes = TextFolding.foldedBytes(of: sourceWords.joined(separator: " "))
            guard !quoteBytes.isEmpty, !sourceBytes.isEmpty else { continue }
            let q = quoteBytes.withUnsafeBufferPointer { PassageSearch.scalars(of: $0, in: 0..<$0.count).values }
            let s = sourceBytes.withUnsafeBufferPointer { PassageSearch.scalars(of: $0, in: 0..<$0.count).values }
            let full = PassageRefineTests.carriedStarts(quote: q, source: s)
            // Never reset between cutoffs, and -1 at first: no cell is read
            // that this pass did not write.
            var costs = [Int32](repeating: -1, count: (q.count + 1) * (s.count + 1))
            for cutoff in stride(from: 0, through: full.distance + 12, by: 2) {
                let result = costs.withUnsafeMutableBufferPointer { costs in
                    s.withUnsafeBufferPointer { source in
                        PassageSearch.alignWithin(cutoff: cutoff, costs: costs.baseAddress!, quote: q, source: source,
                                                  pruneAbove: nil)
                    }
                }
                if cutoff >= full.distance {
                    #expect(result == .aligned(distance: full.distance, start: full.start, end: full.end),
                            "round \(round), cutoff \(cutoff): \(quoteText)")
                    aligned += 1
                } else {
                    #expect(result == .beyondCutoff, "round \(round), cutoff \(cutoff) under \(full.distance)")
                    beyond += 1
                }
            }
        }
        // Both outcomes were met many times.
        #expect(aligned > 500 && beyond > 200)
    }
}

import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// A quote not found is first looked for through its seeds (its 8-byte
// grams found in the source's gram index): when one place holds most of
// them and the passage refined there is like the quote, that passage is
// the answer and the trigram scan of the whole source is skipped. It must
// be the passage the trigram scan finds, and it must step aside where the
// seeds could mislead.

@Suite struct SeededPassageTests {
    /// Made-up words: a text of them repeats no phrasing by chance.
    private static func word(_ generator: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzéèàç")
        return String((0..<Int.random(in: 2...10, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
    }

    private static func words(_ count: Int, _ generator: inout SplitMix64) -> [String] {
        (0..<count).map { _ in word(&generator) }
    }

    /// The seeded answer, nil when it steps aside.
    private static func seeded(_ quote: String, in source: FoldedText) -> (range: Range<Int>, similarity: Double)? {
        let pattern = TextFolding.foldedBytes(of: quote)
        guard let index = source.gramIndex else { return nil }
        return source.folded.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer { PassageSearch.seededPassage(pattern: $0, text: text, index: index) }
        }
    }

    /// The answer of the trigram scan alone, as every quote had it before.
    private static func scanned(_ quote: String, in source: FoldedText) -> (range: Range<Int>, similarity: Double)? {
        let pattern = TextFolding.foldedBytes(of: quote)
        return source.folded.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer {
                PassageSearch.bestRefined(PassageSearch.candidateWindows(pattern: $0, text: text), pattern: $0, text: text)
            }
        }
    }

    @Test func aPassageWithAWordOrTwoChangedIsFoundAsTheScanFindsIt() {
        var generator = SplitMix64(seed: 2026)
        var answered = 0
        let rounds = 300
        for _ in 0..<rounds {
            let text = Self.words(Int.random(in: 150...900, using: &generator), &generator)
            let start = Int.random(in: 0..<(text.count - 30), using: &generator)
            var passage = Array(text[start..<(start + Int.random(in: 6...25, using: &generator))])
            // One or two words replaced, dropped or added.
            for _ in 0..<Int.random(in: 1...2, using: &generator) {
                let at = Int.random(in: 0..<passage.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: passage[at] = Self.word(&generator)
                case 1: if passage.count > 4 { passage.remove(at: at) }
                default: passage.insert(Self.word(&generator), at: at)
                }
            }
            let quote = passage.joined(separator: " ")
            let source = FoldedText(text.joined(separator: " "))
            guard let seeded = Self.seeded(quote, in: source) else { continue }
            answered += 1
            let scanned = Self.scanned(quote, in: source)
            #expect(seeded.range == scanned?.range && seeded.similarity == scanned?.similarity, "\(quote)")
        }
        // The seeds answer nearly every such quote (the rest are too short
        // to hold a seed, or too changed).
        #expect(answered * 10 >= rounds * 8, "\(answered) of \(rounds)")
    }

    /// A sentence the source says twice, each time with a place of its
    /// own, and the quote nearly one of them: several places hold its
    /// seeds alike, and the passage refined among them is the scan's.
    @Test func aRepeatedPhrasingQuotedNearlyAsWrittenIsFoundAsTheScanFindsIt() {
        var generator = SplitMix64(seed: 11)
        var answered = 0
        for _ in 0..<50 {
            let before = Self.words(80, &generator), between = Self.words(80, &generator), after = Self.words(80, &generator)
            let sentence = Self.words(14, &generator)
            var first = sentence, second = sentence
            first[7] = "Bruxelles"
            second[7] = "Bucarest"
            // The first, one letter of one word changed.
            var quoted = first
            quoted[3] = "q" + quoted[3].dropFirst()
            let quote = quoted.joined(separator: " ")
            let source = FoldedText((before + first + between + second + after).joined(separator: " "))
            guard let seeded = Self.seeded(quote, in: source) else { continue }
            answered += 1
            #expect(seeded.similarity >= PassageSearch.ambiguousSimilarityEnough)
            let scanned = Self.scanned(quote, in: source)
            #expect(seeded.range == scanned?.range && seeded.similarity == scanned?.similarity, "\(quote)")
        }
        #expect(answered >= 45, "\(answered) of 50")
    }

    /// The same sentence quoted with two or three of its words changed:
    /// the best place by seeds may be the wrong one, so the seeds answer
    /// only when the passage refined is at least
    /// `ambiguousSimilarityEnough` like the quote, and then as the scan
    /// does; below, the scan decides.
    @Test func aRepeatedPhrasingQuotedLooselyIsLeftToTheScanBelowItsBound() {
        var generator = SplitMix64(seed: 12)
        var leftToTheScan = 0, answered = 0
        for _ in 0..<100 {
            let before = Self.words(80, &generator), between = Self.words(80, &generator), after = Self.words(80, &generator)
            let sentence = Self.words(14, &generator)
            var first = sentence, second = sentence, quoted = sentence
            first[7] = "Bruxelles"
            second[7] = "Bucarest"
            quoted[7] = "Tachkent"
            for changed in [3, 11].prefix(Int.random(in: 1...2, using: &generator)) { quoted[changed] = Self.word(&generator) }
            let quote = quoted.joined(separator: " ")
            let twice = FoldedText((before + first + between + second + after).joined(separator: " "))
            let scanned = Self.scanned(quote, in: twice)
            if let seeded = Self.seeded(quote, in: twice) {
                answered += 1
                #expect(seeded.similarity >= PassageSearch.ambiguousSimilarityEnough)
                #expect(seeded.range == scanned?.range && seeded.similarity == scanned?.similarity, "\(quote)")
            } else if let scanned, scanned.similarity < PassageSearch.ambiguousSimilarityEnough {
                leftToTheScan += 1
            }
        }
        // Both sides of the bound are met.
        #expect(leftToTheScan >= 20 && answered >= 20, "\(leftToTheScan) left to the scan, \(answered) answered")
    }

    @Test func aQuoteChangedThroughoutIsLeftToTheScan() {
        var generator = SplitMix64(seed: 5)
        let text = Self.words(400, &generator)
        let passage = Array(text[100..<120])
        // Every word changed but for a letter: no stretch of eight bytes
        // in common with the source.
        let quote = passage.map { String($0.prefix(1)) + "q" }.joined(separator: " ")
        #expect(Self.seeded(quote, in: FoldedText(text.joined(separator: " "))) == nil)
        #expect(Self.scanned(quote, in: FoldedText(text.joined(separator: " "))) != nil)
    }

    @Test func seedsAreExactlyTheSampledGramsThePatternHolds() {
        var generator = SplitMix64(seed: 99)
        // Three letters, and half the patterns cut from the text with a
        // letter changed: most patterns have seeds, some several at one
        // offset.
        let alphabet = Array("abc".utf8)
        var seeds = 0
        for round in 0..<200 {
            let text = (0..<Int.random(in: 16...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            var pattern = (0..<Int.random(in: 8...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            if round % 2 == 0 {
                let from = Int.random(in: 0...(text.count - 8), using: &generator)
                pattern = Array(text[from..<min(text.count, from + pattern.count)])
                pattern[Int.random(in: 0..<pattern.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            guard pattern.count >= 8 else { continue }
            guard let index = SampledGramIndex(text) else { continue }
            var seen: [[Int]] = []
            let complete = text.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer { pattern in
                    index.forEachSeed(of: pattern, in: text, budget: .max) { seen.append([$0, $1]) }
                }
            }
            #expect(complete)
            var expected: [[Int]] = []
            for o in 0...(pattern.count - 8) {
                for t in stride(from: 0, through: text.count - 8, by: 8) where Array(text[t..<(t + 8)]) == Array(pattern[o..<(o + 8)]) {
                    expected.append([t, o])
                }
            }
            #expect(seen.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) } == expected.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) })
            seeds += expected.count
        }
        #expect(seeds >= 100)
    }
}

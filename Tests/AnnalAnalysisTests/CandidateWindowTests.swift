import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// The closest-passage search's first stage slides a window over the source
// and keeps the best few by shared trigrams. It must keep exactly what
// scoring every window from scratch and offering each, in order, to
// `PassageSearch.consider` keeps.

@Suite struct CandidateWindowTests {
    /// Every window's score counted afresh (ASCII case ignored, each
    /// trigram counted at most as often as in the pattern).
    static func naiveWindows(pattern: [UInt8], text: [UInt8]) -> [PassageSearch.Window] {
        let length = min(pattern.count, text.count)
        let gram = min(3, length)
        func grams(_ bytes: ArraySlice<UInt8>) -> [[UInt8]: Int] {
            var counts: [[UInt8]: Int] = [:]
            let lowered = bytes.map(PassageSearch.lowered)
            guard lowered.count >= gram else { return counts }
            for i in 0...(lowered.count - gram) { counts[Array(lowered[i..<(i + gram)]), default: 0] += 1 }
            return counts
        }
        let quoteGrams = grams(pattern[...])
        var best: [PassageSearch.Window] = []
        for start in 0...(text.count - length) {
            let windowGrams = grams(text[start..<(start + length)])
            let score = windowGrams.reduce(0) { $0 + min($1.value, quoteGrams[$1.key] ?? 0) }
            if score > 0 { PassageSearch.consider(.init(start: start, length: length, score: score), into: &best) }
        }
        return best.isEmpty ? [.init(start: 0, length: length, score: 0)] : best
    }

    @Test func theSlidingWindowKeepsWhatScoringEachWindowKeeps() {
        var generator = SplitMix64(seed: 2026)
        // A small alphabet: many ties, overlaps and repeated trigrams.
        let alphabet = Array("abAB c".utf8)
        var compared = 0
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 1...160, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let pattern = (0..<Int.random(in: 1...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let fast = text.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer { PassageSearch.candidateWindows(pattern: $0, text: text) }
            }
            let naive = Self.naiveWindows(pattern: pattern, text: text)
            #expect(fast.map { [$0.start, $0.length, $0.score] } == naive.map { [$0.start, $0.length, $0.score] },
                    "\(String(decoding: pattern, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
            compared += 1
        }
        #expect(compared == 400)
    }

    /// Texts where most trigrams are not the pattern's, as in prose: the
    /// score stands still over long runs of windows, which the search
    /// offers only where one could be kept (past a window kept, or past
    /// the kept one that stops it). Patterns taken from the text, some
    /// with a letter changed, tie and overlap at many places.
    @Test func runsOfEqualScoresKeepWhatOfferingEachWindowKeeps() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABC ,.".utf8)
        for round in 0..<300 {
            var text = (0..<Int.random(in: 1...400, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            // Repeat a stretch now and then, so that equal windows recur.
            if round % 3 == 0, text.count > 40 {
                let piece = Array(text[5..<25])
                for _ in 0..<3 { text.insert(contentsOf: piece, at: Int.random(in: 0...text.count, using: &generator)) }
            }
            var pattern: [UInt8]
            if round % 2 == 0, text.count > 8 {
                let from = Int.random(in: 0..<(text.count - 4), using: &generator)
                pattern = Array(text[from..<min(text.count, from + Int.random(in: 4...40, using: &generator))])
                pattern[Int.random(in: 0..<pattern.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            } else {
                pattern = (0..<Int.random(in: 1...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            let fast = text.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer { PassageSearch.candidateWindows(pattern: $0, text: text) }
            }
            let naive = Self.naiveWindows(pattern: pattern, text: text)
            #expect(fast.map { [$0.start, $0.length, $0.score] } == naive.map { [$0.start, $0.length, $0.score] },
                    "\(String(decoding: pattern, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
        }
    }
}

/// Long prose-like sources, as the check meets them: past the first few
/// candidates, runs of windows that share too few of the quote's grams to
/// be kept are skipped unscored. What is kept must not change.
@Suite struct CandidateWindowSkipTests {
    @Test func skippedRunsKeepWhatScoringEveryWindowKeeps() {
        var generator = SplitMix64(seed: 1949)
        let words = ["le", "conseil", "de", "l'Atlantique", "Nord", "partenariat", "pour", "la", "paix", "accord",
                     "signé", "à", "Bruxelles", "en", "des", "États", "membres", "OTAN", "coopération", "Ukraine",
                     "déclaration", "sommet", "Madrid", "programme", "et", "les", "avec", "ministres"].map { Array($0.utf8) }
        var skipped = 0
        var windows = 0
        for round in 0..<24 {
            var text: [UInt8] = []
            while text.count < Int.random(in: 800...2_400, using: &generator) {
                text += words.randomElement(using: &generator)! + [round % 3 == 0 ? 0x0A : 0x20]
            }
            let from = Int.random(in: 0..<(text.count - 120), using: &generator)
            var pattern = Array(text[from..<(from + Int.random(in: 24...110, using: &generator))])
            for _ in 0..<(round % 4) {
                pattern[Int.random(in: 0..<pattern.count, using: &generator)] = UInt8(ascii: "x")
            }
            let fast = text.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer {
                    PassageSearch.candidateWindows(pattern: $0, text: text, skippedWindows: &skipped)
                }
            }
            windows += text.count - pattern.count + 1
            let naive = CandidateWindowTests.naiveWindows(pattern: pattern, text: text)
            #expect(fast.map { [$0.start, $0.length, $0.score] } == naive.map { [$0.start, $0.length, $0.score] },
                    "\(String(decoding: pattern, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
        }
        // The skip was taken, for a good share of the windows.
        #expect(skipped * 4 > windows, "\(skipped) of \(windows) windows skipped")
    }
}

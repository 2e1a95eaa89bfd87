@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

// The sampled gram index must find exactly the occurrences a plain scan
// finds (overlapping ones included, in order), or decline and let the
// scan run: on random texts of a small alphabet, full of repeats.

@Suite struct SampledGramIndexTests {
    static func naiveOccurrences(of pattern: [UInt8], in text: [UInt8]) -> [Int] {
        guard !pattern.isEmpty, pattern.count <= text.count else { return [] }
        return (0...(text.count - pattern.count)).filter { text[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }

    /// The index's answer, or nil when it declines.
    static func indexed(_ pattern: [UInt8], in text: [UInt8], index: SampledGramIndex, budget: Int = 512) -> [Int]? {
        var found: [Int] = []
        let answered = text.withUnsafeBufferPointer { text in
            pattern.withUnsafeBufferPointer { pattern in
                index.forEachOccurrence(of: pattern, in: text, budget: budget) { found.append($0) }
            }
        }
        return answered ? found : nil
    }

    @Test func everyOccurrenceIsFoundOnceAndInOrder() {
        var random = SplitMix64(seed: 2026)
        var answeredWithMatches = 0
        for round in 0..<400 {
            let alphabet: [UInt8] = round % 2 == 0 ? Array("ab ".utf8) : Array("abcdefgh é".utf8)
            let text = (0..<Int.random(in: 16...600, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            guard let index = SampledGramIndex(text) else { continue }
            for _ in 0..<20 {
                let length = Int.random(in: 1...40, using: &random)
                var pattern: [UInt8]
                if length <= text.count, Bool.random(using: &random) {
                    let start = Int.random(in: 0...(text.count - length), using: &random)
                    pattern = Array(text[start..<(start + length)])
                } else {
                    pattern = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
                }
                let expected = Self.naiveOccurrences(of: pattern, in: text)
                guard let found = Self.indexed(pattern, in: text, index: index) else {
                    continue  // declined: the caller scans
                }
                #expect(pattern.count >= SampledGramIndex.shortestQuote)
                #expect(found == expected, "\(pattern) in \(text)")
                if !found.isEmpty { answeredWithMatches += 1 }
            }
        }
        #expect(answeredWithMatches > 100, "the index answered too rarely to be tested")
    }

    /// The two-byte table built four slots at a time holds every gram
    /// where the slot walk puts it, and is refused exactly when the walk
    /// refuses it: on texts of few distinct grams (long runs of taken
    /// slots, walks past four slots, across the end of the table) and
    /// loads up to nine in ten.
    @Test func theTableBuiltFourSlotsAtATimeIsTheWalksTable() {
        var random = SplitMix64(seed: 7)
        var refused = 0
        var walkedPastFour = 0
        for round in 0..<600 {
            let grams = Int.random(in: 2...400, using: &random)
            var text: [UInt8] = []
            switch round % 3 {
            case 0:
                // Random bytes from a small alphabet.
                let alphabet = Array("ab ".utf8)
                text = (0..<(grams * 8)).map { _ in alphabet.randomElement(using: &random)! }
            case 1:
                // A few distinct grams, each repeated: runs of one home.
                let distinct = Int.random(in: 1...6, using: &random)
                let pieces = (0..<distinct).map { _ in (0..<8).map { _ in UInt8.random(in: 97...122, using: &random) } }
                for _ in 0..<grams { text += pieces.randomElement(using: &random)! }
            default:
                // Distinct grams.
                text = (0..<(grams * 8)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            var bits = 4
            while (1 << bits) * 9 < grams * 10 { bits += 1 }
            bits += Int.random(in: 0...2, using: &random)
            let walked = SampledGramIndex.table(of: text, bits: bits, entry: UInt16.self)
            let built = SampledGramIndex.narrowTable(of: text, bits: bits)
            let same = walked == built  // compared apart: a failure prints no tables
            #expect(same, "round \(round): \(grams) grams, \(bits) bits")
            if walked == nil { refused += 1 }
            if let walked, walked.enumerated().contains(where: { slot, entry in
                guard entry != .max else { return false }
                let key = text.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Int(entry) * 8, as: UInt64.self) }
                let home = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                return (slot - home) & ((1 << bits) - 1) >= 4
            }) { walkedPastFour += 1 }
        }
        // Both kinds of text are there: refused ones and ones with grams
        // four slots or more past their home.
        #expect(refused > 20 && walkedPastFour > 100, "\(refused) refused, \(walkedPastFour) walked past four")
    }

    @Test func shortQuotesAndTinyTextsAreLeftToTheScan() {
        let text = Array("la coopération pratique dans le domaine de la sécurité".utf8)
        let index = SampledGramIndex(text)!
        #expect(Self.indexed(Array("la coopératio".utf8), in: text, index: index) == nil)
        #expect(Self.indexed(Array("la coopération pr".utf8), in: text, index: index) == [0])
        #expect(SampledGramIndex(Array("a short text".utf8)) == nil)
    }

    @Test func aTextOfOneRepeatedGramIsNotIndexed() {
        #expect(SampledGramIndex([UInt8](repeating: UInt8(ascii: "a"), count: 10_000)) == nil)
        // Still searched, by the scan: every overlapping occurrence.
        let source = FoldedText(String(repeating: "a", count: 3_000))
        #expect(source.gramIndex == nil)
        guard case .ambiguous(let ranges) = QuoteMatcher.find(String(repeating: "a", count: 20), in: source) else {
            Issue.record("expected every occurrence")
            return
        }
        #expect(ranges.count == 2_981)
    }

    @Test func aQuoteWhoseGramsRecurTooOftenIsLeftToTheScan() {
        // Thirty-two copies of one 16-byte phrase, then something else:
        // each of the phrase's sampled grams is in the index 32 times.
        let text = Array((String(repeating: "la paix durable ", count: 32) + "et la sécurité de tous").utf8)
        let index = SampledGramIndex(text)!
        #expect(Self.indexed(Array("la paix durable la".utf8), in: text, index: index, budget: 16) == nil)
        #expect(Self.indexed(Array("la paix durable la".utf8), in: text, index: index)?.count == 31)
    }

    @Test func aTextTooLongForTwoByteEntriesIsIndexedWithFourByteOnes() {
        // 80,000 grams (640 KB): gram numbers past 65,534 do not fit two
        // bytes. Quotes from all through it, the end included, are found
        // where a plain scan finds them.
        var random = SplitMix64(seed: 65_536)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz .,'éà".utf8)
        let text = (0..<640_000).map { _ in alphabet.randomElement(using: &random)! }
        let index = SampledGramIndex(text)!
        #expect(index.entryBytes == 4)
        #expect(SampledGramIndex(Array(text[0..<100_000]))?.entryBytes == 2)
        for start in [0, 7, 300_001, 524_279, 524_280, 600_003, 640_000 - 30] {
            let pattern = Array(text[start..<(start + 30)])
            var expected: [Int] = []
            text.withUnsafeBufferPointer { text in
                pattern.withUnsafeBufferPointer { QuoteMatcher.forEachMatchKMP(of: $0, in: text) { expected.append($0) } }
            }
            #expect(expected.contains(start))
            #expect(Self.indexed(pattern, in: text, index: index) == expected, "from \(start)")
        }
    }
}

// When a quote is not in its source: the passage of the source most similar
// to it, as a hint ("did you mean …"). Two stages, both on the folded texts,
// after a look at the quote's seeds:
//
// 0. Seeds: the quote's 8-byte grams found in the source's gram index
//    mark where long stretches of it lie. When one place holds most of
//    them and the passage refined there (stage 2) is like the quote, that
//    is the answer, found without reading the whole source
//    (`PassageSearch.seededPassage`); otherwise stages 1 and 2.
// 1. Candidates: slide a window as long as the quote over the source and
//    count the character trigrams (ASCII case ignored) it shares with the
//    quote, each counted at most as often as in the quote. O(n), one hash
//    lookup per byte. The best few non-overlapping windows are kept; runs
//    of windows whose grams hold too few of the quote's to be kept are
//    skipped unscored.
// 2. Refinement: around each candidate, find the substring with the smallest
//    edit distance to the quote (Sellers' approximate substring match, on
//    scalars). O(m · window) per candidate, bounded by the quote length.
//
// The winner is widened to whole words and mapped back to original bytes.

/// The passage of a source most similar to a quote that was not found.
public struct ClosestPassage: Sendable, Equatable {
    /// The original UTF-8 byte range of the passage in the source.
    public let range: Range<Int>
    /// The original text of that range, white space runs collapsed to one
    /// space, at most `maximumTextLength` characters (cut with "…").
    public let text: String
    /// How similar the passage is to the quote, in 0...1: 1 − the edit
    /// distance between their folded forms (in scalars, case-sensitive) / the
    /// longer length. For very long quotes (over 600 scalars), the share of
    /// the quote's character trigrams found in the passage instead.
    public let similarity: Double

    public init(range: Range<Int>, text: String, similarity: Double) {
        self.range = range
        self.text = text
        self.similarity = similarity
    }

    /// The longest `text`, in characters.
    public static let maximumTextLength = 120

    /// The passage of `source` most similar to `quote`; `nil` when the
    /// quote or the source is empty after folding.
    public static func find(_ quote: String, in source: FoldedText) -> ClosestPassage? {
        find(FoldedText(quote), in: source)
    }

    /// The passage of `source` most similar to the already folded `quote`.
    public static func find(_ quote: FoldedText, in source: FoldedText) -> ClosestPassage? {
        find(folded: quote.folded, in: source)
    }

    /// The passage of `source` most similar to a quote folded to bytes.
    static func find(folded q: [UInt8], in source: FoldedText) -> ClosestPassage? {
        guard !q.isEmpty, source.count > 0 else { return nil }
        let found = source.folded.withUnsafeBufferPointer { text in
            q.withUnsafeBufferPointer { pattern -> (range: Range<Int>, similarity: Double)? in
                // Seeds first (`seededPassage`); the trigram scan of the
                // whole source when they give no clear answer.
                if let index = source.gramIndex,
                   let seeded = PassageSearch.seededPassage(pattern: pattern, text: text, index: index) {
                    return seeded
                }
                return PassageSearch.bestRefined(PassageSearch.candidateWindows(pattern: pattern, text: text),
                                                 pattern: pattern, text: text)
            }
        }
        guard let best = found else { return nil }
        var widened = source.folded.withUnsafeBufferPointer { text in
            PassageSearch.widenToWords(best.range, in: text)
        }
        if widened.isEmpty { widened = best.range }
        let range = source.originalRange(ofFolded: widened)
        // Score what is shown, case-sensitively (the search ignored ASCII
        // case): a passage that differs only by case is not identical.
        let similarity = PassageSearch.similarity(quote: q, passage: source.folded, range: widened) ?? best.similarity
        return ClosestPassage(
            range: range,
            text: displayText(of: source.originalBytes, range: range),
            similarity: min(1, max(0, similarity))
        )
    }

    /// The original text of `range`, white space runs collapsed, trimmed and
    /// cut to `maximumTextLength` characters.
    static func displayText(of original: [UInt8], range: Range<Int>) -> String {
        guard range.lowerBound >= 0, range.upperBound <= original.count, !range.isEmpty else { return "" }
        let scalars = original.withUnsafeBufferPointer {
            collapsedScalars(UnsafeBufferPointer(rebasing: $0[range]), cutAt: maximumTextLength)
        }
        guard let scalars else { return displayTextByCharacters(of: original, range: range) }
        return string(of: scalars)
    }

    /// Whether a scalar is a character of its own whatever surrounds it:
    /// below U+0300, or in U+2002…U+207F other than U+200C and U+200D (the
    /// joiners). No marks, no joiners, no regional indicators, no Hangul;
    /// CR LF, the one pair among them, is white space either way.
    static func standsAlone(_ value: UInt32) -> Bool {
        value < 0x300 || ((0x2002...0x207F).contains(value) && value != 0x200C && value != 0x200D)
    }

    /// The scalars of valid UTF-8 `bytes`, each run of white space made one
    /// space and none at either end, and, with a `limit`, cut to `limit`
    /// characters ending in "…"; nil when a scalar may join a neighbour
    /// (`standsAlone`): then characters must be found by the standard
    /// library's grapheme breaking, several hundred instructions a
    /// character. With every scalar a character, this is what the
    /// character paths give (`displayTextByCharacters`,
    /// `CitationRule.collapseWhiteSpaceByCharacters`; randomised tests hold
    /// them together).
    static func collapsedScalars(_ bytes: UnsafeBufferPointer<UInt8>, cutAt limit: Int?) -> [Unicode.Scalar]? {
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(limit.map { $0 + 2 } ?? bytes.count)
        var pendingSpace = false
        var i = 0
        while i < bytes.count {
            let (value, length) = TextFolding.decode(bytes, at: i)
            guard standsAlone(value), let scalar = Unicode.Scalar(value) else { return nil }
            i += length
            if value < 0x80 ? TextFolding.isASCIIWhiteSpace(UInt8(value)) : scalar.properties.isWhitespace {
                pendingSpace = !kept.isEmpty
                continue
            }
            if pendingSpace {
                kept.append(" ")
                pendingSpace = false
            }
            kept.append(scalar)
            if let limit, kept.count > limit { break }
        }
        // The rest of the passage is not read once the text is cut: a
        // scalar there that would join a neighbour changes nothing shown.
        if let limit, kept.count > limit {
            kept.removeLast(kept.count - (limit - 1))
            while kept.last == " " { kept.removeLast() }
            kept.append("…")
        }
        return kept
    }

    /// The string of `scalars`, encoded to UTF-8 first: appending to a
    /// string's scalar view cost about 400 instructions a scalar.
    static func string(of scalars: [Unicode.Scalar]) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(4 * scalars.count)
        for scalar in scalars { utf8.append(contentsOf: UTF8.encode(scalar)!) }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// `displayText` by the standard library's characters (grapheme
    /// clusters): any passage.
    static func displayTextByCharacters(of original: [UInt8], range: Range<Int>) -> String {
        guard range.lowerBound >= 0, range.upperBound <= original.count, !range.isEmpty else { return "" }
        // A fresh string: slicing a whole-text string could make grapheme
        // breaking scan back through a huge cluster (thousands of stacked marks).
        let passage = String(decoding: original[range], as: UTF8.self)
        var characters: [Character] = []
        var pendingSpace = false
        for character in passage {
            if character.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                pendingSpace = !characters.isEmpty
                continue
            }
            if pendingSpace {
                characters.append(" ")
                pendingSpace = false
            }
            characters.append(character)
            if characters.count > maximumTextLength { break }
        }
        if characters.count > maximumTextLength {
            var cut = characters.prefix(maximumTextLength - 1)
            while cut.last == " " { cut.removeLast() }
            return String(cut) + "…"
        }
        return String(characters)
    }
}

/// The two stages of the search, on folded bytes.
enum PassageSearch {
    /// A window of the folded source: its start, length and trigram score.
    struct Window {
        var start: Int
        var length: Int
        var score: Int
    }

    /// How many non-overlapping windows go on to the refinement stage.
    static let candidateCount = 3
    /// Quotes longer than this (in scalars) skip the refinement stage; their
    /// similarity is the share of trigrams in common.
    static let maximumRefinedScalars = 600

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// ASCII letters lowered, every other byte as it is: `lowered` as a
    /// table (a load, where the compare and select cost four instructions
    /// a byte of source).
    private static let loweredBytes: [UInt8] = (0...255).map { lowered(UInt8($0)) }

    /// How many counters the source grams that are not the quote's share
    /// in `candidateWindows` (a power of two).
    static let absentCounters = 8

    /// Stage 1: the best windows by shared trigrams, best first.
    static func candidateWindows(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>) -> [Window] {
        var skipped = 0
        return candidateWindows(pattern: pattern, text: text, skippedWindows: &skipped)
    }

    /// `candidateWindows(pattern:text:)`, counting in `skippedWindows` the
    /// windows the slide skipped unscored (for the tests).
    static func candidateWindows(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>,
                                 skippedWindows: inout Int) -> [Window] {
        loweredBytes.withUnsafeBufferPointer { lower in
            candidateWindows(pattern: pattern, text: text, lower: lower, skippedWindows: &skippedWindows)
        }
    }

    private static func candidateWindows(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>,
                                         lower: UnsafeBufferPointer<UInt8>, skippedWindows: inout Int) -> [Window] {
        let n = text.count
        let length = min(pattern.count, n)
        let gram = min(3, length)
        let mask: UInt32 = gram == 3 ? 0xFF_FFFF : (gram == 2 ? 0xFFFF : 0xFF)

        // The quote's distinct grams in an open-addressing table, with how
        // many times each occurs in the quote. Raw buffers, no closure: a
        // bounds-checked look-up per source byte was most of this stage.
        // At most one slot in eight is used, so that a source gram's home
        // slot is nearly always the answer (empty, or the gram itself): the
        // look-up below branches only on the rare other gram there. A slot
        // holds the gram (high half) and its number (low half): one load.
        let quoteGrams = pattern.count - gram + 1
        var bits = 4
        while (1 << bits) < quoteGrams * 8 { bits += 1 }
        let slots = 1 << bits
        let slotMask = slots - 1
        let shift = UInt32(32 - bits)
        let empty = UInt64.max
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: slots)
        table.initialize(repeating: empty, count: slots)
        defer { table.deallocate() }
        var quoteCount: [Int32] = []
        var key: UInt32 = 0
        for i in 0..<pattern.count {
            key = ((key << 8) | UInt32(lower[Int(pattern[i])])) & mask
            guard i >= gram - 1 else { continue }
            var s = Int((key &* 0x9E37_79B1) &>> shift)
            while table[s] != empty && UInt32(truncatingIfNeeded: table[s] >> 32) != key { s = (s + 1) & slotMask }
            if table[s] == empty {
                table[s] = UInt64(key) << 32 | UInt64(quoteCount.count)
                quoteCount.append(0)
            }
            quoteCount[Int(truncatingIfNeeded: table[s] & 0xFFFF_FFFF)] += 1
        }
        // Source grams that are not the quote's count as more grams that
        // the quote has no copy of: scoring them changes nothing, and the
        // slide below needs no test for them (that test, taken or not at
        // random, cost more than the counting). Eight such grams, by
        // position modulo 8, so that the slide does not update one counter
        // at nearly every step: each update waited for the one before
        // (a store, then a load of the same place), most of the slide's
        // time. A position's gram leaves by the counter it entered by.
        let absent = Int32(quoteCount.count)
        quoteCount.append(contentsOf: repeatElement(0, count: Self.absentCounters))

        // For every position of the source, which quote gram starts there.
        // The first gram's first bytes are read before the loop, which then
        // writes one gram a byte with no test of where it stands. Wrapping
        // arithmetic in the loops over the source (indices stay in
        // bounds): checked steps cost tests and moves a byte.
        let positions = n - gram + 1
        // `sharedBefore[p]`: how many of the positions before p hold one
        // of the quote's grams. No window of the grams p..<q can score
        // more than the difference (the slide's skip, below). Both
        // buffers are written whole here: not zeroed first.
        let gramAt = UnsafeMutablePointer<Int32>.allocate(capacity: positions)
        defer { gramAt.deallocate() }
        let sharedBefore = UnsafeMutablePointer<Int32>.allocate(capacity: positions + 1)
        defer { sharedBefore.deallocate() }
        do {
            var key: UInt32 = 0
            for i in 0..<(gram - 1) { key = (key << 8) | UInt32(lower[Int(text[i])]) }
            var shared: Int32 = 0
            sharedBefore[0] = 0
            var i = gram &- 1
            while i < n {
                key = ((key << 8) | UInt32(lower[Int(text[i])])) & mask
                var s = Int((key &* 0x9E37_79B1) &>> shift)
                var found = table[s]
                var held = UInt32(truncatingIfNeeded: found >> 32)
                // Another gram in the home slot: probe on (rare). One test
                // for "the gram or empty" (an empty slot holds all ones,
                // which no gram is): the product is zero when either is.
                // Two tests branched on whether the gram is the quote's,
                // which no processor predicts: most of this loop's time.
                while UInt64(held ^ key) &* UInt64(~held) != 0 {
                    s = (s &+ 1) & slotMask
                    found = table[s]
                    held = UInt32(truncatingIfNeeded: found >> 32)
                }
                let position = i &- gram &+ 1
                let isQuoteGram = held == key
                gramAt[position] = isQuoteGram ? Int32(truncatingIfNeeded: found & 0xFFFF_FFFF)
                    : absent &+ Int32(truncatingIfNeeded: position & (Self.absentCounters - 1))
                shared &+= isQuoteGram ? 1 : 0
                sharedBefore[position &+ 1] = shared
                i &+= 1
            }
        }

        // Slide: window w covers the grams starting in w...w+length-gram.
        // `missing[g]`: how many more copies of gram g the quote has than
        // the window (negative past that: extra copies score nothing). A
        // gram entering scores when some were missing; one leaving unscores
        // when it leaves one missing.
        var missing = quoteCount
        var score = 0
        let gramsPerWindow = length - gram + 1
        let windows = positions - gramsPerWindow + 1
        var best: [Window] = []
        missing.withUnsafeMutableBufferPointer { missing in
            @inline(__always) func enter(_ p: Int) {
                let g = Int(gramAt[p])
                score &+= missing[g] > 0 ? 1 : 0
                missing[g] &-= 1
            }
            @inline(__always) func leave(_ p: Int) {
                let g = Int(gramAt[p])
                missing[g] &+= 1
                score &-= missing[g] > 0 ? 1 : 0
            }
            // The first window's grams but its last, then one in and one
            // out a step.
            for p in 0..<(gramsPerWindow - 1) { enter(p) }
            // The score a window must beat to be considered: 0 while fewer
            // than `candidateCount` are kept, then the last one's (asking
            // `consider` for every position was a third of this loop).
            var toBeat = 0
            var start = 0
            while start < windows {
                // Runs of windows none of which can beat `toBeat` (their
                // grams hold too few of the quote's) are skipped: the grams
                // of the window before them leave, those of the one after
                // enter. Exact: such a window would not have been offered.
                // Measured `skipBlock` windows at a time; skipped when the
                // run is at least a window long (what the skip costs).
                var next = start
                while next < windows {
                    let end = min(next &+ Self.skipBlock &+ gramsPerWindow &- 1, positions)
                    guard Int(sharedBefore[end] &- sharedBefore[next]) <= toBeat else { break }
                    next &+= Self.skipBlock
                }
                next = min(next, windows)
                if next &- start >= gramsPerWindow {
                    for p in start..<(start &+ gramsPerWindow &- 1) { leave(p) }
                    skippedWindows &+= next &- start
                    start = next
                    guard start < windows else { break }
                    for p in start..<(start &+ gramsPerWindow &- 1) { enter(p) }
                }
                let slideEnd = min(next &+ Self.skipBlock, windows)
                while start < slideEnd {
                    enter(start &+ gramsPerWindow &- 1)
                    if score > toBeat {
                        consider(Window(start: start, length: length, score: score), into: &best)
                        toBeat = best.count == candidateCount ? best[candidateCount - 1].score : 0
                    }
                    leave(start)
                    start &+= 1
                }
            }
        }
        if best.isEmpty { best = [Window(start: 0, length: length, score: 0)] }
        return best
    }

    /// How many windows the slide's bound covers at once.
    static let skipBlock = 16

    /// The refined passage of `windows` most similar to the pattern (the
    /// first of equal ones); nil when every one was empty.
    static func bestRefined(_ windows: [Window], pattern: UnsafeBufferPointer<UInt8>,
                            text: UnsafeBufferPointer<UInt8>) -> (range: Range<Int>, similarity: Double)? {
        var best: (range: Range<Int>, similarity: Double)? = nil
        for window in windows {
            guard let refined = refine(pattern: pattern, text: text, window: window, toBeat: best?.similarity) else { continue }
            if refined.similarity > best?.similarity ?? -1 { best = refined }
        }
        return best
    }

    /// The closest passage found from seeds alone, or nil to ask the
    /// trigram scan. A quote with a word or two changed shares long
    /// stretches with its passage, which the source's gram index finds in
    /// a few look-ups where the trigram scan reads the whole source (most
    /// of the time spent on a quote not found, and asked again at every
    /// keystroke while a quote is being typed). The answer is kept when
    /// one place holds most of the seeds (`isUnambiguous`) and the passage
    /// refined there is at least `seededSimilarityEnough` like the quote,
    /// or, when several places hold many of them (a source that repeats a
    /// phrasing, where counting seeds could pick the wrong place), when
    /// the best passage refined among those places is at least
    /// `ambiguousSimilarityEnough` like it. A quote with no seed, or with
    /// only a weak passage, gets nil.
    static func seededPassage(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>,
                              index: SampledGramIndex) -> (range: Range<Int>, similarity: Double)? {
        guard let windows = seededWindows(pattern: pattern, text: text, index: index),
              let best = bestRefined(windows, pattern: pattern, text: text),
              best.similarity >= (isUnambiguous(windows) ? seededSimilarityEnough : ambiguousSimilarityEnough)
        else { return nil }
        return best
    }

    /// Whether the best of `seededWindows` stands out: no other window
    /// has half as many seeds.
    static func isUnambiguous(_ windows: [Window]) -> Bool {
        windows.count < 2 || 2 * windows[1].score < windows[0].score
    }

    /// How far apart two diagonals of seeds may be and still belong to
    /// one passage (`seededWindows`).
    static let seedBand = 16

    /// How similar a passage found from seeds must be to be the answer
    /// without the trigram scan (a word of ten letters changed in a quote
    /// of ninety gives about 0.89, two such words about 0.78).
    static let seededSimilarityEnough = 0.75

    /// How similar the best passage refined at several seeded places must
    /// be to be the answer without the scan: about one word of ten letters
    /// changed in a quote of seventy. Where a sentence recurs with a word
    /// of its own each time, the place whose word the quote changed can
    /// hold fewer seeds than three others: its passage then is not among
    /// those refined, and the best of them is less like the quote than
    /// this (in the generated mb5, dossier-00022 line 941, whose passage
    /// the scan finds: "soutien du Centre régional…"). On the 483 closest
    /// passages of the four generated corpora, every answer is the scan's.
    static let ambiguousSimilarityEnough = 0.85

    /// Candidate windows from the seeds of the pattern in the text's gram
    /// index (`SampledGramIndex.forEachSeed`): each place (a run of
    /// nearby diagonals, a diagonal being where the pattern would start
    /// if a seed were in place) scored by its seeds, the best
    /// `candidateCount` that do not overlap, best first (the earliest of
    /// equal ones). Nil when the pattern is too short or too
    /// long to refine, no seed is found, or the text repeats too much
    /// (the look-ups ran over their budget): then the trigram scan.
    static func seededWindows(pattern: UnsafeBufferPointer<UInt8>, text: UnsafeBufferPointer<UInt8>,
                              index: SampledGramIndex) -> [Window]? {
        let m = pattern.count
        let n = text.count
        // At most `maximumRefinedScalars` bytes, so at most that many
        // scalars: every window found is refined.
        guard m >= SampledGramIndex.gram, m <= maximumRefinedScalars, m <= n else { return nil }
        var diagonals: [Int] = []
        let complete = index.forEachSeed(of: pattern, in: text, budget: 8 * m) { t, o in diagonals.append(t - o) }
        guard complete, !diagonals.isEmpty else { return nil }
        diagonals.sort()
        // Seeds on nearby diagonals belong to one passage (a word of the
        // quote changed for one of another length shifts the rest of it):
        // a run of diagonals each within `seedBand` of the one before is
        // one candidate, scored by all its seeds, placed at its most
        // seeded diagonal (the first of equal ones).
        var clusters: [(diagonal: Int, seeds: Int)] = []
        var runStart = 0
        while runStart < diagonals.count {
            var runEnd = runStart + 1
            while runEnd < diagonals.count && diagonals[runEnd] - diagonals[runEnd - 1] <= seedBand { runEnd += 1 }
            var best = (diagonal: diagonals[runStart], seeds: 0)
            var i = runStart
            while i < runEnd {
                var j = i + 1
                while j < runEnd && diagonals[j] == diagonals[i] { j += 1 }
                if j - i > best.seeds { best = (diagonals[i], j - i) }
                i = j
            }
            clusters.append((best.diagonal, runEnd - runStart))
            runStart = runEnd
        }
        clusters.sort { $0.seeds != $1.seeds ? $0.seeds > $1.seeds : $0.diagonal < $1.diagonal }
        var kept: [Window] = []
        for (diagonal, seeds) in clusters where kept.count < candidateCount {
            let start = min(max(diagonal, 0), n - m)
            guard !kept.contains(where: { abs($0.start - start) < m }) else { continue }
            kept.append(Window(start: start, length: m, score: seeds))
        }
        return kept
    }

    /// Keeps the best `candidateCount` non-overlapping windows, best first;
    /// among equal scores the earliest window wins.
    @inline(__always)
    static func consider(_ window: Window, into best: inout [Window]) {
        if best.count == candidateCount, window.score <= best[best.count - 1].score { return }
        var i = 0
        while i < best.count {
            if abs(best[i].start - window.start) < window.length {
                if best[i].score >= window.score { return }
                best.remove(at: i)
            } else {
                i += 1
            }
        }
        var at = best.count
        while at > 0 && best[at - 1].score < window.score { at -= 1 }
        best.insert(window, at: at)
        if best.count > candidateCount { best.removeLast() }
    }

    /// Stage 2: the substring of the region around `window` closest to the
    /// pattern by edit distance, as a folded byte range, with its similarity.
    ///
    /// `toBeat`: the similarity of the best candidate so far. The search
    /// gives up (nil) as soon as this one cannot exceed it: before the
    /// matrix, when the common-subsequence bound (`similarityBound`) is
    /// lower; then row by row. No cell of a
    /// row costs less than the cheapest cell of the row above, so the final
    /// distance d is at least any row's minimum R; a passage of L scalars
    /// for a quote of m skips at least L − m of them, at cost 1 each, so
    /// d ≥ L − m too. The similarity 1 − d / (2 · max(m, L)) is then at
    /// most 1 − R / (2 · (m + R)), its value at L = m + R. Exact: a
    /// candidate is dropped only when it could not have won.
    static func refine(
        pattern: UnsafeBufferPointer<UInt8>,
        text: UnsafeBufferPointer<UInt8>,
        window: Window,
        toBeat: Double? = nil
    ) -> (range: Range<Int>, similarity: Double)? {
        let n = text.count
        let quote = scalars(of: pattern, in: 0..<pattern.count)
        let windowRange = boundaryAligned(window.start..<(window.start + window.length), in: text)
        let gramCount = max(1, pattern.count - min(3, window.length) + 1)
        if quote.values.count > maximumRefinedScalars {
            return (windowRange, Double(window.score) / Double(gramCount))
        }
        let margin = window.length / 2 + 8
        let region = boundaryAligned(max(0, window.start - margin)..<min(n, window.start + window.length + margin), in: text)
        let source = scalars(of: text, in: region)
        let m = quote.values.count
        let r = source.values.count
        guard m > 0, r > 0 else { return (windowRange, 0) }
        // A similarity 0 (the degenerate end below) can still beat a negative
        // one: prune only against a best of 0 or more.
        let pruneAbove: Double? = toBeat.flatMap { $0 >= 0 ? $0 : nil }
        let common = BitParallelLCS.length(quote.values, source.values)
        if let pruneAbove, similarityBound(common: common, quoteLength: m) < pruneAbove - 1e-9 {
            return nil
        }

        // Sellers: a free start anywhere in the region. Costs are doubled so
        // that a source character left out of the alignment costs half: a
        // word missing from the quote is better spanned than cut off. Every
        // row is kept (32-bit costs, one buffer) and the start of the best
        // alignment is found by tracing it back: carrying each cell's start
        // along, as this loop first did, cost a third more a cell, and this
        // loop is most of the time spent on a quote that is not found. The
        // matrix is temporary: about 80 KB for a quote of a hundred
        // characters, 3 MB for the longest refined (600 characters).
        //
        // Only the cells that may cost at most a cutoff are filled
        // (`alignWithin`): first a few more than the least the common
        // subsequence allows, 2 (m − common), then half as much again until
        // the best alignment is found within it. On mb5's quotes not found,
        // the best cost is that least plus 0 to 12, and the matrix is
        // filled on about two cells in five.
        let width = r + 1
        var cutoff = 2 * (m - common) + 12
        let found: (Int, Int, Int)? = withUnsafeTemporaryAllocation(of: Int32.self, capacity: (m + 1) * width) { buffer in
            source.values.withUnsafeBufferPointer { sourceValues -> (Int, Int, Int)? in
                while true {
                    switch alignWithin(cutoff: cutoff, costs: buffer.baseAddress!, quote: quote.values,
                                       source: sourceValues, pruneAbove: pruneAbove) {
                    case .aligned(let distance, let start, let end): return (distance, start, end)
                    case .pruned: return nil
                    case .beyondCutoff: cutoff += max(8, cutoff / 2)
                    }
                }
            }
        }
        guard let (distance, startIndex, bestEnd) = found else { return nil }
        guard startIndex < bestEnd else { return (windowRange, 0) }
        let similarity = 1 - Double(distance) / Double(2 * max(m, bestEnd - startIndex))
        let lower = source.offsets[startIndex]
        let upper = bestEnd < r ? source.offsets[bestEnd] : region.upperBound
        return (lower..<upper, similarity)
    }

    /// At least the similarity of any passage of a region to a quote of m
    /// scalars (both as `refine` compares them), from the length `a` of
    /// their longest common subsequence (`common`, `BitParallelLCS`):
    /// max(a / m, 1/2). An
    /// alignment of the quote with a passage of L scalars that matches `a'`
    /// ≤ `a` of them, substitutes s and leaves out the rest costs
    /// d = 2 (m − a') + (L − a' − s), with s ≤ m − a'. For L ≤ m,
    /// 1 − d / 2m ≤ a' / m. For L > m, d ≥ m + L − 2a', and
    /// 1 − d / 2L ≤ (L − m + 2a') / 2L, which is at most a' / m when
    /// 2a' ≥ m and below 1/2 otherwise. A few word operations per region
    /// scalar, where the matrix costs m cells: most regions after the
    /// first are dropped here (on mb5, 85 of 92).
    static func similarityBound(common: Int, quoteLength m: Int) -> Double {
        max(Double(common) / Double(m), 0.5)
    }

    /// What one pass of `alignWithin` found.
    enum BandedAlignment: Equatable {
        /// The best alignment of the whole quote: its cost, and the region
        /// scalars it spans (`start..<end`).
        case aligned(distance: Int, start: Int, end: Int)
        /// The region cannot beat the best similarity so far.
        case pruned
        /// Every alignment costs more than the cutoff.
        case beyondCutoff
    }

    /// A cost above every cutoff, that adding a few cannot overflow.
    static let unreachable = Int32.max / 4

    /// `refine`'s matrix, filled only where a cell may cost at most
    /// `cutoff` (Ukkonen's cut-off, on a band of columns per row): the
    /// alignment it finds is the full matrix's whenever that one costs at
    /// most `cutoff`; otherwise `.beyondCutoff` (or `.pruned`, when even a
    /// cost of `cutoff` + 1 could not beat `pruneAbove`).
    ///
    /// Row by row, the band is the columns whose cost is at most `cutoff`.
    /// A cell of the next row can be within it only through the band
    /// (diagonally or from above, columns `low`...`high` + 1) or from its
    /// left neighbour, one more a column: the row is filled over those
    /// columns and on to the right while a step left costs at most the
    /// cutoff. Cells read beside the band are set `unreachable` (the
    /// column before it, the one after it in the row above, and the row
    /// above under the rightward run), so a cell costing at most the
    /// cutoff is computed exactly and every other cell filled costs more
    /// than the cutoff; the traceback only reads such cells beside its
    /// path. Row 0 and column 0 are exact everywhere.
    static func alignWithin(cutoff: Int, costs: UnsafeMutablePointer<Int32>, quote: [UInt32],
                            source: UnsafeBufferPointer<UInt32>, pruneAbove: Double?) -> BandedAlignment {
        let m = quote.count
        let r = source.count
        let width = r + 1
        let k = Int32(clamping: min(cutoff, Int(unreachable) - 8))
        for j in 0...r { costs[j] = 0 }
        @inline(__always) func cannotWin(rowMinimum: Int32) -> Bool {
            guard let pruneAbove else { return false }
            return 1 - Double(rowMinimum) / Double(2 * (m + Int(rowMinimum))) <= pruneAbove
        }
        var low = 0
        var high = r
        for i in 1...m {
            let previous = costs + (i - 1) * width
            let current = previous + width
            current[0] = Int32(2 * i)
            let first = max(1, low)
            let last = min(r, high + 1)
            // (The row above holds its own column first − 1: it was filled,
            // or set here when that row was.)
            if first > 1 { current[first - 1] = unreachable }
            if high < r { previous[high + 1] = unreachable }
            let rowMinimum = fillRow(current, after: previous, columns: first...last, scalar: quote[i - 1],
                                     against: source.baseAddress!, substitution: 2, deletion: 2)
            // On to the right, one more a column, while within the cutoff.
            var end = last
            var left = current[last]
            while end < r && left < k {
                end += 1
                left += 1
                current[end] = left
                previous[end] = unreachable
            }
            var newLow = current[0] <= k ? 0 : first
            while newLow <= end && current[newLow] > k { newLow += 1 }
            var newHigh = end
            while newHigh >= newLow && current[newHigh] > k { newHigh -= 1 }
            guard newLow <= newHigh else {
                return cannotWin(rowMinimum: k + 1) ? .pruned : .beyondCutoff
            }
            // With a cell within the cutoff, the row's minimum is exact.
            if cannotWin(rowMinimum: rowMinimum) { return .pruned }
            low = newLow
            high = newHigh
        }
        let lastRow = costs + m * width
        let firstEnd = max(1, low)
        guard firstEnd <= high else { return .beyondCutoff }
        var bestEnd = firstEnd
        for j in firstEnd...high where lastRow[j] < lastRow[bestEnd] { bestEnd = j }
        let start = alignmentStart(costs: costs, width: width, quote: quote, source: source, end: bestEnd)
        return .aligned(distance: Int(lastRow[bestEnd]), start: start, end: bestEnd)
    }

    /// Fills the cells `columns` of one row of an edit-distance matrix from
    /// the row above and the cell before them, and returns the least of
    /// them and `current[0]` (the row's minimum when they span it). Cell j
    /// pairs `scalar` with `values[j − 1]`: the diagonal (0 when equal,
    /// else `substitution`), the cell above plus `deletion`, the cell to
    /// the left plus 1. In two passes: the diagonal and the cell above
    /// depend on the row above only, a loop the compiler runs several
    /// cells at a time (counted with wrapping arithmetic: a checked range
    /// loop is not vectorised); then the cell to the left, a running
    /// minimum, one cell at a time. The same minimum of the same three as
    /// one pass.
    @inline(__always)
    static func fillRow(_ current: UnsafeMutablePointer<Int32>, after previous: UnsafeMutablePointer<Int32>,
                        columns: ClosedRange<Int>, scalar: UInt32, against values: UnsafePointer<UInt32>,
                        substitution: Int32, deletion: Int32) -> Int32 {
        // The row's minimum is taken in the first pass: the second only
        // lowers a cell to one more than its left neighbour, so no cell
        // goes below the least of the first pass and `current[0]`.
        var rowMinimum = current[0]
        let end = columns.upperBound &+ 1
        var j = columns.lowerBound
        while j < end {
            let diagonal = previous[j &- 1] &+ (values[j &- 1] == scalar ? 0 : substitution)
            let cell = min(diagonal, previous[j] &+ deletion)
            current[j] = cell
            rowMinimum = min(rowMinimum, cell)
            j &+= 1
        }
        var left = current[columns.lowerBound &- 1]
        j = columns.lowerBound
        while j < end {
            left = min(current[j], left &+ 1)
            current[j] = left
            j &+= 1
        }
        return rowMinimum
    }

    /// Where the alignment that `refine`'s costs chose for the whole quote,
    /// ending at region scalar `end`, starts: its path traced back from the
    /// last row, each cell taking the predecessor the forward pass took (the
    /// diagonal, else above when strictly cheaper, else the left when
    /// strictly cheaper still), to row 0 or column 0 (a start at 0).
    static func alignmentStart(costs: UnsafeMutablePointer<Int32>, width: Int, quote: [UInt32],
                               source: UnsafeBufferPointer<UInt32>, end: Int) -> Int {
        var i = quote.count
        var j = end
        while i > 0 && j > 0 {
            let current = costs + i * width
            let previous = current - width
            var cost = previous[j - 1] + (source[j - 1] == quote[i - 1] ? 0 : 2)
            var step = (i: 1, j: 1)
            if previous[j] + 2 < cost {
                cost = previous[j] + 2
                step = (1, 0)
            }
            if current[j - 1] + 1 < cost { step = (0, 1) }
            i -= step.i
            j -= step.j
        }
        return j
    }

    /// 1 − Levenshtein distance / longer length, between the folded quote
    /// and `passage[range]`, on exact scalars; `nil` for very long quotes.
    static func similarity(quote: [UInt8], passage: [UInt8], range: Range<Int>) -> Double? {
        func exactScalars(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt32] {
            var values: [UInt32] = []
            var i = range.lowerBound
            while i < range.upperBound {
                let (value, length) = TextFolding.decode(bytes, at: i)
                values.append(value)
                i += length
            }
            return values
        }
        let a = quote.withUnsafeBufferPointer { exactScalars($0, 0..<quote.count) }
        let b = passage.withUnsafeBufferPointer { exactScalars($0, range) }
        guard a.count <= maximumRefinedScalars, b.count <= 4 * maximumRefinedScalars else { return nil }
        if a.isEmpty || b.isEmpty { return a.count == b.count ? 1 : 0 }
        // Bit-parallel: a column of 64 rows in a dozen word operations
        // (the matrix, even vectorised, cost about nine instructions a cell).
        let distance = BitParallelDistance.distance(a, b)
        return 1 - Double(distance) / Double(max(a.count, b.count))
    }

    /// Scalars of `bytes[range]` (ASCII lowercased, for comparison) and the
    /// byte offset of each.
    static func scalars(of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> (values: [UInt32], offsets: [Int]) {
        var values: [UInt32] = []
        var offsets: [Int] = []
        values.reserveCapacity(range.count)
        offsets.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let (value, length) = TextFolding.decode(bytes, at: i)
            values.append(value < 0x80 ? UInt32(lowered(UInt8(value))) : value)
            offsets.append(i)
            i += length
        }
        return (values, offsets)
    }

    /// `range` moved onto scalar boundaries (start back, end forward).
    static func boundaryAligned(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let n = text.count
        var lower = max(0, min(range.lowerBound, n))
        var upper = max(lower, min(range.upperBound, n))
        while lower > 0 && lower < n && text[lower] & 0xC0 == 0x80 { lower -= 1 }
        while upper < n && text[upper] & 0xC0 == 0x80 { upper += 1 }
        return lower..<upper
    }

    /// Whether the scalar is part of a word (letters, digits, marks).
    static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A) || value == 0x5F
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
            || TextFolding.attachesToPrevious(value)
    }

    /// `range` widened so that it neither starts nor ends inside a word
    /// (by at most 64 bytes on each side).
    static func widenToWords(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let n = text.count
        let aligned = boundaryAligned(range, in: text)
        var lower = aligned.lowerBound
        var upper = aligned.upperBound
        guard lower < upper else { return aligned }
        let lowerLimit = max(0, lower - 64)
        while lower > lowerLimit {
            var previous = lower - 1
            while previous > 0 && text[previous] & 0xC0 == 0x80 { previous -= 1 }
            let before = TextFolding.decode(text, at: previous).value
            let first = TextFolding.decode(text, at: lower).value
            guard isWordScalar(before), isWordScalar(first) else { break }
            lower = previous
        }
        let upperLimit = min(n, upper + 64)
        while upper < upperLimit {
            var last = upper - 1
            while last > 0 && text[last] & 0xC0 == 0x80 { last -= 1 }
            let (next, length) = TextFolding.decode(text, at: upper)
            let end = TextFolding.decode(text, at: last).value
            guard isWordScalar(end), isWordScalar(next) else { break }
            upper += length
        }
        // Never start or end on white space.
        while lower < upper && text[lower] == 0x20 { lower += 1 }
        while upper > lower && text[upper - 1] == 0x20 { upper -= 1 }
        return lower..<upper
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Finding a `cite` quote in the text of its source, after folding both
// (see TextFolding.swift). Comparison is case-sensitive and byte-exact on the
// folded texts; results are ranges of ORIGINAL UTF-8 bytes of the source.

/// The outcome of looking for a quote in a source.
public enum QuoteSearchResult: Sendable, Equatable {
    /// Found exactly once: the original UTF-8 byte range in the source, from
    /// the first byte of the first matched character to just after the last.
    case found(Range<Int>)
    /// Found more than once: every occurrence (overlapping ones included),
    /// as original byte ranges, in order.
    case ambiguous([Range<Int>])
    /// Not found: the most similar passage, as a hint (`nil` when the source
    /// has no text).
    case notFound(closest: ClosestPassage?)
    /// The quote is empty or only white space.
    case emptyQuote
}

/// Looks quotes up in sources.
public enum QuoteMatcher {
    /// Finds `quote` in `source`, comparing their folded forms.
    public static func find(_ quote: String, in source: FoldedText) -> QuoteSearchResult {
        let foldedQuote = TextFolding.foldedBytes(of: quote)
        if foldedQuote.isEmpty { return .emptyQuote }
        let ranges = occurrences(ofFolded: foldedQuote, in: source)
        switch ranges.count {
        case 0: return .notFound(closest: ClosestPassage.find(folded: foldedQuote, in: source))
        case 1: return .found(ranges[0])
        default: return .ambiguous(ranges)
        }
    }

    /// Convenience: folds `source` first. Prefer building a `FoldedText`
    /// once per source when several quotes point into it.
    public static func find(_ quote: String, inText source: String) -> QuoteSearchResult {
        find(quote, in: FoldedText(source))
    }

    /// Every occurrence of the folded `quote` in `source` (overlapping ones
    /// included), as original byte ranges of the source, in order. A match
    /// must cover whole units of the source (it never starts or ends inside
    /// a composed segment) and must not be followed by a combining mark
    /// that belongs to its last character.
    public static func occurrences(of quote: FoldedText, in source: FoldedText) -> [Range<Int>] {
        occurrences(ofFolded: quote.folded, in: source)
    }

    /// `occurrences(of:in:)` for a quote already folded to bytes.
    static func occurrences(ofFolded needle: [UInt8], in source: FoldedText) -> [Range<Int>] {
        let haystack = source.folded
        let m = needle.count
        let n = haystack.count
        guard m > 0, m <= n else { return [] }
        // The byte matches first, then the unit checks: a closure that used
        // `source` copied it (its text and map, a dozen retains) per quote.
        var starts: [Int] = []
        haystack.withUnsafeBufferPointer { text in
            needle.withUnsafeBufferPointer { pattern in
                forEachMatch(of: pattern, in: text) { starts.append($0) }
            }
        }
        var result: [Range<Int>] = []
        for start in starts {
            let end = start + m
            guard source.isUnitStart(start), source.isUnitEnd(end) else { continue }
            if end < n, haystack[end] >= 0x80,
               haystack.withUnsafeBufferPointer({ TextFolding.attachesToPrevious(TextFolding.decode($0, at: end).value) }) {
                continue
            }
            result.append(source.originalRange(ofFolded: start..<end))
        }
        return result
    }

    /// Calls `body` with the start of every occurrence of `pattern` in
    /// `text` (overlapping ones included), in order.
    ///
    /// Most quotes occur once in a source of a few kilobytes, and are tens
    /// of bytes long. Horspool's search on byte pairs (triples for quotes of
    /// three bytes or more: `forEachMatchByTriples`): each alignment is
    /// judged by the pair of bytes at its end, and moved past the last
    /// place that pair has in the quote (by up to the quote's length less
    /// one when it has none). Pairs are far more telling than single bytes
    /// in prose, where the last byte of an alignment is nearly always a
    /// letter found near the end of the quote. Pairs are hashed into a
    /// 512-entry table; a collision only shortens a move. The worst case is
    /// O(n · m) (a text of one repeated pattern), so the search works to a
    /// budget linear in the input and hands the rest of the text to
    /// Knuth–Morris–Pratt, linear whatever the input, when it runs out.
    private static func forEachMatch(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        _ body: (Int) -> Void
    ) {
        let m = pattern.count
        let n = text.count
        guard m > 0, m <= n, let textBase = text.baseAddress, let patternBase = pattern.baseAddress else { return }
        guard m > 1 else {
            forEachMatchKMP(of: pattern, in: text, body)
            return
        }
        if m >= 3 {
            forEachMatchByTriples(of: pattern, in: text, body)
            return
        }
        @inline(__always) func pairHash(_ first: UInt8, _ second: UInt8) -> Int {
            (Int(first) &* 31 &+ Int(second)) & 511
        }
        let lastPair = pairHash(pattern[m - 2], pattern[m - 1])
        // Moves are capped to fit the table's 16 bits (a shorter move is
        // always safe).
        let longestMove = min(m - 1, Int(UInt16.max))
        var budget = 4 * (n + m)
        // 512 entries of 2 bytes: small enough for the stack (a larger
        // temporary allocation goes to the heap, once per quote).
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 512) { move in
            move.initialize(repeating: UInt16(longestMove))
            // The pair ending at j (1 ≤ j ≤ m − 2) moves an alignment whose
            // last pair it is by m − 1 − j; later pairs overwrite earlier.
            if m > 2 {
                for j in 1...(m - 2) {
                    move[pairHash(pattern[j - 1], pattern[j])] = UInt16(min(m - 1 - j, longestMove))
                }
            }
            var position = 0
            while position <= n - m {
                let pair = pairHash(text[position + m - 2], text[position + m - 1])
                if pair == lastPair {
                    budget -= m
                    if budget < 0 {
                        forEachMatchKMP(of: pattern, in: text, from: position, body)
                        return
                    }
                    if memcmp(textBase + position, patternBase, m) == 0 { body(position) }
                }
                budget -= 1
                position += Int(move[pair])
            }
        }
    }

    /// `forEachMatch` for quotes of three bytes or more, on byte triples
    /// hashed into 1,024 one-byte entries: in French prose a pair such as
    /// `e ` or `es` recurs all through a quote and keeps moves short; a
    /// triple recurs far less, so alignments move further (on mb5, 1.3
    /// million alignments for 15,000 quotes instead of about 3.5 million,
    /// and half the instructions).
    private static func forEachMatchByTriples(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        _ body: (Int) -> Void
    ) {
        let m = pattern.count
        let n = text.count
        let textBase = text.baseAddress!
        let patternBase = pattern.baseAddress!
        @inline(__always) func tripleHash(_ key: UInt32) -> Int {
            Int((key &* 0x9E37_79B1) >> 22)  // 1,024 entries: 1 KB, on the stack
        }
        @inline(__always) func triple(endingAt end: UnsafePointer<UInt8>) -> UInt32 {
            (UInt32(end[-2]) << 16) | (UInt32(end[-1]) << 8) | UInt32(end[0])
        }
        let lastTriple = tripleHash(triple(endingAt: patternBase + m - 1))
        // Only the quote's last `longestMove` triples are entered: any other
        // triple moves an alignment by `longestMove`, no further than its
        // last place in the quote allows, so no occurrence is skipped.
        let longestMove = min(m - 2, Int(UInt8.max))
        var budget = 4 * (n + m)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { move in
            move.initialize(repeating: UInt8(longestMove))
            // The triple ending at j (m − longestMove ≤ j ≤ m − 2) moves an
            // alignment whose last triple it is by m − 1 − j (one ending
            // earlier would move it by the default); later triples overwrite
            // earlier. The key rolls from byte to byte.
            let first = max(2, m - longestMove)
            if first <= m - 2 {
                var key = (UInt32(patternBase[first - 2]) << 8) | UInt32(patternBase[first - 1])
                for j in first...(m - 2) {
                    key = ((key << 8) | UInt32(patternBase[j])) & 0xFF_FFFF
                    move[tripleHash(key)] = UInt8(truncatingIfNeeded: m - 1 - j)
                }
            }
            var position = 0
            while position <= n - m {
                let hash = tripleHash(triple(endingAt: textBase + position + m - 1))
                if hash == lastTriple {
                    budget -= m
                    if budget < 0 {
                        forEachMatchKMP(of: pattern, in: text, from: position, body)
                        return
                    }
                    if memcmp(textBase + position, patternBase, m) == 0 { body(position) }
                }
                budget -= 1
                position += Int(move[hash])
            }
        }
    }

    /// Knuth–Morris–Pratt: calls `body` with the start of every occurrence
    /// (overlapping ones included) that starts at `from` or later, in
    /// O(n + m) whatever the input.
    static func forEachMatchKMP(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        from: Int = 0,
        _ body: (Int) -> Void
    ) {
        let m = pattern.count
        let n = text.count
        guard m > 0, from < n else { return }
        var failure = [Int](repeating: 0, count: m)
        var k = 0
        if m > 1 {
            for i in 1..<m {
                while k > 0 && pattern[i] != pattern[k] { k = failure[k - 1] }
                if pattern[i] == pattern[k] { k += 1 }
                failure[i] = k
            }
        }
        let first = pattern[0]
        k = 0
        var i = from
        failure.withUnsafeBufferPointer { failure in
            while i < n {
                if k == 0 {
                    // Skip quickly to the next possible start.
                    // memchr: the C library's vectorised byte search.
                    guard let found = memchr(text.baseAddress! + i, Int32(first), n - i) else { return }
                    i = text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
                let byte = text[i]
                while k > 0 && byte != pattern[k] { k = failure[k - 1] }
                if byte == pattern[k] { k += 1 }
                if k == m {
                    body(i - m + 1)
                    k = failure[m - 1]
                }
                i += 1
            }
        }
    }
}

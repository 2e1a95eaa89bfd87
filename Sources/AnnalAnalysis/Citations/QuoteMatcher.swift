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

/// What a search says of a quote, without where it is: what `annal check`
/// reports.
public enum QuoteVerdict: Sendable, Equatable {
    /// Found exactly once.
    case found
    /// Found `count` times (two or more).
    case ambiguous(count: Int)
    /// Not found; the most similar passage, as in `QuoteSearchResult`.
    case notFound(closest: ClosestPassage?)
    /// The quote is empty or only white space.
    case emptyQuote

    /// The verdict of a located search.
    public init(_ result: QuoteSearchResult) {
        switch result {
        case .found: self = .found
        case .ambiguous(let ranges): self = .ambiguous(count: ranges.count)
        case .notFound(let closest): self = .notFound(closest: closest)
        case .emptyQuote: self = .emptyQuote
        }
    }
}

/// Looks quotes up in sources.
public enum QuoteMatcher {
    /// Finds `quote` in `source`, comparing their folded forms.
    public static func find(_ quote: String, in source: FoldedText) -> QuoteSearchResult {
        find(utf8: Array(quote.utf8), in: source)
    }

    /// `find(_:in:)` for a quote given as its UTF-8 bytes (valid UTF-8), as
    /// the model keeps quotes.
    public static func find(utf8 quote: [UInt8], in source: FoldedText) -> QuoteSearchResult {
        let (starts, length, folded) = byteMatches(of: quote, in: source.folded, index: source.gramIndex)
        if length == 0 { return .emptyQuote }
        // A quote found once (most) needs no array of occurrences.
        var first: Range<Int>?
        var all: [Range<Int>] = []
        forEachWholeUnitMatch(starts, length: length, in: source) { range in
            guard let first else {
                first = range
                return
            }
            if all.isEmpty { all.append(first) }
            all.append(range)
        }
        guard let first else {
            return .notFound(closest: ClosestPassage.find(folded: folded ?? quote, in: source))
        }
        return all.isEmpty ? .found(first) : .ambiguous(all)
    }

    /// The verdict on `quote` (valid UTF-8) in a source folded without a
    /// map: found once, several times, or empty; nil when it is not found,
    /// for the caller to search the source with its map, which the closest
    /// passage needs. In such a source every byte match is an occurrence
    /// (UnmappedFold.swift): the counts are those of `find(utf8:in:)`.
    static func verdict(utf8 quote: [UInt8], in source: UnmappedFold) -> QuoteVerdict? {
        let (starts, length, _) = byteMatches(of: quote, in: source.folded, index: source.gramIndex)
        if length == 0 { return .emptyQuote }
        guard starts.first >= 0 else { return nil }
        return starts.later.isEmpty ? .found : .ambiguous(count: 1 + starts.later.count)
    }

    /// Where the folded form of `quote` (valid UTF-8) matches `text` byte
    /// for byte, with its folded length (0 for a quote empty once folded)
    /// and its folded bytes when they are not its own.
    private static func byteMatches(of quote: [UInt8], in text: [UInt8], index gramIndex: SampledGramIndex?)
        -> (starts: MatchStarts, length: Int, folded: [UInt8]?) {
        // A quote that is its own folded form (most) is searched in its
        // own bytes: no folded copy made and freed per quote. The closure
        // captures only locals (the source's folded bytes and index, the
        // starts): one capturing the source copied it per quote.
        var starts = MatchStarts()
        let length = quote.withUnsafeBufferPointer { bytes -> Int in
            guard TextFolder.foldsToItself(bytes) else { return -1 }
            collectStarts(of: bytes, in: text, index: gramIndex, into: &starts)
            return bytes.count
        }
        if length >= 0 { return (starts, length, nil) }
        let needle = TextFolding.foldedBytes(ofValidUTF8: quote)
        needle.withUnsafeBufferPointer { collectStarts(of: $0, in: text, index: gramIndex, into: &starts) }
        return (starts, needle.count, needle)
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
        var starts = MatchStarts()
        needle.withUnsafeBufferPointer { collectStarts(of: $0, in: source.folded, index: source.gramIndex, into: &starts) }
        var result: [Range<Int>] = []
        forEachWholeUnitMatch(starts, length: needle.count, in: source) { result.append($0) }
        return result
    }

    /// The most index slots one quote may examine before its search falls
    /// back to a scan: a quote whose grams recur all through the source
    /// (a hundred times and more) is found faster by Horspool's search.
    static let indexBudget = 512

    /// Where the byte matches of a folded quote start, in order; the first
    /// kept apart (most quotes have one, and then no array is made).
    struct MatchStarts {
        var first = -1
        var later: [Int] = []

        mutating func add(_ start: Int) {
            if first < 0 { first = start } else { later.append(start) }
        }
    }

    /// Collects the starts of the byte matches of `pattern` (a folded
    /// quote) in the folded text `haystack`: through the source's gram
    /// index when the quote is long enough for it and its grams are not
    /// too common, else by a scan.
    private static func collectStarts(of pattern: UnsafeBufferPointer<UInt8>, in haystack: [UInt8], index: SampledGramIndex?,
                                      into starts: inout MatchStarts) {
        guard pattern.count > 0, pattern.count <= haystack.count else { return }
        haystack.withUnsafeBufferPointer { text in
            // Closures written at the calls: one kept in a constant boxed
            // what it writes, with dynamic exclusivity checks per quote.
            if let index, index.forEachOccurrence(of: pattern, in: text, budget: indexBudget, { starts.add($0) }) {
                return
            }
            forEachMatch(of: pattern, in: text) { starts.add($0) }
        }
    }

    /// Calls `body` with the original range of each byte match of a quote
    /// of `length` folded bytes that covers whole units of `source` and is
    /// not followed by a mark belonging to its last character, in order.
    private static func forEachWholeUnitMatch(_ starts: MatchStarts, length m: Int, in source: FoldedText,
                                              _ body: (Range<Int>) -> Void) {
        guard starts.first >= 0 else { return }
        let haystack = source.folded
        let n = haystack.count
        func report(_ start: Int) {
            let end = start + m
            guard let original = source.originalRange(ofWholeUnits: start..<end) else { return }
            if end < n, haystack[end] >= 0x80,
               haystack.withUnsafeBufferPointer({ TextFolding.attachesToPrevious(TextFolding.decode($0, at: end).value) }) {
                return
            }
            body(original)
        }
        report(starts.first)
        for start in starts.later { report(start) }
    }

    /// Calls `body` with the start of every occurrence of `pattern` in
    /// `text` (overlapping ones included), in order.
    ///
    /// Most quotes occur once in a source of a few kilobytes, and are tens
    /// of bytes long. Horspool's search on byte triples: each alignment is
    /// judged by the three bytes at its end, and moved past the last place
    /// that triple has in the quote (by up to the quote's length less two
    /// when it has none). In French prose a single byte or a pair (`e `,
    /// `es`) recurs all through a quote and keeps moves short; a triple
    /// recurs far less (on mb5, 1.3 million alignments for 15,000 quotes,
    /// about half the instructions of the same search on pairs). Triples
    /// are hashed into 1,024 one-byte entries on the stack; a collision
    /// only shortens a move. The worst case is O(n · m) (a text of one
    /// repeated pattern), so the search works to a budget linear in the
    /// input and hands the rest of the text to Knuth–Morris–Pratt, linear
    /// whatever the input, when it runs out. Quotes of one or two bytes go
    /// to Knuth–Morris–Pratt directly.
    private static func forEachMatch(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        _ body: (Int) -> Void
    ) {
        guard pattern.count > 0, pattern.count <= text.count else { return }
        guard pattern.count >= 3 else {
            forEachMatchKMP(of: pattern, in: text, body)
            return
        }
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

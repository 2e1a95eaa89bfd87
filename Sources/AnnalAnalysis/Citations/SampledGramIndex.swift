#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Where a quote may start in a folded source, without scanning the source.
//
// The index holds the 8-byte gram at every eighth offset of the text (one
// gram in eight: about one byte of index per byte of text). A quote of m
// bytes, m ≥ 15, that occurs at p covers a whole sampled gram: the first
// multiple of 8 at or after p, t = p + o with o in 0..<8, has t + 8 ≤ p + m.
// So looking up the quote's eight grams quote[o..<o+8] yields every
// occurrence, each exactly once (o is fixed by p), and the candidates are
// checked byte for byte. A source is searched for many quotes (a file
// cites each of its sources some thirty times): building the index costs
// about two instructions a byte once, where Horspool's search paid a few
// thousand instructions a quote.

/// The 8-byte grams at the offsets of a text that are multiples of 8, in an
/// open-addressing table of offsets (the grams are read back from the text).
struct SampledGramIndex: Sendable {
    /// The gram length, which is also the sampling step.
    static let gram = 8
    /// The shortest quote the index can find (see above).
    static let shortestQuote = 2 * gram - 1
    /// An insertion that probes more slots than this means a text of
    /// repeated grams (hostile or degenerate): no index, the caller
    /// searches without one.
    static let longestProbe = 64

    /// Offsets of sampled grams; -1 for an empty slot.
    private let slots: [Int32]
    private let shift: UInt64

    /// Indexes `text`; nil when it is too short to index or its grams
    /// repeat too much (then `forEachOccurrence` would not be linear).
    init?(_ text: [UInt8]) {
        let grams = text.count / Self.gram
        guard grams >= 2, text.count <= Int(Int32.max) else { return nil }
        // Load factor at most 0.7.
        var bits = 4
        while (1 << bits) * 7 < grams * 10 { bits += 1 }
        let size = 1 << bits
        let shift = UInt64(64 - bits)
        let mask = size - 1
        var degenerate = false
        let slots = [Int32](unsafeUninitializedCapacity: size) { slots, initialized in
            slots.initialize(repeating: -1)
            initialized = size
            text.withUnsafeBufferPointer { text in
                let base = UnsafeRawPointer(text.baseAddress!)
                var offset = 0
                while offset + Self.gram <= text.count {
                    let key = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    var slot = Self.slot(of: key, shift: shift)
                    var probes = 0
                    while slots[slot] >= 0 {
                        slot = (slot &+ 1) & mask
                        probes += 1
                        if probes > Self.longestProbe {
                            degenerate = true
                            return
                        }
                    }
                    slots[slot] = Int32(truncatingIfNeeded: offset)
                    offset += Self.gram
                }
            }
        }
        guard !degenerate else { return nil }
        self.slots = slots
        self.shift = shift
    }

    @inline(__always)
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Calls `body` with the start of every occurrence of `pattern` in
    /// `text` (the text indexed), in increasing order. Returns false, having
    /// called nothing, when the pattern is shorter than `shortestQuote` or
    /// the look-ups would examine more than `budget` slots: the caller then
    /// searches without the index.
    func forEachOccurrence(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        budget: Int,
        _ body: (Int) -> Void
    ) -> Bool {
        let m = pattern.count
        let n = text.count
        guard m >= Self.shortestQuote, m <= n, let textBase = text.baseAddress, let patternBase = pattern.baseAddress
        else { return false }
        let mask = slots.count - 1
        var examined = 0
        // Most quotes occur once: the first start kept apart, no array.
        var first = -1
        var more: [Int] = []
        let complete = slots.withUnsafeBufferPointer { slots -> Bool in
            for o in 0..<Self.gram {
                let key = UnsafeRawPointer(patternBase + o).loadUnaligned(as: UInt64.self)
                var slot = Self.slot(of: key, shift: shift)
                while true {
                    let t = Int(slots[slot])
                    if t < 0 { break }
                    examined += 1
                    if examined > budget { return false }
                    let start = t - o
                    if start >= 0, start + m <= n,
                       UnsafeRawPointer(textBase + t).loadUnaligned(as: UInt64.self) == key,
                       memcmp(textBase + start, patternBase, m) == 0 {
                        if first < 0 { first = start } else { more.append(start) }
                    }
                    slot = (slot &+ 1) & mask
                }
            }
            return true
        }
        guard complete else { return false }
        guard first >= 0 else { return true }
        if more.isEmpty {
            body(first)
        } else {
            more.append(first)
            more.sort()
            for start in more { body(start) }
        }
        return true
    }
}

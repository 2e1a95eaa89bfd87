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
/// open-addressing table of gram numbers (offset / 8; the grams are read
/// back from the text).
struct SampledGramIndex: Sendable {
    /// The gram length, which is also the sampling step.
    static let gram = 8
    /// The shortest quote the index can find (see above).
    static let shortestQuote = 2 * gram - 1
    /// An insertion that probes more slots than this means a text of
    /// repeated grams (hostile or degenerate): no index, the caller
    /// searches without one.
    static let longestProbe = 64

    /// The table, its entries as narrow as the text allows: two bytes for
    /// a text of fewer than 65,535 grams (under 512 KiB, every source in
    /// practice), four beyond. The largest value marks an empty slot.
    private enum Slots: Sendable {
        case narrow([UInt16])
        case wide([UInt32])
    }

    private let slots: Slots
    private let shift: UInt64

    /// The size of one entry of the table, in bytes (for tests).
    var entryBytes: Int {
        switch slots {
        case .narrow: 2
        case .wide: 4
        }
    }

    /// Indexes `text`; nil when it is too short to index or its grams
    /// repeat too much (then `forEachOccurrence` would not be linear).
    init?(_ text: [UInt8]) {
        let grams = text.count / Self.gram
        guard grams >= 2, text.count <= Int(Int32.max) else { return nil }
        // Load factor at most 0.35: an insertion's or a look-up's home slot
        // is then mostly empty or the gram sought, so the probing loops
        // rarely branch the unexpected way (at most 0.7, building the
        // index took 70 % longer on mb5's sources and finding quotes in it
        // 10 %). Two-byte entries keep the table the size it had then.
        var bits = 4
        while (1 << bits) * 7 < grams * 20 { bits += 1 }
        if grams < Int(UInt16.max) {
            guard let slots = Self.narrowTable(of: text, bits: bits) else { return nil }
            self.slots = .narrow(slots)
        } else {
            guard let slots = Self.table(of: text, bits: bits, entry: UInt32.self) else { return nil }
            self.slots = .wide(slots)
        }
        shift = UInt64(64 - bits)
    }

    /// The table of 2^`bits` slots holding the gram number of every
    /// sampled gram; nil when an insertion probes too far.
    static func table<Entry: FixedWidthInteger & UnsignedInteger>(
        of text: [UInt8], bits: Int, entry: Entry.Type
    ) -> [Entry]? {
        let size = 1 << bits
        let shift = UInt64(64 - bits)
        let mask = size - 1
        var degenerate = false
        let slots = [Entry](unsafeUninitializedCapacity: size) { slots, initialized in
            slots.initialize(repeating: .max)
            initialized = size
            text.withUnsafeBufferPointer { text in
                let base = UnsafeRawPointer(text.baseAddress!)
                var offset = 0
                while offset + Self.gram <= text.count {
                    let key = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    guard let slot = firstEmptySlot(from: Self.slot(of: key, shift: shift), in: slots, mask: mask) else {
                        degenerate = true
                        return
                    }
                    slots[slot] = Entry(truncatingIfNeeded: offset / Self.gram)
                    offset += Self.gram
                }
            }
        }
        return degenerate ? nil : slots
    }

    /// `table(of:bits:entry: UInt16.self)`, the same slots and the same
    /// answer: each gram in the first empty slot from its home on, found
    /// among the four slots from its home at once (one load, the empty
    /// ones' lanes told apart without a branch each) and by the slot walk
    /// only when none of them is empty or they pass the end of the table.
    /// The walk's test of the home slot, taken or not at random (a third
    /// of home slots are taken), was most of the cost of building the
    /// index: about 3.5 % of a check's cycles.
    static func narrowTable(of text: [UInt8], bits: Int) -> [UInt16]? {
        let size = 1 << bits
        let shift = UInt64(64 - bits)
        let mask = size - 1
        var degenerate = false
        let slots = [UInt16](unsafeUninitializedCapacity: size) { slots, initialized in
            slots.initialize(repeating: .max)
            initialized = size
            let table = UnsafeRawPointer(slots.baseAddress!)
            text.withUnsafeBufferPointer { text in
                let base = UnsafeRawPointer(text.baseAddress!)
                var offset = 0
                while offset + Self.gram <= text.count {
                    let key = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    let home = Self.slot(of: key, shift: shift)
                    var slot = -1
                    if home &+ 4 <= size {
                        // An empty slot holds 0xFFFF: its lane of `free`
                        // is zero, and the lowest lane flagged below is
                        // the first zero one (a borrow flags only lanes
                        // above a zero one). Lanes load lowest first.
                        let free = ~table.loadUnaligned(fromByteOffset: home &* 2, as: UInt64.self)
                        let flags = (free &- 0x0001_0001_0001_0001) & ~free & 0x8000_8000_8000_8000
                        if flags != 0 { slot = home &+ flags.trailingZeroBitCount / 16 }
                    }
                    if slot < 0 {
                        guard let walked = firstEmptySlot(from: home, in: slots, mask: mask) else {
                            degenerate = true
                            return
                        }
                        slot = walked
                    }
                    slots[slot] = UInt16(truncatingIfNeeded: offset / Self.gram)
                    offset &+= Self.gram
                }
            }
        }
        return degenerate ? nil : slots
    }

    /// The first empty slot at or after `home` (wrapping): where linear
    /// probing puts a gram. Nil when more than `longestProbe` slots are
    /// taken on the way (a degenerate text).
    @inline(__always)
    private static func firstEmptySlot<Entry: FixedWidthInteger>(from home: Int, in slots: UnsafeMutableBufferPointer<Entry>,
                                                                 mask: Int) -> Int? {
        var slot = home
        var probes = 0
        while slots[slot] != .max {
            slot = (slot &+ 1) & mask
            probes += 1
            if probes > longestProbe { return nil }
        }
        return slot
    }

    @inline(__always)
    private static func slot(of key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
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
        switch slots {
        case .narrow(let slots): Self.forEachOccurrence(of: pattern, in: text, slots: slots, shift: shift, budget: budget, body)
        case .wide(let slots): Self.forEachOccurrence(of: pattern, in: text, slots: slots, shift: shift, budget: budget, body)
        }
    }

    /// Calls `body` with every seed of `pattern` in `text` (the text
    /// indexed): a sampled gram of the text equal to the pattern's gram at
    /// some offset, as (offset in the text, offset in the pattern). Every
    /// stretch of at least `shortestQuote` bytes that the pattern shares
    /// with the text gives at least one, on the diagonal text offset −
    /// pattern offset where the stretch lies. Returns false when the
    /// look-ups would examine more than `budget` slots (a repetitive text).
    func forEachSeed(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        budget: Int,
        _ body: (_ textOffset: Int, _ patternOffset: Int) -> Void
    ) -> Bool {
        switch slots {
        case .narrow(let slots): Self.forEachSeed(of: pattern, in: text, slots: slots, shift: shift, budget: budget, body)
        case .wide(let slots): Self.forEachSeed(of: pattern, in: text, slots: slots, shift: shift, budget: budget, body)
        }
    }

    private static func forEachSeed<Entry: FixedWidthInteger & UnsignedInteger>(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        slots: [Entry],
        shift: UInt64,
        budget: Int,
        _ body: (Int, Int) -> Void
    ) -> Bool {
        let m = pattern.count
        guard m >= Self.gram, let textBase = text.baseAddress, let patternBase = pattern.baseAddress else { return true }
        var examined = 0
        return slots.withUnsafeBufferPointer { slots -> Bool in
            for o in 0...(m - Self.gram) {
                let key = UnsafeRawPointer(patternBase + o).loadUnaligned(as: UInt64.self)
                let complete = forEachSampledGram(equalTo: key, from: Self.slot(of: key, shift: shift), slots: slots,
                                                  text: textBase, examined: &examined, budget: budget) { body($0, o) }
                if !complete { return false }
            }
            return true
        }
    }

    /// Calls `body` with the text offset of each sampled gram equal to
    /// `key`, probing from its home slot to the first empty one: the one
    /// walk of the table for a quote's occurrences and a pattern's seeds.
    /// Counts every occupied slot it reads in `examined`, and returns
    /// false as soon as that passes `budget`.
    @inline(__always)
    private static func forEachSampledGram<Entry: FixedWidthInteger & UnsignedInteger>(
        equalTo key: UInt64,
        from home: Int,
        slots: UnsafeBufferPointer<Entry>,
        text: UnsafePointer<UInt8>,
        examined: inout Int,
        budget: Int,
        _ body: (Int) -> Void
    ) -> Bool {
        let mask = slots.count - 1
        var slot = home
        while true {
            let entry = slots[slot]
            if entry == .max { return true }
            examined += 1
            if examined > budget { return false }
            let t = Int(entry) &* Self.gram
            if UnsafeRawPointer(text + t).loadUnaligned(as: UInt64.self) == key { body(t) }
            slot = (slot &+ 1) & mask
        }
    }

    private static func forEachOccurrence<Entry: FixedWidthInteger & UnsignedInteger>(
        of pattern: UnsafeBufferPointer<UInt8>,
        in text: UnsafeBufferPointer<UInt8>,
        slots: [Entry],
        shift: UInt64,
        budget: Int,
        _ body: (Int) -> Void
    ) -> Bool {
        let m = pattern.count
        let n = text.count
        guard m >= Self.shortestQuote, m <= n, let textBase = text.baseAddress, let patternBase = pattern.baseAddress
        else { return false }
        var examined = 0
        // Most quotes occur once: the first start kept apart, no array.
        var first = -1
        var more: [Int] = []
        let complete = slots.withUnsafeBufferPointer { slots -> Bool in
            // The eight home slots read first, all at once, and only the
            // occupied ones visited, in order. One look-up after another,
            // each waited for its slot and then branched on whether it was
            // empty, which no processor predicts (a quote's grams land in
            // empty slots but for one or two): finding mb5's quotes took
            // 4.3 % of a check's cycles that way, 2.7 % this way.
            withUnsafeTemporaryAllocation(of: (key: UInt64, home: Int).self, capacity: Self.gram) { grams -> Bool in
                var occupied: UInt32 = 0
                for o in 0..<Self.gram {
                    let key = UnsafeRawPointer(patternBase + o).loadUnaligned(as: UInt64.self)
                    let home = Self.slot(of: key, shift: shift)
                    grams[o] = (key, home)
                    occupied |= (slots[home] != .max ? 1 : 0) << UInt32(o)
                }
                while occupied != 0 {
                    let o = occupied.trailingZeroBitCount
                    occupied &= occupied &- 1
                    let complete = forEachSampledGram(equalTo: grams[o].key, from: grams[o].home, slots: slots,
                                                      text: textBase, examined: &examined, budget: budget) { t in
                        let start = t - o
                        if start >= 0, start + m <= n, memcmp(textBase + start, patternBase, m) == 0 {
                            if first < 0 { first = start } else { more.append(start) }
                        }
                    }
                    if !complete { return false }
                }
                return true
            }
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

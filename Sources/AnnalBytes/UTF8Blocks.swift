// Sixteen bytes at a time, for text that is mostly ASCII with accented
// letters and typographic punctuation: French.
//
// A block passes when every byte is ASCII, a continuation byte, a two-byte
// lead (C2…DF) or a three-byte lead of a range with no further limit on its
// second byte (E1…EC, EE, EF), and a byte is a continuation exactly when the
// byte before it is a two- or three-byte lead or the one two before is a
// three-byte lead. Read with the two bytes before the block (two more
// unaligned loads), that is table 3-7 of the Unicode Standard for those
// leads: each lead has its continuations and no continuation is left
// without a lead. What a block cannot judge (E0 and ED, whose second byte is
// limited; four-byte scalars; a broken sequence) goes to the scalar check,
// from the start of the scalar the failing block begins in. One branch a
// block where the scalar check takes one a scalar, and mispredicts it on
// text that mixes the widths.
//
// The lanes are compared as signed bytes, vector against vector: compared
// with a scalar, or as unsigned lanes, the comparisons were compiled one
// lane at a time (docs/performance.md, change 160).

extension UTF8Validation {
    typealias ByteLanes = SIMD16<Int8>

    @inline(__always)
    private static func splat(_ value: Int8) -> ByteLanes { ByteLanes(repeating: value) }

    /// Whether every byte of the block at `pointer` is well placed, with
    /// `pointer − 2` and `pointer − 1` readable (see above).
    ///
    /// The two bytes before a block are ASCII or end a scalar (the block
    /// begins at the start of one), or passed the block before: none is
    /// C0, C1, E0, ED or F0 and above, and neither is any byte of a block
    /// that passes. So, where it matters, a byte before another is a lead
    /// of its continuation when it is C2…EF, and a byte two before when it
    /// is E0…EF: one range test each.
    @inline(__always)
    private static func blockIsWellFormed(at pointer: UnsafeRawPointer) -> Bool {
        let current = pointer.loadUnaligned(as: ByteLanes.self)
        let previous = (pointer - 1).loadUnaligned(as: ByteLanes.self)
        let beforePrevious = (pointer - 2).loadUnaligned(as: ByteLanes.self)
        // Continuation bytes: 0x80…0xBF (−128…−65).
        let isContinuation = current .< splat(-64)
        // Not judged here: C0 and C1 (−64, −63: overlong), E0 and ED (−32,
        // −19: their next byte is limited), F0 and above (−16…−1).
        let overlong = (current .> splat(-65)) .& (current .< splat(-62))
        let fourByte = (current .> splat(-17)) .& (current .< splat(0))
        let judged = .!(overlong .| fourByte .| (current .== splat(-32)) .| (current .== splat(-19)))
        let owned = ((previous .> splat(-63)) .& (previous .< splat(-16)))
            .| ((beforePrevious .> splat(-33)) .& (beforePrevious .< splat(-16)))
        let wellPlaced = judged .& .!(isContinuation .^ owned)
        let words = unsafeBitCast(wellPlaced, to: (UInt64, UInt64).self)
        return words.0 & words.1 == .max
    }

    /// From `start`, the start of a scalar with at least two bytes before
    /// it, past the blocks of sixteen bytes that pass; returns where the
    /// scalar check must go on: the start of the scalar that the first
    /// failing block (or the end of the text) cuts, or `start`.
    @inline(__always)
    static func endOfWellFormedBlocks(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = bytes.count
        guard start >= 2, let base = bytes.baseAddress else { return start }
        var i = start
        while i &+ 16 <= n, blockIsWellFormed(at: UnsafeRawPointer(base + i)) { i &+= 16 }
        guard i > start else { return start }
        // The blocks vouch for their continuations, not for a lead whose
        // continuations lie past them: the scalar check takes it again.
        let last = Int8(bitPattern: bytes[i - 1])
        if last >= -62 && last < -16 { return i - 1 }
        let beforeLast = Int8(bitPattern: bytes[i - 2])
        if beforeLast >= -32 && beforeLast < -16 { return i - 2 }
        return i
    }
}

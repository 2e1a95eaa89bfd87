// `FoldedText.isPlainlyNFC` sixteen bytes at a time.
//
// Every source is checked whole before it is folded, and French has an
// accent every twenty bytes or so: a scalar at a time, the check took a
// branch per accent that the processor mispredicted, about half of the
// fold's own time. In valid UTF-8 the scalars the check accepts (below
// U+0300, and U+2002…U+207F) are told by their bytes alone: no lead of
// U+0300…U+07FF (CC…DF), no three- or four-byte lead but E2, E2 followed
// by 80 or 81, and E2 80 followed by 82 or above. A block is judged with
// the two bytes before it (two more unaligned loads), so that a scalar cut
// by the block's start is judged by the lanes of its later bytes. Lanes
// are signed bytes compared vector against vector (see PlainStretch.swift).

extension FoldedText {
    private typealias Lanes = SIMD16<Int8>

    @inline(__always)
    private static func splat(_ value: Int8) -> Lanes { Lanes(repeating: value) }

    /// Whether no byte of the block at `pointer` belongs to a scalar
    /// `isPlainlyNFC` refuses, reading `pointer − 2` and `pointer − 1` too
    /// (bytes of the same valid text, or zeros before its start).
    @inline(__always)
    private static func blockIsPlainlyNFC(at pointer: UnsafeRawPointer) -> Bool {
        let current = pointer.loadUnaligned(as: Lanes.self)
        let previous = (pointer - 1).loadUnaligned(as: Lanes.self)
        let beforePrevious = (pointer - 2).loadUnaligned(as: Lanes.self)
        // Leads of U+0300…U+07FF: CC…DF (−52…−33).
        let marksAndBeyond = (current .> splat(-53)) .& (current .< splat(-32))
        // Three- and four-byte leads but E2: E0…FF (−32…−1) but −30.
        let otherLeads = (current .> splat(-33)) .& (current .< splat(0)) .& (current .!= splat(-30))
        // E2's second byte: 80 or 81 (−128, −127), else U+2040 and above…
        let eightyOrEightyOne = (current .== splat(-128)) .| (current .== splat(-127))
        let afterE2 = previous .== splat(-30)
        // …and after E2 80, 82 or above (U+2000 and U+2001 decompose).
        let afterE280 = (beforePrevious .== splat(-30)) .& (previous .== splat(-128))
        let refused = marksAndBeyond .| otherLeads .| (afterE2 .& .!eightyOrEightyOne)
            .| (afterE280 .& eightyOrEightyOne)
        let words = unsafeBitCast(refused, to: (UInt64, UInt64).self)
        return words.0 | words.1 == 0
    }

    /// `isPlainlyNFC` for valid UTF-8 of at least 18 bytes: the first block
    /// read after two zeros, then block after block, the last one ending
    /// at the end (overlapping the one before: the judgement is per byte).
    static func isPlainlyNFCByBlocks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        guard n >= 18, let base = bytes.baseAddress else { return isPlainlyNFCByScalars(bytes) }
        let first = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { head -> Bool in
            head[0] = 0
            head[1] = 0
            UnsafeMutableRawPointer(head.baseAddress! + 2).copyMemory(from: base, byteCount: 16)
            return blockIsPlainlyNFC(at: UnsafeRawPointer(head.baseAddress! + 2))
        }
        guard first else { return false }
        var i = 16
        while i &+ 16 <= n {
            guard blockIsPlainlyNFC(at: UnsafeRawPointer(base + i)) else { return false }
            i &+= 16
        }
        return i == n || blockIsPlainlyNFC(at: UnsafeRawPointer(base + (n - 16)))
    }
}

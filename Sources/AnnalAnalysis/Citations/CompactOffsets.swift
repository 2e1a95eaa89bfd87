/// A read-only array of 32-bit offsets stored in about 1.1 bytes each
/// instead of 4.
///
/// The folded copy of a source keeps two offsets per folded byte (where the
/// unit it comes from starts and ends); as plain `[UInt32]`s they took 8
/// bytes per byte of every source, most of `annal check`'s memory. Offsets
/// of nearby folded bytes are close, so values are stored in blocks of 64:
/// the block's smallest value, then one byte per value above it. A block
/// whose values spread over more than 255 (a long white space run folded to
/// one space) is kept whole, on 32 bits.
struct CompactOffsets: Sendable {
    private static let blockShift = 6
    private static let blockSize = 1 << blockShift

    let count: Int
    /// The smallest value of each block.
    private let bases: [UInt32]
    /// Each value minus its block's base (zero in wide blocks).
    private let deltas: [UInt8]
    /// For each block, where its values start in `wide`, or -1 when narrow.
    private let wideStarts: [Int32]
    private let wide: [UInt32]

    init(_ values: UnsafeBufferPointer<UInt32>) {
        count = values.count
        let blocks = (values.count + Self.blockSize - 1) >> Self.blockShift
        var bases = [UInt32](repeating: 0, count: blocks)
        var deltas = [UInt8](repeating: 0, count: values.count)
        var wideStarts = [Int32](repeating: -1, count: blocks)
        var wide: [UInt32] = []
        for block in 0..<blocks {
            let lower = block << Self.blockShift
            let upper = min(lower + Self.blockSize, values.count)
            var smallest = UInt32.max
            var largest: UInt32 = 0
            for index in lower..<upper {
                smallest = min(smallest, values[index])
                largest = max(largest, values[index])
            }
            bases[block] = smallest
            if largest - smallest <= 255 {
                for index in lower..<upper { deltas[index] = UInt8(values[index] - smallest) }
            } else {
                wideStarts[block] = Int32(wide.count)
                wide.append(contentsOf: values[lower..<upper])
            }
        }
        self.bases = bases
        self.deltas = deltas
        self.wideStarts = wideStarts
        self.wide = wide
    }

    /// The value at `index`, which must be in `0..<count`.
    @inline(__always)
    subscript(index: Int) -> UInt32 {
        let block = index >> Self.blockShift
        let wideStart = wideStarts[block]
        if wideStart >= 0 { return wide[Int(wideStart) + (index & (Self.blockSize - 1))] }
        return bases[block] + UInt32(deltas[index])
    }
}

/// The Levenshtein distance (unit costs) between two sequences of scalars,
/// by Myers' bit-vector algorithm, in blocks of 64 rows (the block form
/// Hyyrö and edlib describe; written from the recurrences).
///
/// A column of the edit-distance matrix is kept as the differences
/// between vertically adjacent cells (+1, 0 or −1), one bit per row in two
/// masks; a column of `b` updates 64 rows with a dozen word operations
/// instead of 64 cells. The global distance is the top cell of the last
/// column (its number) plus the differences down to the last row. Rows
/// past the end of `a` in the last block match nothing and, differences
/// flowing only downwards, change no row above them.
enum BitParallelDistance {
    static func distance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        let m = a.count
        guard m > 0 else { return b.count }
        guard !b.isEmpty else { return m }
        let rows = ScalarRowMasks(a)
        let blocks = rows.blocks
        // Column 0: cell r is r, every difference +1.
        var plus = [UInt64](repeating: ~0, count: blocks)
        var minus = [UInt64](repeating: 0, count: blocks)
        rows.words.withUnsafeBufferPointer { masks in
            plus.withUnsafeMutableBufferPointer { plus in
                minus.withUnsafeMutableBufferPointer { minus in
                    for scalar in b {
                        let eqBase = rows.wordOffset(of: scalar)
                        // Row 0 is the column's number: +1 a column.
                        var horizontal = 1
                        for k in 0..<blocks {
                            let pv = plus[k]
                            let mv = minus[k]
                            let inIsMinus: UInt64 = horizontal < 0 ? 1 : 0
                            let inIsPlus: UInt64 = horizontal > 0 ? 1 : 0
                            let xv = masks[eqBase + k] | mv
                            let eq = masks[eqBase + k] | inIsMinus
                            let xh = (((eq & pv) &+ pv) ^ pv) | eq
                            var ph = mv | ~(xh | pv)
                            var mh = pv & xh
                            horizontal = Int(ph >> 63) - Int(mh >> 63)
                            ph = (ph << 1) | inIsPlus
                            mh = (mh << 1) | inIsMinus
                            plus[k] = mh | ~(xv | ph)
                            minus[k] = ph & xv
                        }
                    }
                }
            }
        }
        var distance = b.count
        for k in 0..<blocks {
            let rows = min(64, m - k * 64)
            let live: UInt64 = rows == 64 ? ~0 : (1 << UInt64(rows)) - 1
            distance += (plus[k] & live).nonzeroBitCount - (minus[k] & live).nonzeroBitCount
        }
        return distance
    }
}

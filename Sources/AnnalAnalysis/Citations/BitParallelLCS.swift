/// The length of the longest common subsequence of two sequences of
/// scalars, by the bit-vector recurrence of Allison and Dix as Hyyrö
/// states it (written from the recurrence), in blocks of 64 rows.
///
/// One bit per row of `a`: a 0 marks a row where the common subsequence
/// so far grew. For each scalar of `b`, with `matches` the rows holding
/// it, `V ← (V + (V & matches)) | (V & ~matches)`, the addition carried
/// from block to block. The length is the number of 0 bits at the end.
/// About six word operations a block for each scalar of `b`.
enum BitParallelLCS {
    static func length(_ a: [UInt32], _ b: [UInt32]) -> Int {
        let m = a.count
        guard m > 0, !b.isEmpty else { return 0 }
        let rows = ScalarRowMasks(a)
        let blocks = rows.blocks
        var vector = [UInt64](repeating: ~0, count: blocks)
        rows.words.withUnsafeBufferPointer { masks in
            vector.withUnsafeMutableBufferPointer { vector in
                for scalar in b {
                    let base = rows.wordOffset(of: scalar)
                    var carry: UInt64 = 0
                    for k in 0..<blocks {
                        let v = vector[k]
                        let match = masks[base &+ k]
                        let (partial, overflowOne) = v.addingReportingOverflow(v & match)
                        let (sum, overflowTwo) = partial.addingReportingOverflow(carry)
                        carry = overflowOne || overflowTwo ? 1 : 0
                        vector[k] = sum | (v & ~match)
                    }
                }
            }
        }
        // Bits past the last row (in the last block) are not rows.
        var common = 0
        for k in 0..<blocks {
            let live = min(64, m - k * 64)
            let mask: UInt64 = live == 64 ? ~0 : (1 << UInt64(live)) - 1
            common += live - (vector[k] & mask).nonzeroBitCount
        }
        return common
    }
}

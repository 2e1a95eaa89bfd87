/// For a sequence of scalars laid out as the rows of a bit-parallel
/// matrix, the rows each scalar occupies: one bit per row, in words of 64
/// rows (`blocks` words per scalar). Shared by the bit-parallel distance
/// and common-subsequence lengths.
struct ScalarRowMasks {
    /// Words of 64 rows needed for the sequence.
    let blocks: Int
    /// `blocks` words per slot, slot after slot. Slot 0 is all zeros: the
    /// rows of every scalar the sequence does not contain.
    private(set) var words: [UInt64]
    private var asciiSlot = [Int32](repeating: 0, count: 128)
    private var otherSlot: [UInt32: Int] = [:]

    /// The masks of `rows`, which must not be empty.
    init(_ rows: [UInt32]) {
        blocks = (rows.count + 63) / 64
        words = [UInt64](repeating: 0, count: blocks)
        for (row, scalar) in rows.enumerated() {
            var slot = self.slot(of: scalar)
            if slot == 0 {
                slot = words.count / blocks
                words.append(contentsOf: repeatElement(0, count: blocks))
                if scalar < 128 { asciiSlot[Int(scalar)] = Int32(slot) } else { otherSlot[scalar] = slot }
            }
            words[slot * blocks + row / 64] |= 1 << UInt64(row % 64)
        }
    }

    /// Where `scalar`'s words start in `words`: `slot(of:) * blocks`.
    @inline(__always)
    func wordOffset(of scalar: UInt32) -> Int { slot(of: scalar) * blocks }

    @inline(__always)
    private func slot(of scalar: UInt32) -> Int {
        scalar < 128 ? Int(asciiSlot[Int(scalar)]) : otherSlot[scalar] ?? 0
    }
}

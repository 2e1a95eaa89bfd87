extension Array where Element == UInt32 {
    /// In an array of increasing offsets whose first is at most `offset`,
    /// the index of the last one at or before `offset` (binary search): the
    /// line of a byte in a table of line starts, the piece of a folded byte
    /// in a fold map. 0 when the array is empty.
    ///
    /// Inlinable and over the raw buffer: called across modules for every
    /// quote found (twice) and every line asked for, it cost about 500
    /// instructions a search as a bounds-checked call.
    @inlinable
    public func lastIndex(atOrBefore offset: Int) -> Int {
        withUnsafeBufferPointer { offsets in
            var low = 0
            var high = offsets.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if Int(offsets[middle]) <= offset { low = middle } else { high = middle - 1 }
            }
            return low
        }
    }
}

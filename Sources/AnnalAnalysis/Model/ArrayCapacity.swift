extension Array {
    /// The same elements in a buffer of just their size, for arrays grown
    /// by appending (which may double their capacity) and then kept. The
    /// elements are moved, not copied: a copy of an element holding an
    /// object retained it, and the old buffer released it again (two
    /// atomic counts for each of a file's references, 32,000 of them at
    /// mb5). The old buffer is left holding `placeholder`, which should
    /// hold no object, so that freeing it counts nothing either.
    mutating func removeSpareCapacity(leaving placeholder: Element) {
        guard capacity > count else { return }
        let count = self.count
        guard count > 0 else {
            self = []
            return
        }
        let trimmed = withUnsafeMutableBufferPointer { source in
            [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.baseAddress!.moveInitialize(from: source.baseAddress!, count: count)
                source.baseAddress!.initialize(repeating: placeholder, count: count)
                initialized = count
            }
        }
        self = trimmed
    }
}

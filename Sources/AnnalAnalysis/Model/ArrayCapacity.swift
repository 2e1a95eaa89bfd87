extension Array {
    /// The same elements in a buffer of just their size: for arrays grown
    /// by appending (which may double their capacity) and then kept.
    func withoutSpareCapacity() -> [Element] {
        guard capacity > count else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}

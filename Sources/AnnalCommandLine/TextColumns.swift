extension String {
    /// The string padded with spaces, or cut, to exactly `width` characters:
    /// one column of a table printed in a terminal.
    func padded(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}

extension StringProtocol {
    /// True when the text is empty or white space only, as
    /// `allSatisfy(\.isWhitespace)` says, but decided from the first bytes
    /// in the usual case: an ASCII byte that is not white space ends the
    /// search; characters are looked at only when a non-ASCII byte comes
    /// before any such byte. (Every quote is checked on every keystroke.)
    var isBlank: Bool {
        for byte in utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0..<0x80: return false
            default: return allSatisfy(\.isWhitespace)
            }
        }
        return true
    }
}

// A source folded for verdicts alone: whether a quote is in it once, several
// times or not at all, but not where. `annal check` asks nothing more of a
// quote it finds; folding without the map back to the original bytes, and
// reading none of it for each quote found, made a check of mb5 about 0.8 ms
// shorter (a thirtieth).
//
// Only plainly NFC text is folded so (`FoldedText.isPlainlyNFC`: every scalar
// below U+0300 or in U+2002…U+207F, as nearly every French source is). There
// every unit of the fold — a character, a run of white space, a ’ or a « —
// gives at most one folded scalar, and no scalar attaches to the one before
// it. A byte match of a folded quote (valid UTF-8) starts on a scalar, as its
// first byte is not a continuation byte, and so ends on one: it covers whole
// units and is followed by no mark, the two tests `QuoteMatcher.find` makes
// with the map. Each byte match is then an occurrence, and counting them
// gives the verdict the located search gives. Other text keeps its map
// (`FoldedText`).

/// The folded bytes of a plainly NFC source and their gram index, with the
/// original bytes kept for the located search a quote not found needs (its
/// closest passage is mapped back to the source).
struct UnmappedFold: Sendable {
    /// The source as loaded (valid UTF-8).
    let original: [UInt8]
    /// Its folded bytes: those `FoldedText(validUTF8:)` makes.
    let folded: [UInt8]
    /// Where quotes may start (`SampledGramIndex`); nil as in `FoldedText`.
    let gramIndex: SampledGramIndex?

    /// Folds `bytes` (valid UTF-8) without a map; nil when the text is not
    /// plainly NFC, whose units may give several scalars (a normalised
    /// segment) or be followed by a mark: it needs the map.
    init?(validUTF8 bytes: [UInt8]) {
        guard let folded = TextFolder.foldedBytesIfPlainlyNFC(validUTF8: bytes) else { return nil }
        original = bytes
        self.folded = folded
        gramIndex = SampledGramIndex(folded)
    }
}

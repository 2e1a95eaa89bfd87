// FuzzQuoteMatcher: the input is split at its first NUL byte into a source
// and a quote (no NUL: the first half is the source, the second the quote);
// invalid UTF-8 becomes U+FFFD. Properties:
// - every range found (one, or each of an ambiguous set) lies inside the
//   source, starts and ends on scalar boundaries, and the original text there
//   folds to the folded quote;
// - a closest passage lies inside the source, on scalar boundaries.
import AnnalAnalysis
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
    let source = String(decoding: bytes[..<split], as: UTF8.self)
    let quote = String(decoding: bytes[min(split + (split < bytes.count && bytes[split] == 0 ? 1 : 0), bytes.count)...], as: UTF8.self)
    let sourceBytes = Array(source.utf8)
    let foldedQuote = TextFolding.fold(quote)

    func checkBoundaries(_ range: Range<Int>, _ what: String) {
        if range.lowerBound < 0 || range.upperBound > sourceBytes.count {
            violated("\(what) range outside the source", "source: \(show(source)) quote: \(show(quote)) range \(range)")
        }
        for offset in [range.lowerBound, range.upperBound] where offset < sourceBytes.count {
            if sourceBytes[offset] & 0xC0 == 0x80 {
                violated("\(what) range not on a scalar boundary", "source: \(show(source)) quote: \(show(quote)) range \(range)")
            }
        }
    }
    func checkMatch(_ range: Range<Int>) {
        checkBoundaries(range, "match")
        if range.isEmpty { violated("an empty match", "source: \(show(source)) quote: \(show(quote))") }
        let original = String(decoding: sourceBytes[range], as: UTF8.self)
        let folded = TextFolding.fold(original)
        if folded != foldedQuote {
            violated("the matched text does not fold to the quote",
                     "source: \(show(source))\nquote: \(show(quote))\nrange \(range): \(show(original))\nfolded: \(show(folded))\nquote folded: \(show(foldedQuote))")
        }
    }

    switch QuoteMatcher.find(quote, inText: source) {
    case .found(let range):
        checkMatch(range)
    case .ambiguous(let ranges):
        if ranges.count < 2 { violated("ambiguous with fewer than two ranges") }
        for range in ranges { checkMatch(range) }
    case .notFound(let closest):
        if let closest {
            checkBoundaries(closest.range, "closest passage")
            if !(0...1).contains(closest.similarity) { violated("similarity outside 0...1: \(closest.similarity)") }
        }
    case .emptyQuote:
        if !foldedQuote.isEmpty { violated("empty quote reported for \(show(quote))") }
    }
    return 0
}

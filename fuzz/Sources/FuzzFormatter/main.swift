// FuzzFormatter: any text formats; properties, at two line widths:
// - formatting is idempotent: fmt(fmt(x)) == fmt(x);
// - formatting keeps the meaning: the model summary (declarations, fields,
//   values, events, citations, local diagnostics' messages) of fmt(x) is
//   that of x;
// - the formatted text still round-trips through the parser.
// Invalid UTF-8 is replaced by U+FFFD first: the formatter only ever gets
// text that was validated as UTF-8.
import AnnalAnalysis
import AnnalFormat
import AnnalSyntax
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    let before = FileAnalysis(path: "f.annal", text: text).meaningSummary
    for width in [100, 24] {
        let formatter = Formatter(options: FormatOptions(lineWidth: width))
        let once = formatter.format(text)
        let twice = formatter.format(once)
        if once != twice {
            violated("formatting is not idempotent (width \(width))",
                     "input: \(show(text))\nonce:  \(show(once))\ntwice: \(show(twice))")
        }
        let after = FileAnalysis(path: "f.annal", text: once).meaningSummary
        if before != after {
            violated("formatting changed the meaning (width \(width))",
                     "input: \(show(text))\nformatted: \(show(once))\nbefore:\n\(before)after:\n\(after)")
        }
        let tree = SyntaxTree.parse(once)
        if tree.printedBytes() != Array(once.utf8) { violated("the formatted text does not round-trip") }
    }
    return 0
}

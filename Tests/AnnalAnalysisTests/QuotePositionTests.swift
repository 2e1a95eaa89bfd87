import AnnalAnalysis
import AnnalSyntax
import Testing

/// A found quote maps back to the exact original bytes, and from there to
/// the right line and column in every encoding an editor may use.
@Suite struct QuotePositionTests {
    struct Case: Sendable, CustomStringConvertible {
        let source: String
        let quote: String
        /// The original text the match must cover.
        let matched: String
        let line: Int
        let utf8: Int
        let utf16: Int
        let utf32: Int
        var description: String { quote }
    }

    static let cases: [Case] = [
        // Astral characters before the match: 4 bytes, 2 UTF-16 units, 1 code point each.
        Case(source: "𝔸😀 l’Ouzbékistan « participe »", quote: "l'Ouzbékistan \"participe\"",
             matched: "l’Ouzbékistan « participe »", line: 0, utf8: 9, utf16: 5, utf32: 3),
        // On a later CRLF line, after NBSP and narrow NBSP.
        Case(source: "Titre\r\n\u{A0}\u{202F}En avril 2003\u{A0}: l’exercice", quote: "En avril 2003: l'exercice",
             matched: "En avril 2003\u{A0}: l’exercice", line: 1, utf8: 5, utf16: 2, utf32: 2),
        // A decomposed é (e + U+0301) in the source, composed in the quote.
        Case(source: "Le 😀 programme de de\u{301}fense – depuis 2007", quote: "défense - depuis",
             matched: "de\u{301}fense – depuis", line: 0, utf8: 21, utf16: 19, utf32: 18),
        // An astral character inside the matched passage.
        Case(source: "avant 𝔸 puis « le 𝔸 final »", quote: "\"le 𝔸 final\"",
             matched: "« le 𝔸 final »", line: 0, utf8: 16, utf16: 14, utf32: 13),
    ]

    @Test(arguments: cases)
    func foundRangeMapsToEveryEncoding(_ c: Case) {
        guard case .found(let range) = QuoteMatcher.find(c.quote, in: FoldedText(c.source)) else {
            Issue.record("quote not found once: \(c.quote)")
            return
        }
        let bytes = Array(c.source.utf8)
        #expect(String(decoding: bytes[range], as: UTF8.self) == c.matched)
        let index = LineIndex(c.source)
        #expect(index.position(of: range.lowerBound, in: .utf8) == LinePosition(line: c.line, column: c.utf8))
        #expect(index.position(of: range.lowerBound, in: .utf16) == LinePosition(line: c.line, column: c.utf16))
        #expect(index.position(of: range.lowerBound, in: .utf32) == LinePosition(line: c.line, column: c.utf32))
        // And back: each encoding's position leads to the same byte.
        for encoding in PositionEncoding.allCases {
            #expect(index.offset(of: index.position(of: range.lowerBound, in: encoding), in: encoding) == range.lowerBound)
            #expect(index.offset(of: index.position(of: range.upperBound, in: encoding), in: encoding) == range.upperBound)
        }
    }
}

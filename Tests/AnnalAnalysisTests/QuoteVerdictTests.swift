import AnnalTestSupport
import Foundation
import Testing
@testable import AnnalAnalysis

// A batch check asks its sources for verdicts only (found once, several
// times, not at all) and folds a plainly NFC source without the map back to
// its bytes (UnmappedFold.swift): every verdict must be the one the located
// search gives, closest passage included.

@Suite struct QuoteVerdictTests {
    /// Pieces of French prose, all plainly NFC: words, typographic
    /// punctuation, white space of every kind.
    private static let plainPieces: [String] = [
        "l’OTAN", "l'OTAN", "PfP", "paix", "pour", "la", "paix", "Cœur", "œuvre", "sécurité", "é", "Å", "–", "—", "-",
        "«", "»", "“", "”", "\"", "'", "’", "?", ":", ";", "!", ".", ",", "a", "aa", "b", "•", "›",
        " ", " ", "  ", "\u{A0}", "\u{202F}", "\u{2009}", "\n", "\n\n", "\t", "\r\n",
    ]
    /// Pieces a quarter of the sources mix in: scalars that are not
    /// plainly NFC (marks, NFD, a singleton, Hangul, an emoji) and two
    /// that are. A lone mark attaches to whatever piece comes before it:
    /// a quote ending there matches bytes but not whole characters.
    private static let otherPieces: [String] = [
        "se\u{301}curite\u{301}", "e\u{301}", "\u{212B}", "q\u{307}", "각", "😀", "ʼ", "\u{307}", "\u{323}", "q",
    ]

    private static func generate(_ generator: inout SplitMix64, pieces count: Int, plainOnly: Bool) -> String {
        var result = ""
        for _ in 0..<count {
            let fromOthers = !plainOnly && Int.random(in: 0..<4, using: &generator) == 0
            result += (fromOthers ? otherPieces : plainPieces).randomElement(using: &generator)!
        }
        return result
    }

    /// A quote for `source`: a stretch of its scalars (which may stop
    /// before a mark), its white space and punctuation sometimes retyped;
    /// or pieces that may be anywhere.
    private static func quote(for source: String, _ generator: inout SplitMix64) -> String {
        let scalars = Array(source.unicodeScalars)
        guard !scalars.isEmpty, Int.random(in: 0..<4, using: &generator) != 0 else {
            return generate(&generator, pieces: Int.random(in: 1...3, using: &generator), plainOnly: false)
        }
        let lower = Int.random(in: 0..<scalars.count, using: &generator)
        let upper = Int.random(in: lower...min(scalars.count, lower + 24), using: &generator)
        var quote = String(String.UnicodeScalarView(scalars[lower..<upper]))
        if Bool.random(using: &generator) {
            quote = quote.replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "\n", with: " ")
        }
        return quote
    }

    private enum Kind: Hashable { case found, ambiguous, notFound, empty }

    private static func kind(_ verdict: QuoteVerdict) -> Kind {
        switch verdict {
        case .found: .found
        case .ambiguous: .ambiguous
        case .notFound: .notFound
        case .emptyQuote: .empty
        }
    }

    @Test func verdictsAreThoseOfTheLocatedSearch() {
        var generator = SplitMix64(seed: 20_261_207)
        var seen: [Kind: Int] = [:]
        var withoutMap = 0
        for round in 0..<600 {
            // Repeated pieces make quotes that occur several times.
            let pieceCount = Int.random(in: 0...60, using: &generator)
            let source = Self.generate(&generator, pieces: pieceCount, plainOnly: round % 4 != 0)
            let loads: [SourceLoad] = [.utf8(Array(source.utf8)), .text(source)]
            for load in loads {
                let located = SourceDocument(path: "s.txt", load: load, remembersSearches: false)
                let forVerdicts = SourceDocument(path: "s.txt", load: load, remembersSearches: false, folding: .forVerdicts)
                if forVerdicts.isFoldedWithoutMap { withoutMap += 1 }
                for _ in 0..<4 {
                    let quote = Array(Self.quote(for: source, &generator).utf8)
                    let expected = located.find(utf8: quote).map(QuoteVerdict.init)
                    let verdict = forVerdicts.verdict(utf8: quote)
                    #expect(verdict == expected, "\(String(decoding: quote, as: UTF8.self).debugDescription) in \(source.debugDescription)")
                    if let verdict { seen[Self.kind(verdict), default: 0] += 1 }
                }
            }
        }
        // Every kind of verdict was asked for, from folds with and without a map.
        #expect(seen[.found, default: 0] > 300 && seen[.ambiguous, default: 0] > 100)
        #expect(seen[.notFound, default: 0] > 100 && seen[.empty, default: 0] > 10)
        #expect(withoutMap > 500 && withoutMap < 1150, "\(withoutMap) of 1,200 documents folded without a map")
    }

    /// In text that is not plainly NFC a byte match may cut a unit: here
    /// ẹ́ (e, dot below, acute) composes to ẹ followed by the acute, and a
    /// quote ẹ matches its bytes, but not a whole character. Such a text
    /// keeps its map, and the quote is found once, where it stands alone.
    @Test func aTextThatIsNotPlainlyNFCKeepsItsMap() {
        let source = "Le signe e\u{323}\u{301} est rare ; \u{1EB9} aussi."
        let quote = Array("\u{1EB9}".utf8)
        #expect(UnmappedFold(validUTF8: Array(source.utf8)) == nil)
        let folded = FoldedText(validUTF8: Array(source.utf8))
        #expect(QuoteMatcher.occurrences(ofFolded: quote, in: folded).count == 1)
        #expect(folded.folded.count(ofSubsequence: quote) == 2, "two byte matches, one of them inside ẹ́")
        let document = SourceDocument(path: "s.txt", load: .utf8(Array(source.utf8)), folding: .forVerdicts)
        #expect(!document.isFoldedWithoutMap)
        #expect(document.verdict(utf8: quote) == .found)
    }

    @Test func aPlainlyNFCTextIsFoldedWithoutItsMapForVerdictsOnly() throws {
        let source = "En 2004, l’OTAN « ouvre » un centre\u{A0}: la paix.\nPuis la paix ; encore la paix !"
        for load in [SourceLoad.utf8(Array(source.utf8)), .text(source)] {
            let forVerdicts = SourceDocument(path: "s.txt", load: load, folding: .forVerdicts)
            let located = SourceDocument(path: "s.txt", load: load)
            #expect(forVerdicts.isFoldedWithoutMap)
            #expect(!located.isFoldedWithoutMap)
            #expect(!SourceDocument(path: "s.txt", load: load, folding: .none).isFoldedWithoutMap)
            // The located search is still there, on a fold made for it.
            #expect(try #require(forVerdicts.folded).folded == located.folded?.folded)
            #expect(forVerdicts.find(utf8: Array("l'OTAN".utf8)) == located.find(utf8: Array("l'OTAN".utf8)))
            #expect(forVerdicts.verdict(utf8: Array("ouvre".utf8)) == .found)
            #expect(forVerdicts.verdict(utf8: Array("la paix".utf8)) == .ambiguous(count: 3))
            #expect(forVerdicts.verdict(utf8: Array(" \n ".utf8)) == .emptyQuote)
        }
    }

    @Test func aQuoteNotFoundGetsTheClosestPassageOfTheLocatedSearch() throws {
        let source = "En 2004, l’OTAN a ouvert à Astana un centre de formation « défense ».\nLe centre accueille des officiers."
        let quote = Array("l'OTAN a ouvert à Almaty un centre de formation".utf8)
        let document = SourceDocument(path: "s.txt", load: .utf8(Array(source.utf8)), folding: .forVerdicts)
        let located = try #require(SourceDocument(path: "s.txt", load: .utf8(Array(source.utf8))).find(utf8: quote))
        guard case .notFound(let closest?) = located else {
            Issue.record("expected a closest passage, got \(located)")
            return
        }
        #expect(document.verdict(utf8: quote) == .notFound(closest: closest))
        #expect(document.text(of: closest.range)?.hasPrefix("l’OTAN a ouvert à Astana") == true)
    }

    @Test func passagesOfTextAndByteLoadsAgree() {
        let source = "Le 12 mai 2004, l’accord fut signé."
        let asText = SourceDocument(path: "s.txt", load: .text(source))
        let asBytes = SourceDocument(path: "s.txt", load: .utf8(Array(source.utf8)), folding: .none)
        let count = source.utf8.count
        for range in [0..<2, 3..<11, 16..<25, 0..<count, count..<count] {
            #expect(asText.text(of: range) == asBytes.text(of: range))
            #expect(asText.text(of: range) == String(decoding: Array(source.utf8)[range], as: UTF8.self))
        }
        for outside in [-1..<2, 0..<(count + 1)] {
            #expect(asText.text(of: outside) == nil && asBytes.text(of: outside) == nil)
        }
        #expect(SourceDocument(path: "s.txt", load: .missing).text(of: 0..<0) == nil)
    }
}

private extension Array where Element == UInt8 {
    /// How many times `pattern` occurs, overlaps included.
    func count(ofSubsequence pattern: [UInt8]) -> Int {
        guard !pattern.isEmpty, pattern.count <= count else { return 0 }
        return (0...(count - pattern.count)).filter { self[$0..<($0 + pattern.count)].elementsEqual(pattern) }.count
    }
}

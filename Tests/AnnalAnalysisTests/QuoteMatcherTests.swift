import Foundation
import Testing
import AnnalAnalysis
import AnnalTestSupport

// Quote matching: folding (NFC, apostrophes, quotes, dashes, white space,
// French spacing), exact original byte ranges, ambiguity, the closest passage
// when nothing matches, and robustness on odd and large inputs.

// MARK: - Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The original text of a byte range of `source`.
private func slice(_ source: String, _ range: Range<Int>) -> String {
    String(decoding: bytes(source)[range], as: UTF8.self)
}

private func folded(_ text: String) -> [UInt8] { FoldedText(text).folded }

/// The UTF-8 offsets where a `Character` of `text` starts, plus the end.
private func characterBoundaries(_ text: String) -> Set<Int> {
    var result: Set<Int> = [text.utf8.count]
    var offset = 0
    for character in text {
        result.insert(offset)
        offset += character.utf8.count
    }
    return result
}

/// Every range lies in the source, starts and ends on scalar boundaries, and
/// its original text folds to the folded quote. Returns the failures.
private func rangeProblems(_ ranges: [Range<Int>], source: String, quote: String) -> [String] {
    let sourceBytes = bytes(source)
    let foldedQuote = folded(quote)
    var problems: [String] = []
    for range in ranges {
        guard range.lowerBound >= 0, range.upperBound <= sourceBytes.count, !range.isEmpty else {
            problems.append("range \(range) outside source of \(sourceBytes.count) bytes")
            continue
        }
        if sourceBytes[range.lowerBound] & 0xC0 == 0x80 { problems.append("range \(range) starts inside a character") }
        if range.upperBound < sourceBytes.count, sourceBytes[range.upperBound] & 0xC0 == 0x80 {
            problems.append("range \(range) ends inside a character")
        }
        if folded(slice(source, range)) != foldedQuote {
            problems.append("range \(range) text \(slice(source, range).debugDescription) does not fold to the quote")
        }
    }
    return problems
}

private let kazakhstan = """
Les relations entre l’OTAN et le Kazakhstan ont commencé en 1992, lorsque le pays a rejoint \
le Conseil de coopération nord-atlantique. La coopération pratique a débuté en 1995, \
lorsque le Kazakhstan a adhéré au Partenariat pour la paix (PPP).

Le Kazakhstan accueille chaque année les exercices militaires « Steppe Eagle » depuis 2006. \
Le KAZCENT a été reconnu comme centre de formation et d’entraînement des partenariats en \
décembre 2010 ; deux cours de l’ONU y ont été certifiés en 2018.

Le pays participe à la plateforme d’interopérabilité depuis 2014. Il a pris part à cinq \
exercices de gestion des conséquences entre 2003 et 2012 – et a accueilli l’exercice \
« ZHETSYU » près d’Almaty en 2009.
"""

@Suite("Quote matcher")
struct QuoteMatcherTests {
    // MARK: - Found exactly once

    struct FoundCase: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let quote: String
        /// The original text the match must cover, exactly.
        let expected: String
        var testDescription: String { name }
    }

    private static let foundCases: [FoundCase] = [
        FoundCase(name: "curly apostrophe in source, straight in quote",
                  source: "Les relations entre l’OTAN et le pays", quote: "l'OTAN et le", expected: "l’OTAN et le"),
        FoundCase(name: "straight apostrophe in source, curly in quote",
                  source: "Les relations entre l'OTAN et le pays", quote: "l’OTAN et le", expected: "l'OTAN et le"),
        FoundCase(name: "left quote, modifier letter and prime apostrophes",
                  source: "d‘abord, dʼailleurs, l′OTAN", quote: "d'abord, d'ailleurs, l'OTAN", expected: "d‘abord, dʼailleurs, l′OTAN"),
        FoundCase(name: "guillemets with NBSP found by plain quotes",
                  source: "la formation «\u{A0}défense\u{A0}» (DEEP)", quote: "\"défense\"", expected: "«\u{A0}défense\u{A0}»"),
        FoundCase(name: "guillemets with narrow NBSP found by English quotes",
                  source: "les exercices «\u{202F}Steppe Eagle\u{202F}» depuis", quote: "“Steppe Eagle”", expected: "«\u{202F}Steppe Eagle\u{202F}»"),
        FoundCase(name: "spaced guillemets in quote, plain quotes in source",
                  source: "la formation \"défense\" (DEEP)", quote: "« défense »", expected: "\"défense\""),
        FoundCase(name: "text inside guillemets excludes the folded spaces",
                  source: "Le « partenariat  pour la paix »", quote: "partenariat pour la paix", expected: "partenariat  pour la paix"),
        FoundCase(name: "low double quote and English closing quote",
                  source: "die Übung „Steppe Eagle“ fand", quote: "\"Steppe Eagle\"", expected: "„Steppe Eagle“"),
        FoundCase(name: "en dash",
                  source: "de 2013 – 2017, le bureau", quote: "2013 - 2017", expected: "2013 – 2017"),
        FoundCase(name: "em dash",
                  source: "l’œuvre continue — toujours.", quote: "continue - toujours", expected: "continue — toujours"),
        FoundCase(name: "non-breaking hyphen",
                  source: "le gazoduc Turkménistan‑Afghanistan‑Pakistan‑Inde", quote: "Turkménistan-Afghanistan", expected: "Turkménistan‑Afghanistan"),
        FoundCase(name: "blank lines, spaces and tabs inside the match",
                  source: "ont commencé\n\n\n   en 1992\t\tlorsque le pays", quote: "commencé en 1992 lorsque", expected: "commencé\n\n\n   en 1992\t\tlorsque"),
        FoundCase(name: "white space inside and around the quote",
                  source: "a commencé en 1992.", quote: "  \n commencé\ten\n1992 \n", expected: "commencé en 1992"),
        FoundCase(name: "CRLF line ending and thin space",
                  source: "12\u{2009}ans\r\nde travail", quote: "12 ans de", expected: "12\u{2009}ans\r\nde"),
        FoundCase(name: "NFD source, NFC quote",
                  source: "la se\u{301}curite\u{301} e\u{301}nerge\u{301}tique.", quote: "sécurité énergétique",
                  expected: "se\u{301}curite\u{301} e\u{301}nerge\u{301}tique"),
        FoundCase(name: "NFC source, NFD quote",
                  source: "la sécurité énergétique.", quote: "se\u{301}curite\u{301} e\u{301}nerge\u{301}tique",
                  expected: "sécurité énergétique"),
        FoundCase(name: "oe ligature kept",
                  source: "mais l’œuvre continue", quote: "l'œuvre", expected: "l’œuvre"),
        FoundCase(name: "space before question mark optional in quote",
                  source: "Pourquoi ? Parce que", quote: "Pourquoi?", expected: "Pourquoi ?"),
        FoundCase(name: "space before question mark optional in source",
                  source: "Pourquoi? Parce que", quote: "Pourquoi ?", expected: "Pourquoi?"),
        FoundCase(name: "NBSP before colon",
                  source: "trois domaines\u{A0}: la sécurité", quote: "domaines: la", expected: "domaines\u{A0}: la"),
        FoundCase(name: "narrow NBSP before semicolon",
                  source: "en 2010\u{202F}; deux cours", quote: "2010; deux", expected: "2010\u{202F}; deux"),
        FoundCase(name: "space before exclamation mark",
                  source: "Bravo ! dit-il", quote: "Bravo!", expected: "Bravo !"),
        FoundCase(name: "inside guillemets with NBSP, quote without guillemets",
                  source: "« Asie centrale + États-Unis »", quote: "Asie centrale + États-Unis", expected: "Asie centrale + États-Unis"),
        FoundCase(name: "singleton NFC (angstrom sign)",
                  source: "une longueur de 3 \u{212B} environ", quote: "3 Å", expected: "3 \u{212B}"),
        FoundCase(name: "Hangul jamo source, precomposed quote",
                  source: "x \u{1100}\u{1161}\u{11A8} y", quote: "각", expected: "\u{1100}\u{1161}\u{11A8}"),
    ]

    @Test("found exactly once, with the exact original range", arguments: foundCases)
    func foundOnce(_ c: FoundCase) throws {
        let result = QuoteMatcher.find(c.quote, in: FoldedText(c.source))
        guard case .found(let range) = result else {
            Issue.record("expected found, got \(result)")
            return
        }
        #expect(slice(c.source, range) == c.expected)
        let expectedStart = try #require(c.source.range(of: c.expected, options: .literal))
        #expect(range.lowerBound == c.source.utf8.distance(from: c.source.startIndex, to: expectedStart.lowerBound))
        #expect(rangeProblems([range], source: c.source, quote: c.quote).isEmpty)
    }

    // MARK: - Exact byte ranges around multi-byte and astral characters

    struct ByteRangeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let quote: String
        let range: Range<Int>
        let text: String
        var testDescription: String { name }
    }

    private static let byteRangeCases: [ByteRangeCase] = [
        // "😀 Le " is 4 + 1 + 2 + 1 = 8 bytes; "PfP 😀 en" is 3 + 1 + 4 + 1 + 2 = 11.
        ByteRangeCase(name: "emoji before and inside", source: "😀 Le PfP 😀 en 1994", quote: "PfP 😀 en",
                      range: 8..<19, text: "PfP 😀 en"),
        // "Ensemble " is 9 bytes; "𝔸 et 𝔹" is 4 + 1 + 2 + 1 + 4 = 12.
        ByteRangeCase(name: "mathematical letters", source: "Ensemble 𝔸 et 𝔹.", quote: "𝔸 et 𝔹",
                      range: 9..<21, text: "𝔸 et 𝔹"),
        // "Turkménistan" is 13 bytes, "–" 3; "États-Unis" is 11.
        ByteRangeCase(name: "accent and en dash before", source: "Turkménistan–États-Unis", quote: "États-Unis",
                      range: 16..<27, text: "États-Unis"),
        // "😀😀«\u{A0}" is 4 + 4 + 2 + 2 = 12 bytes; the match is "𝔸’s" (4 + 3 + 1).
        ByteRangeCase(name: "astral letter with curly apostrophe after guillemet", source: "😀😀«\u{A0}𝔸’s\u{A0}»", quote: "𝔸's",
                      range: 12..<20, text: "𝔸’s"),
        // NFD "e\u{301}" is 3 bytes; "😀 " 5 more: the match starts at 8.
        ByteRangeCase(name: "NFD before an emoji", source: "e\u{301}😀 café😀", quote: "café😀",
                      range: 8..<17, text: "café😀"),
        // U+212A KELVIN SIGN (3 bytes) is NFC "K": the match covers all of it.
        ByteRangeCase(name: "singleton NFC to ASCII", source: "T = 300 \u{212A}.", quote: "300 K",
                      range: 4..<11, text: "300 \u{212A}"),
        // The match ends on a composed segment: "cafe\u{301}" is 6 bytes.
        ByteRangeCase(name: "match ends on a decomposed accent", source: "𝔸 cafe\u{301} noir", quote: "café",
                      range: 5..<11, text: "cafe\u{301}"),
    ]

    @Test("exact byte ranges around multi-byte characters", arguments: byteRangeCases)
    func exactByteRanges(_ c: ByteRangeCase) {
        let result = QuoteMatcher.find(c.quote, in: FoldedText(c.source))
        #expect(result == .found(c.range))
        if c.range.upperBound <= c.source.utf8.count {
            #expect(String(decoding: bytes(c.source)[c.range], as: UTF8.self) == c.text)
        }
    }

    // MARK: - Ambiguous

    struct AmbiguousCase: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let quote: String
        let texts: [String]
        var testDescription: String { name }
    }

    private static let ambiguousCases: [AmbiguousCase] = [
        AmbiguousCase(name: "overlapping occurrences", source: "aaa", quote: "aa", texts: ["aa", "aa"]),
        AmbiguousCase(name: "mixed apostrophes", source: "l’OTAN, puis l'OTAN et l′OTAN", quote: "l'OTAN",
                      texts: ["l’OTAN", "l'OTAN", "l′OTAN"]),
        AmbiguousCase(name: "guillemets and plain quotes", source: "« défense » et \"défense\"", quote: "\"défense\"",
                      texts: ["« défense »", "\"défense\""]),
        AmbiguousCase(name: "NFC and NFD occurrences", source: "été, e\u{301}te\u{301}", quote: "été",
                      texts: ["été", "e\u{301}te\u{301}"]),
    ]

    @Test("ambiguous: every occurrence, in order", arguments: ambiguousCases)
    func ambiguous(_ c: AmbiguousCase) {
        let result = QuoteMatcher.find(c.quote, in: FoldedText(c.source))
        guard case .ambiguous(let ranges) = result else {
            Issue.record("expected ambiguous, got \(result)")
            return
        }
        #expect(ranges.map { slice(c.source, $0) } == c.texts)
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.lowerBound < $1.lowerBound })
        #expect(rangeProblems(ranges, source: c.source, quote: c.quote).isEmpty)
    }

    @Test func overlappingRangesAreExact() {
        #expect(QuoteMatcher.find("aa", in: FoldedText("aaa")) == .ambiguous([0..<2, 1..<3]))
        #expect(QuoteMatcher.find("😀😀", in: FoldedText("😀😀😀")) == .ambiguous([0..<8, 4..<12]))
    }

    // MARK: - Not found (folding changes no meaning)

    struct NotFoundCase: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let quote: String
        var testDescription: String { name }
    }

    private static let notFoundCases: [NotFoundCase] = [
        NotFoundCase(name: "case differs", source: "le partenariat pour la paix", quote: "Partenariat pour la paix"),
        NotFoundCase(name: "oe ligature is not oe", source: "l’œuvre continue", quote: "l'oeuvre"),
        NotFoundCase(name: "accents are kept", source: "la sécurité", quote: "la securite"),
        NotFoundCase(name: "mark attached to the last character", source: "q\u{307} et r", quote: "q"),
        NotFoundCase(name: "decomposed accent is part of the letter", source: "cafe\u{301}", quote: "cafe"),
        NotFoundCase(name: "mark inside a composed letter", source: "e\u{301}\u{323}", quote: "\u{301}"),
        NotFoundCase(name: "hyphen is not removed", source: "nord-atlantique", quote: "nord atlantique"),
        NotFoundCase(name: "white space is not optional between words", source: "pour la paix", quote: "pourla paix"),
        NotFoundCase(name: "white space after a closing guillemet is kept", source: "« PPP » et", quote: "\"PPP\"et"),
    ]

    @Test("not found", arguments: notFoundCases)
    func notFound(_ c: NotFoundCase) {
        let result = QuoteMatcher.find(c.quote, in: FoldedText(c.source))
        guard case .notFound(let closest) = result else {
            Issue.record("expected notFound, got \(result)")
            return
        }
        let passage = closest
        #expect(passage != nil)
        if let passage {
            #expect(passage.similarity >= 0 && passage.similarity < 1)
        }
    }

    // MARK: - Empty quote and empty source

    @Test("empty quotes", arguments: ["", " ", "\n\t \u{A0}\u{202F}\r\n"])
    func emptyQuote(_ quote: String) {
        #expect(QuoteMatcher.find(quote, in: FoldedText("du texte")) == .emptyQuote)
        #expect(QuoteMatcher.find(quote, in: FoldedText("")) == .emptyQuote)
    }

    @Test("empty sources give no closest passage", arguments: ["", "   \n\u{A0} "])
    func emptySource(_ source: String) {
        #expect(QuoteMatcher.find("PfP", in: FoldedText(source)) == .notFound(closest: nil))
    }

    // MARK: - Closest passage

    struct ClosestCase: Sendable, CustomTestStringConvertible {
        let name: String
        let quote: String
        /// Text the passage must contain (in its original form).
        let contains: String
        var testDescription: String { name }
    }

    private static let closestCases: [ClosestCase] = [
        ClosestCase(name: "typo in one word",
                    quote: "lorsque le Kazakhstan a adhéré au Partenariat pour la paxi",
                    contains: "lorsque le Kazakhstan a adhéré au Partenariat pour la paix"),
        ClosestCase(name: "missing word",
                    quote: "les exercices militaires « Steppe Eagle » 2006",
                    contains: "exercices militaires « Steppe Eagle » depuis 2006"),
        ClosestCase(name: "accents dropped",
                    quote: "plateforme d'interoperabilite depuis 2014",
                    contains: "plateforme d’interopérabilité depuis 2014"),
        ClosestCase(name: "case changed",
                    quote: "Deux Cours De L'ONU",
                    contains: "deux cours de l’ONU"),
        ClosestCase(name: "words swapped",
                    quote: "l’exercice « ZHETSYU » d'Almaty près en 2009",
                    contains: "l’exercice « ZHETSYU » près d’Almaty en 2009"),
        ClosestCase(name: "wrong year",
                    quote: "La coopération pratique a débuté en 1994",
                    contains: "La coopération pratique a débuté en 1995"),
    ]

    @Test("closest passage points at the right sentence", arguments: closestCases)
    func closestPassage(_ c: ClosestCase) throws {
        let result = QuoteMatcher.find(c.quote, in: FoldedText(kazakhstan))
        guard case .notFound(let closest) = result else {
            Issue.record("expected notFound, got \(result)")
            return
        }
        let passage = try #require(closest)
        let original = slice(kazakhstan, passage.range)
        #expect(original.contains(c.contains), "passage was \(original.debugDescription)")
        #expect(passage.range.count < c.contains.utf8.count + 40)
        #expect(passage.similarity > 0.6 && passage.similarity < 1)
        #expect(passage.text.count <= ClosestPassage.maximumTextLength)
        #expect(rangeProblems([passage.range], source: kazakhstan, quote: original).isEmpty)
    }

    @Test func closestPassageTextIsCollapsedAndCut() throws {
        let source = "Début.\n\n  Le   pays\u{A0}participe\tà la\n\nplateforme.  " + String(repeating: "Encore du texte très long ", count: 20)
        let quote = "Le pays participe à la plateforme" + String(repeating: " Encore du texte très lon", count: 8)
        guard case .notFound(let closest) = QuoteMatcher.find(quote, in: FoldedText(source)) else {
            Issue.record("expected notFound")
            return
        }
        let passage = try #require(closest)
        #expect(passage.text.hasPrefix("Le pays participe à la plateforme. Encore"))
        #expect(passage.text.count == ClosestPassage.maximumTextLength)
        #expect(passage.text.hasSuffix("…"))
        #expect(!passage.text.contains("  ") && !passage.text.contains("\n") && !passage.text.contains("\u{A0}"))
    }

    @Test func closestPassageForShortQuotes() throws {
        guard case .notFound(let closest) = QuoteMatcher.find("PfP", in: FoldedText("Le PPP et le pfp.")) else {
            Issue.record("expected notFound")
            return
        }
        let passage = try #require(closest)
        #expect(passage.text == "pfp")
        #expect(passage.similarity > 0 && passage.similarity < 1)
    }

    // MARK: - Folding itself

    struct FoldCase: Sendable, CustomTestStringConvertible {
        let input: String
        let output: String
        var testDescription: String { input.debugDescription }
    }

    private static let foldCases: [FoldCase] = [
        FoldCase(input: "  l’OTAN\u{A0}:\n\n« défense »  ", output: "l'OTAN: \"défense\""),
        FoldCase(input: "a\u{2009}\u{2009}b\u{3000}c\u{85}d", output: "a b c d"),
        FoldCase(input: "« \u{A0} »", output: "\"\""),
        FoldCase(input: "« a » b « c »", output: "\"a\" b \"c\""),
        FoldCase(input: "“a” „b“ ‘c’", output: "\"a\" \"b\" 'c'"),
        FoldCase(input: "a – b — c ‑ d", output: "a - b - c - d"),
        FoldCase(input: "Cœur ŒUVRE", output: "Cœur ŒUVRE"),
        FoldCase(input: "e\u{301}\u{323} \u{1100}\u{1161}", output: "\u{1EB9}\u{301} \u{AC00}"),
        FoldCase(input: "\u{301}", output: "\u{301}"),
    ]

    @Test("folding", arguments: foldCases)
    func folding(_ c: FoldCase) {
        #expect(TextFolding.fold(c.input) == c.output)
    }

    // MARK: - Robustness

    @Test("odd inputs neither crash nor hang", arguments: [
        "\u{301}", "\u{301}\u{301}\u{327}", " \u{301}", "«", "»", "« »", " ? ", "\u{FFFD}", "\u{0}\u{1}\u{7F}",
        "a" + String(repeating: "\u{301}", count: 1000), String(repeating: "\u{1161}", count: 500), "🇫🇷👩‍👩‍👧", "\u{FEFF}x",
    ])
    func oddInputs(_ text: String) {
        let source = FoldedText("x " + text + " y " + text)
        for quote in [text, "x " + text, text + " y", "zz"] {
            let result = QuoteMatcher.find(quote, in: source)
            switch result {
            case .found(let range): #expect(rangeProblems([range], source: source.original, quote: quote).isEmpty)
            case .ambiguous(let ranges): #expect(rangeProblems(ranges, source: source.original, quote: quote).isEmpty)
            case .notFound, .emptyQuote: break
            }
        }
        _ = QuoteMatcher.find("x", in: FoldedText(text))
        _ = QuoteMatcher.find(text, in: FoldedText(""))
    }

    @Test func quoteLongerThanSource() {
        let result = QuoteMatcher.find("le partenariat pour la paix et au-delà", in: FoldedText("la paix"))
        guard case .notFound(let closest) = result else {
            Issue.record("expected notFound, got \(result)")
            return
        }
        #expect(closest?.range == 0..<7)
    }

    @Test func largeInputsStayFast() throws {
        let paragraph = "Le Kazakhstan a rejoint le Partenariat pour la paix en 1995 ; l’OTAN et le pays coopèrent depuis 1992. "
        var parts: [String] = []
        var size = 0
        var index = 0
        while size < 1_000_000 {
            let part = paragraph.replacingOccurrences(of: "1995", with: String(index)) + "\n\n"
            parts.append(part)
            size += part.utf8.count
            index += 1
        }
        let text = parts.joined()
        let clock = ContinuousClock()
        var source: FoldedText?
        let foldTime = clock.measure { source = FoldedText(text) }
        let folded = try #require(source)
        let target = paragraph.replacingOccurrences(of: "1995", with: String(index / 2))
        var found: QuoteSearchResult?
        let findTime = clock.measure { found = QuoteMatcher.find(target.replacingOccurrences(of: "’", with: "'"), in: folded) }
        guard case .found(let range) = found else {
            Issue.record("expected found, got \(String(describing: found))")
            return
        }
        #expect(slice(text, range) == target.trimmingCharacters(in: .whitespaces))
        var missing: QuoteSearchResult?
        let typo = target.replacingOccurrences(of: "rejoint", with: "rejiont")
        let closestTime = clock.measure { missing = QuoteMatcher.find(typo, in: folded) }
        guard case .notFound(let closest) = missing, let passage = closest else {
            Issue.record("expected notFound with a passage")
            return
        }
        #expect(slice(text, passage.range).contains(String(index / 2)))
        let worstCase = FoldedText(String(repeating: "a", count: 1_000_000))
        let worstTime = clock.measure { _ = QuoteMatcher.find(String(repeating: "a", count: 199) + "b", in: worstCase) }
        // Generous bounds (debug builds are much slower than release); they
        // catch quadratic behaviour, which would take minutes here.
        #expect(foldTime < .seconds(5))
        #expect(findTime < .seconds(2))
        #expect(closestTime < .seconds(5))
        #expect(worstTime < .seconds(5))
    }

    @Test func decomposedLargeSourceIsLinear() {
        // Foundation NFC on this whole text would be quadratic (seconds).
        let text = String(repeating: "Le Kazakhstan a adhe\u{301}re\u{301} au Partenariat. ", count: 25_000)
        let clock = ContinuousClock()
        var source: FoldedText?
        let time = clock.measure { source = FoldedText(text) }
        #expect(time < .seconds(5))
        if let source {
            #expect(source.foldedString.hasPrefix("Le Kazakhstan a adhéré au Partenariat. Le"))
        }
    }

    // MARK: - Properties over generated inputs

    private static let pieces: [String] = [
        "l’OTAN", "l'OTAN", "PfP", "paix", "pour", "la", "Cœur", "œuvre", "sécurité", "se\u{301}curite\u{301}",
        "é", "e\u{301}", "Å", "\u{212B}", "q\u{307}", "\u{1100}\u{1161}", "각", "😀", "𝔸", "–", "—", "-", "‑",
        "«", "»", "“", "”", "„", "\"", "'", "’", "ʼ", "?", ":", ";", "!", ".", ",", "a", "aa", "b",
        " ", " ", "  ", "\u{A0}", "\u{202F}", "\u{2009}", "\n", "\n\n", "\t", "\r\n",
    ]

    private static func generate(_ generator: inout SplitMix64, pieces count: Int) -> String {
        var result = ""
        for _ in 0..<count { result += Self.pieces.randomElement(using: &generator)! }
        return result
    }

    /// The same text with each apostrophe, quote and dash replaced by another
    /// of its kind, and NFC or NFD applied.
    private static func retyped(_ text: String, _ generator: inout SplitMix64) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "’", "'", "ʼ", "‘", "′": result += ["'", "’", "ʼ"].randomElement(using: &generator)!
            case "–", "—", "‑": result += ["–", "—", "‑", "-"].randomElement(using: &generator)!
            case "“", "”", "„": result += ["\"", "“", "”"].randomElement(using: &generator)!
            case "\u{A0}", "\u{202F}", "\u{2009}", "\t": result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return Bool.random(using: &generator) ? result.decomposedStringWithCanonicalMapping : result.precomposedStringWithCanonicalMapping
    }

    /// A source read from disk is folded from its bytes (`.utf8`), one
    /// given as a `String` (an editor's buffer) from the string: both must
    /// fold, map back and search alike, NFD and odd spaces included.
    @Test func bytesAndStringsFoldAndSearchAlike() {
        var generator = SplitMix64(seed: 20_261_205)
        for round in 0..<300 {
            var source = Self.generate(&generator, pieces: Int.random(in: 0...40, using: &generator))
            if round % 3 == 0 { source = source.decomposedStringWithCanonicalMapping }
            let fromString = FoldedText(source)
            let fromBytes = FoldedText(validUTF8: Array(source.utf8))
            #expect(fromBytes.folded == fromString.folded, "\(source.debugDescription)")
            #expect(fromBytes.original == source)
            for index in 0..<fromString.count {
                #expect(fromBytes.originalStart(ofFolded: index) == fromString.originalStart(ofFolded: index))
                #expect(fromBytes.originalEnd(ofFolded: index) == fromString.originalEnd(ofFolded: index))
            }
            let characters = Array(source)
            guard !characters.isEmpty else { continue }
            let lower = Int.random(in: 0..<characters.count, using: &generator)
            let quote = String(characters[lower..<min(characters.count, lower + 8)])
            let asText = SourceDocument(path: "s.txt", load: .text(source), remembersSearches: false)
            let asBytes = SourceDocument(path: "s.txt", load: .utf8(Array(source.utf8)), remembersSearches: false)
            #expect(asBytes.find(quote) == asText.find(quote), "\(quote.debugDescription) in \(source.debugDescription)")
            #expect(asBytes.text == source)
        }
    }

    @Test func generatedQuotesAreFoundOnCharacterBoundaries() {
        var generator = SplitMix64(seed: 20_240_601)
        var checkedMatches = 0
        for _ in 0..<400 {
            let source = Self.generate(&generator, pieces: Int.random(in: 1...40, using: &generator))
            let characters = Array(source)
            let lower = Int.random(in: 0..<characters.count, using: &generator)
            let upper = Int.random(in: lower...min(characters.count, lower + 12), using: &generator)
            var quote = String(characters[lower..<upper])
            if Bool.random(using: &generator) { quote = Self.retyped(quote, &generator) }
            let result = QuoteMatcher.find(quote, in: FoldedText(source))
            let ranges: [Range<Int>]
            switch result {
            case .found(let range): ranges = [range]
            case .ambiguous(let all): ranges = all
            case .emptyQuote:
                #expect(folded(quote).isEmpty)
                continue
            case .notFound:
                Issue.record("\(quote.debugDescription) not found in \(source.debugDescription)")
                continue
            }
            checkedMatches += ranges.count
            #expect(rangeProblems(ranges, source: source, quote: quote).isEmpty,
                    "\(quote.debugDescription) in \(source.debugDescription)")
            let boundaries = characterBoundaries(source)
            for range in ranges {
                #expect(boundaries.contains(range.lowerBound) && boundaries.contains(range.upperBound),
                        "\(range) of \(quote.debugDescription) in \(source.debugDescription)")
            }
        }
        #expect(checkedMatches > 300)
    }

    @Test func generatedRandomQuotesGiveConsistentResults() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let source = Self.generate(&generator, pieces: Int.random(in: 0...30, using: &generator))
            let quote = Self.generate(&generator, pieces: Int.random(in: 1...3, using: &generator))
            let folder = FoldedText(source)
            switch QuoteMatcher.find(quote, in: folder) {
            case .found(let range):
                #expect(rangeProblems([range], source: source, quote: quote).isEmpty)
            case .ambiguous(let ranges):
                #expect(ranges.count > 1)
                #expect(rangeProblems(ranges, source: source, quote: quote).isEmpty)
            case .notFound(let closest):
                if let passage = closest {
                    #expect(passage.range.lowerBound >= 0 && passage.range.upperBound <= source.utf8.count)
                    #expect(rangeProblems([passage.range], source: source, quote: slice(source, passage.range)).isEmpty)
                    #expect(passage.similarity >= 0 && passage.similarity <= 1)
                } else {
                    #expect(folder.count == 0)
                }
            case .emptyQuote:
                #expect(folded(quote).isEmpty)
            }
        }
    }

    /// Every overlapping occurrence, found by trying every offset.
    private static func naiveOccurrences(_ pattern: [UInt8], in text: [UInt8]) -> [Range<Int>] {
        guard !pattern.isEmpty, pattern.count <= text.count else { return [] }
        return (0...(text.count - pattern.count)).filter { Array(text[$0..<($0 + pattern.count)]) == pattern }
            .map { $0..<($0 + pattern.count) }
    }

    @Test func occurrencesMatchANaiveSearchOnRepetitiveText() {
        // Two-letter texts give dozens of overlapping occurrences, past the
        // point where the search changes algorithm.
        var generator = SplitMix64(seed: 99)
        var longest = 0
        for round in 0..<300 {
            // Every third text is almost all "a": searching it for "aaaa…"
            // exhausts the skip search's budget and ends in the linear one.
            let length = Int.random(in: 1...1500, using: &generator)
            let shareOfA = round % 3 == 0 ? 0.98 : 0.5
            let text = (0..<length).map { _ in
                Double.random(in: 0..<1, using: &generator) < shareOfA ? UInt8(ascii: "a") : UInt8(ascii: "b")
            }
            let patternLength = Int.random(in: 1...6, using: &generator)
            let pattern = round % 3 == 0
                ? [UInt8](repeating: UInt8(ascii: "a"), count: patternLength)
                : (0..<patternLength).map { _ in Bool.random(using: &generator) ? UInt8(ascii: "a") : UInt8(ascii: "b") }
            let source = String(decoding: text, as: UTF8.self)
            let quote = String(decoding: pattern, as: UTF8.self)
            let found = QuoteMatcher.occurrences(of: FoldedText(quote), in: FoldedText(source))
            let expected = Self.naiveOccurrences(pattern, in: text)
            let same = found == expected
            #expect(same, "\(quote) in \(text.count) bytes: \(found.count) found, \(expected.count) expected")
            longest = max(longest, expected.count)
        }
        #expect(longest > 1000)
    }

    /// Long quotes over small and larger alphabets: the search by triples
    /// enters only a quote's last 255 triples in its table, and hashes them
    /// into 1,024 entries (collisions shorten moves, never lengthen them).
    @Test func longQuotesMatchANaiveSearch() {
        var generator = SplitMix64(seed: 2026)
        var found = 0
        for round in 0..<240 {
            let alphabet = [2, 3, 4, 8, 26][round % 5]
            let length = Int.random(in: 3...5000, using: &generator)
            let text = (0..<length).map { _ in UInt8(ascii: "a") + UInt8(Int.random(in: 0..<alphabet, using: &generator)) }
            let patternLength = min(length, [3, 4, 17, 64, 255, 256, 257, 258, 600][round % 9])
            let start = Int.random(in: 0...(length - patternLength), using: &generator)
            var pattern = Array(text[start..<(start + patternLength)])
            if round % 4 == 3 {  // one byte changed: found elsewhere or not at all
                let at = Int.random(in: 0..<patternLength, using: &generator)
                pattern[at] = UInt8(ascii: "a") + UInt8(Int.random(in: 0..<alphabet, using: &generator))
            }
            let occurrences = QuoteMatcher.occurrences(of: FoldedText(String(decoding: pattern, as: UTF8.self)),
                                                       in: FoldedText(String(decoding: text, as: UTF8.self)))
            let expected = Self.naiveOccurrences(pattern, in: text)
            #expect(occurrences == expected, "round \(round): \(pattern.count) bytes in \(text.count)")
            found += expected.count
        }
        #expect(found > 240)
    }

    @Test func foldingIsCanonicalAndIdempotent() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let text = Self.generate(&generator, pieces: Int.random(in: 0...30, using: &generator))
            let once = FoldedText(text)
            let foldedText = once.foldedString
            #expect(FoldedText(text.decomposedStringWithCanonicalMapping).folded == once.folded, "\(text.debugDescription)")
            #expect(FoldedText(text.precomposedStringWithCanonicalMapping).folded == once.folded, "\(text.debugDescription)")
            #expect(Array(foldedText.precomposedStringWithCanonicalMapping.utf8) == once.folded, "not NFC: \(foldedText.debugDescription)")
            #expect(TextFolding.fold(foldedText) == foldedText, "not idempotent: \(text.debugDescription)")
            #expect(!foldedText.hasPrefix(" ") && !foldedText.hasSuffix(" ") && !foldedText.contains("  "))
            #expect(!foldedText.unicodeScalars.contains { $0 != " " && $0.properties.isWhitespace })
            #expect(!foldedText.contains { "’‘ʼ′«»“”„–—‑".contains($0) })
            // Every folded byte maps into the original text, in order.
            var previousStart = 0
            for index in 0..<once.count {
                let start = once.originalStart(ofFolded: index)
                let end = once.originalEnd(ofFolded: index)
                #expect(start >= previousStart && start < end && end <= text.utf8.count)
                previousStart = start
            }
        }
    }
}

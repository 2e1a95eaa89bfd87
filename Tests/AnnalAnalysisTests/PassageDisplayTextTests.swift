import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

/// The closest passage's display text by scalars (the fast path) against
/// the same text by the standard library's characters, on random passages
/// mixing what joins into one character (combining marks, joiners, flags,
/// CR LF, variation selectors) with what never does.
@Suite struct PassageDisplayTextTests {
    static let pieces = [
        "a", "Z", "7", ",", "é", "ț", "œ", "’", "«", "»", "–", "…", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{A0}", "\u{202F}",
        "\u{2009}", "\u{2028}", "\u{AD}", "e\u{301}", "\u{301}", "\u{200D}", "\u{200C}", "\u{200B}", "\u{2060}",
        "‼", "\u{FE0F}", "👍", "👍🏽", "\u{1F1EB}\u{1F1F7}", "\u{1F1EB}", "Ω", "한", "\u{1100}\u{1161}", "ष्",
    ]

    /// The first pieces, each one character whatever comes next.
    static let plainPieces = 22

    /// A random text of up to `maximumPieces` pieces: on even rounds plain
    /// pieces only (the fast path), on odd ones a piece of any kind one
    /// time in eight.
    static func randomText(round: Int, maximumPieces: Int, _ generator: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<Int(generator.next() % UInt64(maximumPieces)) {
            let plain = round % 2 == 0 || generator.next() % 8 != 0
            text += pieces[Int(generator.next() % UInt64(plain ? plainPieces : pieces.count))]
        }
        return text
    }

    /// Whether `text` takes the scalar path.
    static func takesScalarPath(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { ClosestPassage.collapsedScalars($0, cutAt: nil) } != nil
    }

    @Test func scalarsAgreeWithCharacters() {
        var generator = SplitMix64(seed: 0xD15_7E47)
        var fastPathTaken = 0
        for round in 0..<4_000 {
            // Long enough, often, to be cut at 120 characters.
            let text = Self.randomText(round: round, maximumPieces: 200, &generator)
            let bytes = Array(text.utf8)
            guard !bytes.isEmpty else { continue }
            let expected = ClosestPassage.displayTextByCharacters(of: bytes, range: 0..<bytes.count)
            let shown = ClosestPassage.displayText(of: bytes, range: 0..<bytes.count)
            if Self.takesScalarPath(text) { fastPathTaken += 1 }
            #expect(Array(shown.utf8) == Array(expected.utf8), "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(fastPathTaken > 2_000, "the fast path was taken \(fastPathTaken) times")
    }

    @Test func cutAtTheLimitWithoutTrailingSpace() {
        // "ab " then "mot " runs: the 119th character kept is a space,
        // which the cut drops before adding "…".
        let words = "ab  " + Array(repeating: "mot", count: 60).joined(separator: "  \n")
        let bytes = Array(words.utf8)
        let shown = ClosestPassage.displayText(of: bytes, range: 0..<bytes.count)
        #expect(shown.count == ClosestPassage.maximumTextLength - 1)
        #expect(shown.hasSuffix("t…") && !shown.contains("  "))
        #expect(shown == ClosestPassage.displayTextByCharacters(of: bytes, range: 0..<bytes.count))
    }
}

/// The replacement offered for a quote not found has its white space
/// collapsed: by scalars when no scalar can join a neighbour, the same
/// text as by characters.
@Suite struct CollapseWhiteSpaceTests {
    @Test func scalarsAgreeWithCharacters() {
        var generator = SplitMix64(seed: 0xC011)
        var fastPathTaken = 0
        for round in 0..<4_000 {
            let text = PassageDisplayTextTests.randomText(round: round, maximumPieces: 60, &generator)
            if PassageDisplayTextTests.takesScalarPath(text) { fastPathTaken += 1 }
            let expected = CitationRule.collapseWhiteSpaceByCharacters(text)
            #expect(Array(CitationRule.collapseWhiteSpace(text).utf8) == Array(expected.utf8),
                    "round \(round): \(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(fastPathTaken > 2_000, "the fast path was taken \(fastPathTaken) times")
    }
}

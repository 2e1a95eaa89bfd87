@testable import AnnalAnalysis
import Testing

/// `isBlank` answers as `allSatisfy(\.isWhitespace)` does, for small and
/// large strings, substrings, ASCII and other white space.
@Suite struct BlankTests {
    static let texts: [String] = [
        "", " ", "\t\n\r\u{0B}\u{0C}", "                    ", "x", "  x", "\u{A0}", "\u{A0}x", " \u{2009} ",
        " \u{2009}é", "é", "\u{0085}", "                                \u{3000}", "                                y",
        "\u{1F}", " \u{7F}", "\r\n\r\n", "« »", " \u{301}",
    ]

    @Test(arguments: texts)
    func blankAsCharactersSay(_ text: String) {
        #expect(text.isBlank == text.allSatisfy(\.isWhitespace), "\(text.debugDescription)")
        let inside = "x" + text + "x"
        let substring = inside.dropFirst().dropLast()
        #expect(substring.isBlank == substring.allSatisfy(\.isWhitespace), "substring \(text.debugDescription)")
        #expect(Array(text.utf8).isBlankUTF8 == text.allSatisfy(\.isWhitespace), "bytes \(text.debugDescription)")
    }

    /// Texts that open with a scalar of one, two, three or four bytes,
    /// white space or not: decided by that scalar or, for white space, by
    /// the characters.
    @Test func bytesOpeningWithAnyScalarAnswerAsCharactersDo() {
        let openings: [String] = ["\u{A0}", "\u{85}", "é", "«", "\u{2009}", "\u{3000}", "\u{2019}", "\u{1F600}", "\u{301}", "\u{200D}"]
        let rests = ["", " ", "x", " \u{301}", "\u{A0}"]
        for opening in openings {
            for rest in rests {
                let text = opening + rest
                #expect(Array(text.utf8).isBlankUTF8 == text.allSatisfy(\.isWhitespace), "\(text.debugDescription)")
            }
        }
    }

    @Test func someAreAndSomeAreNot() {
        #expect("".isBlank && " \t\n".isBlank && "\u{A0}\u{2009}".isBlank)
        #expect(!"x".isBlank && !"  \u{A0}y".isBlank && !"\u{1F}".isBlank)
    }
}

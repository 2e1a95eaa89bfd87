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
    }

    @Test func someAreAndSomeAreNot() {
        #expect("".isBlank && " \t\n".isBlank && "\u{A0}\u{2009}".isBlank)
        #expect(!"x".isBlank && !"  \u{A0}y".isBlank && !"\u{1F}".isBlank)
    }
}

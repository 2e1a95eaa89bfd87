import AnnalSyntax
import AnnalTestSupport
import Testing

@Suite struct LineIndexTests {
    /// `a𐐀b` (𐐀 is astral: 4 UTF-8 bytes, 2 UTF-16 units, 1 scalar), then
    /// `é` on a CRLF line, a lone CR line, and a last line without a break.
    static let text = "a𐐀b\r\nxé!\rlast"

    struct Case: Sendable, CustomStringConvertible {
        let offset: Int
        let line: Int
        let utf8: Int
        let utf16: Int
        let utf32: Int
        var description: String { "offset \(offset)" }
    }

    static let cases: [Case] = [
        Case(offset: 0, line: 0, utf8: 0, utf16: 0, utf32: 0),
        Case(offset: 1, line: 0, utf8: 1, utf16: 1, utf32: 1),   // before 𐐀
        Case(offset: 5, line: 0, utf8: 5, utf16: 3, utf32: 2),   // before b
        Case(offset: 6, line: 0, utf8: 6, utf16: 4, utf32: 3),   // before \r\n
        Case(offset: 8, line: 1, utf8: 0, utf16: 0, utf32: 0),   // x
        Case(offset: 9, line: 1, utf8: 1, utf16: 1, utf32: 1),   // é
        Case(offset: 11, line: 1, utf8: 3, utf16: 2, utf32: 2),  // !
        Case(offset: 13, line: 2, utf8: 0, utf16: 0, utf32: 0),  // after lone \r
        Case(offset: 17, line: 2, utf8: 4, utf16: 4, utf32: 4),  // end of text
    ]

    @Test(arguments: cases)
    func offsetToPositionAndBack(_ c: Case) {
        let index = LineIndex(Self.text)
        #expect(index.position(of: c.offset, in: .utf8) == LinePosition(line: c.line, column: c.utf8))
        #expect(index.position(of: c.offset, in: .utf16) == LinePosition(line: c.line, column: c.utf16))
        #expect(index.position(of: c.offset, in: .utf32) == LinePosition(line: c.line, column: c.utf32))
        #expect(index.offset(of: LinePosition(line: c.line, column: c.utf8), in: .utf8) == c.offset)
        #expect(index.offset(of: LinePosition(line: c.line, column: c.utf16), in: .utf16) == c.offset)
        #expect(index.offset(of: LinePosition(line: c.line, column: c.utf32), in: .utf32) == c.offset)
    }

    @Test func lineBreakKinds() {
        let index = LineIndex(Self.text)
        #expect((0..<index.lineCount).map(index.lineStart) == [0, 8, 13])
        #expect(index.lineCount == 3)
        #expect(String(decoding: index.lineBytes(1), as: UTF8.self) == "xé!")
    }

    @Test func clampsAndSnaps() {
        let index = LineIndex(Self.text)
        // Inside the surrogate pair of 𐐀 (UTF-16 column 2): snaps to its start.
        #expect(index.offset(of: LinePosition(line: 0, column: 2), in: .utf16) == 1)
        // Past the end of a line: the line's end, before the break.
        #expect(index.offset(of: LinePosition(line: 0, column: 99), in: .utf16) == 6)
        // Past the last line: the end of the text.
        #expect(index.offset(of: LinePosition(line: 9, column: 0), in: .utf16) == 17)
        #expect(index.offset(of: LinePosition(line: -1, column: 0), in: .utf16) == 0)
        // Offsets out of range clamp.
        #expect(index.position(of: 1000, in: .utf16) == LinePosition(line: 2, column: 4))
        // An offset between \r and \n counts as the end of the line.
        #expect(index.position(of: 7, in: .utf16) == LinePosition(line: 0, column: 4))
    }

    @Test func emptyText() {
        let index = LineIndex("")
        #expect(index.lineCount == 1)
        #expect(index.position(of: 0, in: .utf16) == LinePosition(line: 0, column: 0))
        #expect(index.offset(of: LinePosition(line: 0, column: 5), in: .utf8) == 0)
    }
}

/// A batch check keeps each file's line starts without its text
/// (`droppingText()`): lines must answer exactly as with the text.
@Suite struct LineIndexWithoutTextTests {
    static let texts = [LineIndexTests.text, "", "one line", "a\n\nb\r\n\r\rc\n", "é\u{1F600}\n\u{301}x\r\n"]

    @Test(arguments: texts)
    func linesAreTheSameWithoutTheText(_ text: String) {
        let whole = LineIndex(text)
        let lines = whole.droppingText()
        #expect(lines.lineCount == whole.lineCount)
        #expect(lines.textLength == whole.bytes.count)
        for offset in -1...(whole.bytes.count + 2) {
            #expect(lines.line(of: offset) == whole.line(of: offset), "offset \(offset)")
        }
        for line in 0..<whole.lineCount {
            #expect(lines.lineStart(line) == whole.lineStart(line))
        }
    }

    @Test(arguments: texts)
    func restoringTheTextAnswersAsTheWholeIndex(_ text: String) {
        let whole = LineIndex(text)
        let restored = whole.droppingText().restoringText(Array(text.utf8))
        #expect(restored.holdsText)
        #expect(restored.bytes == whole.bytes)
        #expect(restored.lineCount == whole.lineCount)
        for offset in 0...whole.bytes.count {
            #expect(restored.position(of: offset, in: .utf16) == whole.position(of: offset, in: .utf16), "offset \(offset)")
        }
        for line in 0..<whole.lineCount {
            #expect(restored.lineBytes(line) == whole.lineBytes(line))
        }
    }

    /// An index updated for a replacement has the lines of the new text,
    /// whatever line breaks (LF, CR LF, lone CR) the replacement adds,
    /// removes or splits, at the start, the end or inside.
    @Test func replacingBytesGivesTheIndexOfTheNewText() {
        var random = SplitMix64(seed: 0x11DE)
        let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], Array("ab".utf8), Array("é".utf8), Array("x\ny".utf8), []]
        func piece() -> [UInt8] { pieces[Int(random.next() % UInt64(pieces.count))] }
        var bytes: [UInt8] = []
        for _ in 0..<12 { bytes += piece() }
        var index = LineIndex(bytes: bytes)
        for step in 0..<3000 {
            let lower = Int(random.next() % UInt64(bytes.count + 1))
            let upper = lower + Int(random.next() % UInt64(min(4, bytes.count - lower) + 1))
            var replacement: [UInt8] = []
            for _ in 0..<Int(random.next() % 3) { replacement += piece() }
            var newBytes = bytes
            newBytes.replaceSubrange(lower..<upper, with: replacement)
            let updated = index.replacing(lower..<upper, in: newBytes)
            let fresh = LineIndex(bytes: newBytes)
            let same = updated.lineCount == fresh.lineCount && (0..<fresh.lineCount).allSatisfy { updated.lineStart($0) == fresh.lineStart($0) }
            #expect(same, "step \(step): \(bytes) with \(lower)..<\(upper) → \(replacement)")
            if !same { break }
            // Keep the text short: start again past 60 bytes.
            (bytes, index) = newBytes.count > 60 ? (Array(newBytes.prefix(8)), LineIndex(bytes: Array(newBytes.prefix(8)))) : (newBytes, updated)
        }
    }

    @Test func restoringATextOfAnotherLengthFindsItsLines() {
        let restored = LineIndex("a\nb").droppingText().restoringText(Array("a\nb\nc\n".utf8))
        #expect(restored.lineCount == 4)
        #expect(restored.lineBytes(2) == ArraySlice("c".utf8))
    }

    @Test func withoutTheTextColumnsCountBytesAndLinesHaveNoContent() {
        let lines = LineIndex(LineIndexTests.text).droppingText()
        #expect(!lines.holdsText)
        #expect(lines.bytes.isEmpty)
        // `é` starts at byte 9, one byte into line 1 (which starts at 8);
        // `!` at 11: three bytes in, though two characters.
        #expect(lines.position(of: 11, in: .utf32) == LinePosition(line: 1, column: 3))
        #expect(lines.position(of: 99, in: .utf16) == LinePosition(line: 2, column: 4))
        #expect(lines.lineBytes(1).isEmpty)
        #expect(lines.offset(of: LinePosition(line: 1, column: 2), in: .utf8) == 8)
        #expect(LineIndex("").droppingText().holdsText, "an empty text is not lost by dropping it")
    }

    /// Line starts read from a parsed tree's newline tokens are those the
    /// bytes give, whatever the text: line breaks of every kind, inside
    /// and after strings (closed or not), comments, a byte order mark.
    @Test func theLinesOfATreeAreTheLinesOfItsBytes() {
        var generator = SplitMix64(seed: 0x11E5)
        let pieces = ["\n", "\r\n", "\r", "\r\r\n", "\"", "\"quote\"", "\\", "# note", " ", "\t", "event", "{", "}", "=",
                      "[", "]", ",", "é", "’", "2004-05", "cite", "\u{FEFF}", "\n\n"]
        for round in 0..<500 {
            var text = round % 9 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<Int(generator.next() % 40) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let bytes = Array(text.utf8)
            let fromTree = LineIndex(tree: SyntaxTree.parse(text))
            let fromBytes = LineIndex(bytes: bytes)
            #expect(fromTree.lineCount == fromBytes.lineCount, "round \(round): \(text.debugDescription)")
            guard fromTree.lineCount == fromBytes.lineCount else { continue }
            for line in 0..<fromTree.lineCount where fromTree.lineStart(line) != fromBytes.lineStart(line) {
                Issue.record("round \(round), line \(line): \(text.debugDescription)")
            }
            #expect(fromTree.bytes == bytes)
        }
    }

    /// A tree parsed whole takes the line starts its lexer recorded; a
    /// tree spliced by a block reparse has none and its index reads them
    /// from its tokens. Both give the lines of the bytes.
    @Test func theLinesOfAReparsedTreeAreTheLinesOfItsBytes() {
        var generator = SplitMix64(seed: 0xB10C)
        let base = "relation r {\n  event 2004 {\n    kind = visit\n    cite s \"a\"\n  }\n}\n"
        let insertions = ["\n", "\r\n", "x", "\n    summary = \"é\"", "\r", "  "]
        var incremental = 0
        for round in 0..<300 {
            let tree = SyntaxTree.parse(base)
            let bytes = Array(base.utf8)
            let at = Int(generator.next() % UInt64(bytes.count))
            let insertion = Array(insertions[Int(generator.next() % UInt64(insertions.count))].utf8)
            let reparse = tree.reparse(applying: ByteEdit(range: at..<at, replacement: insertion))
            if reparse.block != nil { incremental += 1 }
            let newBytes = Array(bytes[..<at]) + insertion + Array(bytes[at...])
            let fromTree = LineIndex(tree: reparse.tree)
            let fromBytes = LineIndex(bytes: newBytes)
            #expect((0..<fromTree.lineCount).map(fromTree.lineStart) == (0..<fromBytes.lineCount).map(fromBytes.lineStart),
                    "round \(round)")
        }
        #expect(incremental > 50)
    }
}

import AnnalFileSystem
import AnnalSyntax

/// One file's text as a report reads it: where its lines start, and its
/// bytes, either whole (in the line index) or as the pieces read again
/// around the lines the report shows (`TextPieces`). Pieces are read in
/// place, a line at a time: put together into a whole text of zeros and
/// pieces, as the report first did, every file with a finding cost a text
/// of its length written out (at 5 MB, some 4 MB set and copied on the
/// report's one core).
struct ReportText {
    /// Where the lines start; holds the text itself when it was kept or
    /// read again whole.
    let lines: LineIndex
    /// The pieces read again, when the text was not kept whole.
    private let pieces: TextPieces?

    init(_ lines: LineIndex, pieces: TextPieces? = nil) {
        self.lines = lines
        self.pieces = lines.holdsText ? nil : pieces
    }

    /// Whether the bytes are known: without them, columns count bytes and
    /// there is no excerpt.
    var holdsText: Bool { lines.holdsText || pieces != nil }

    /// The bytes of one line, without its line break (as
    /// `LineIndex.lineBytes`; from pieces, zeros where none was read).
    func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard let pieces else { return lines.lineBytes(line) }
        let line = min(max(line, 0), lines.lineCount - 1)
        let start = lines.lineStart(line)
        guard line + 1 < lines.lineCount else { return pieces.bytes(in: start..<lines.textLength)[...] }
        var bytes = pieces.bytes(in: start..<lines.lineStart(line + 1))[...]
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }

    /// The line and column of a byte offset (as `LineIndex.position`).
    func position(of offset: Int, in encoding: PositionEncoding) -> LinePosition {
        guard pieces != nil else { return lines.position(of: offset, in: encoding) }
        let offset = min(max(offset, 0), lines.textLength)
        let line = lines.line(of: offset)
        let content = lineBytes(line)
        let end = min(offset - lines.lineStart(line), content.count)
        return LinePosition(line: line, column: LineIndex.units(content.prefix(end), encoding))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Units in which a column is counted.
public enum PositionEncoding: String, Sendable, Hashable, CaseIterable {
    /// Bytes of UTF-8.
    case utf8 = "utf-8"
    /// UTF-16 code units (an astral character counts two): the LSP default.
    case utf16 = "utf-16"
    /// Unicode scalars (code points).
    case utf32 = "utf-32"
}

/// A zero-based line and column.
public struct LinePosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: LinePosition, rhs: LinePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// Converts byte offsets to line/column positions and back, in UTF-8,
/// UTF-16 or code points. Lines end at `\n`, `\r\n` or a lone `\r`.
///
/// This is the one place that knows how columns are counted; the server
/// and the command line both go through it.
public struct LineIndex: Sendable {
    /// The text; empty after `droppingText()`.
    public let bytes: [UInt8]
    /// Byte offset where each line starts; the first is 0. On 32 bits: a
    /// batch check keeps the index of every file (texts are far below
    /// 4 GiB: files are refused past 16 MiB, protocol messages past 64 MiB).
    private let lineStarts: [UInt32]
    /// The length of the text in bytes, kept when the text is dropped.
    public let textLength: Int

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        lineStarts = Self.lineStarts(of: bytes)
        textLength = bytes.count
    }

    private init(lineStarts: [UInt32], textLength: Int) {
        bytes = []
        self.lineStarts = lineStarts
        self.textLength = textLength
    }

    /// The same lines without the text, for a batch check that keeps every
    /// file's index until its report: `line(of:)`, `lineStart` and
    /// `lineCount` answer as before; columns, line contents and offsets
    /// need the text (`position(of:in:)` then counts bytes from the start
    /// of the line).
    public func droppingText() -> LineIndex {
        holdsText ? LineIndex(lineStarts: lineStarts, textLength: textLength) : self
    }

    /// The index with its text again: `bytes` must be the text it was
    /// built from (a report re-reads a file it checked and compares
    /// fingerprints first); its line starts are kept, not found again.
    /// A text of another length gets an index of its own.
    public func restoringText(_ bytes: [UInt8]) -> LineIndex {
        guard bytes.count == textLength else { return LineIndex(bytes: bytes) }
        return LineIndex(bytes: bytes, lineStarts: lineStarts)
    }

    /// The index of a parsed text, its line breaks read from the tree's
    /// newline tokens: the lexer makes one token of each `\n`, `\r\n` and
    /// lone `\r`, and no other token holds a line break (comments and
    /// strings end before one). Four instructions a token where the scan
    /// of the bytes (`lineStarts(of:)`) was a `memchr` call a line.
    /// A tree parsed whole hands over the starts its lexer recorded.
    public init(tree: SyntaxTree) {
        let bytes = tree.bytes
        if let starts = tree.lineStartsFromLexer {
            self.init(bytes: bytes, lineStarts: starts)
            return
        }
        var starts: [UInt32] = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        tree.tokens.withUnsafeBufferPointer { tokens in
            for token in tokens where token.kind == .newline {
                starts.append(token.start &+ token.length)
            }
        }
        self.init(bytes: bytes, lineStarts: starts)
    }

    private init(bytes: [UInt8], lineStarts: [UInt32]) {
        self.bytes = bytes
        self.lineStarts = lineStarts
        textLength = bytes.count
    }

    /// The index of `newBytes`, this index's text with the bytes at
    /// `replaced` replaced by `newBytes[replaced.lowerBound..<replaced.upperBound + delta]`
    /// (`delta`: new length minus old): the lines before and after the
    /// replacement are kept (those after moved), only those it touches are
    /// found again. The server re-indexes the edited file on every
    /// keystroke; scanning the whole text was 1.3 M instructions in a
    /// 20,000-line file.
    public func replacing(_ replaced: Range<Int>, in newBytes: [UInt8]) -> LineIndex {
        let delta = newBytes.count - textLength
        let newUpper = replaced.upperBound + delta
        guard replaced.lowerBound >= 0, replaced.upperBound <= textLength, newUpper >= replaced.lowerBound else {
            return LineIndex(bytes: newBytes)
        }
        // A line starts at p when the byte before is a line feed, or a
        // carriage return not followed by one: a start depends on the
        // bytes at p - 1 and p. Starts below the replacement keep both;
        // starts past one byte after it keep both, moved.
        var starts: [UInt32] = []
        starts.reserveCapacity(lineStarts.count + 8)
        if replaced.lowerBound == 0 {
            starts.append(0)
        } else {
            starts += lineStarts[...lineStarts.lastIndex(atOrBefore: replaced.lowerBound - 1)]
        }
        newBytes.withUnsafeBufferPointer { buffer in
            var position = max(replaced.lowerBound, 1)
            while position <= newUpper {
                let previous = buffer[position - 1]
                if previous == 0x0A || (previous == 0x0D && (position == buffer.count || buffer[position] != 0x0A)) {
                    starts.append(UInt32(truncatingIfNeeded: position))
                }
                position += 1
            }
        }
        var after = lineStarts.lastIndex(atOrBefore: replaced.upperBound) + 1
        while after < lineStarts.count {
            starts.append(UInt32(truncatingIfNeeded: Int(lineStarts[after]) + delta))
            after += 1
        }
        return LineIndex(bytes: newBytes, lineStarts: starts)
    }

    /// False after `droppingText()` (for a non-empty text).
    public var holdsText: Bool { bytes.count == textLength }

    /// The byte offset where `line` (zero-based, in `0..<lineCount`) starts.
    @inline(__always)
    public func lineStart(_ line: Int) -> Int { Int(lineStarts[line]) }

    /// Where each line starts. Built on every keystroke for the whole file,
    /// so it jumps from line feed to line feed with `memchr` (vectorised)
    /// when the text has no carriage return, the usual case.
    static func lineStarts(of bytes: [UInt8]) -> [UInt32] {
        var starts: [UInt32] = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            starts.reserveCapacity(count / 32 + 1)
            if memchr(base, 0x0D, count) == nil {
                var index = 0
                while index < count, let found = memchr(base + index, 0x0A, count - index) {
                    index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
                    starts.append(UInt32(truncatingIfNeeded: index))
                }
                return
            }
            var index = 0
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(UInt32(truncatingIfNeeded: index + 1))
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(UInt32(truncatingIfNeeded: index + 1))
                }
                index += 1
            }
        }
        return starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The zero-based line that holds `offset` (clamped to the text).
    public func line(of offset: Int) -> Int {
        lineStarts.lastIndex(atOrBefore: min(max(offset, 0), textLength))
    }

    /// Byte offset where the line's content ends (before its line break).
    public func lineContentEnd(_ line: Int) -> Int {
        guard holdsText else { return lineStart(line) }  // unknown without the text
        guard line + 1 < lineStarts.count else { return bytes.count }
        let start = lineStart(line)
        var end = lineStart(line + 1)
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The bytes of one line, without its line break.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        let line = min(max(line, 0), lineStarts.count - 1)
        guard holdsText else { return [] }
        return bytes[lineStart(line)..<lineContentEnd(line)]
    }

    /// The line and column of a byte offset (clamped to the text).
    public func position(of offset: Int, in encoding: PositionEncoding) -> LinePosition {
        let offset = min(max(offset, 0), textLength)
        let line = line(of: offset)
        let start = lineStart(line)
        guard holdsText else { return LinePosition(line: line, column: offset - start) }
        let end = min(offset, lineContentEnd(line))
        return LinePosition(line: line, column: Self.units(bytes[start..<end], encoding))
    }

    /// The byte offset of a line and column. A line past the end gives the
    /// end of the text; a column past the line's end gives the line's end;
    /// a column inside a character (such as between the two UTF-16 units of
    /// an astral character) snaps to the start of that character.
    public func offset(of position: LinePosition, in encoding: PositionEncoding) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return textLength }
        guard holdsText else { return lineStart(position.line) }
        let start = lineStart(position.line)
        let end = lineContentEnd(position.line)
        var remaining = max(position.column, 0)
        var index = start
        while index < end, remaining > 0 {
            let width = Self.sequenceLength(bytes[index])
            let units: Int = switch encoding {
            case .utf8: width
            case .utf16: width == 4 ? 2 : 1
            case .utf32: 1
            }
            if units > remaining { break }
            remaining -= units
            index = min(index + width, end)
        }
        return index
    }

    /// Counts the units of a run of UTF-8 bytes.
    public static func units(_ slice: ArraySlice<UInt8>, _ encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8:
            return slice.count
        case .utf16:
            var count = 0
            for byte in slice where byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
            return count
        case .utf32:
            var count = 0
            for byte in slice where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0...0xFF: 4
        default: 1 // a stray continuation byte counts alone
        }
    }
}

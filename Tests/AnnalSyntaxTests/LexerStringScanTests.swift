import AnnalSyntax
import Testing

/// The lexer skips plain string text eight bytes at a time; a byte that
/// ends a string or starts an escape must be seen wherever it falls
/// relative to those eight-byte steps.
@Suite struct LexerStringScanTests {
    /// Where a string starting at offset 0 ends, and whether it is closed,
    /// found one byte at a time.
    static func reference(_ bytes: [UInt8]) -> (end: Int, closed: Bool) {
        var position = 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""): return (position + 1, true)
            case 0x0A, 0x0D: return (position, false)
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        return (bytes.count, false)
    }

    @Test func everyStopByteIsFoundAtEveryOffset() {
        let fillers = ["a", "é", "«\u{A0}"]
        let stops = ["\"", "\n", "\r\n", "\\n", "\\q", "\\\""]
        var checked = 0
        for filler in fillers {
            for before in 0..<24 {
                for stop in stops {
                    for after in [0, 1, 7, 8, 9, 17] {
                        let text = "\"" + String(repeating: filler, count: before) + stop + String(repeating: "b", count: after)
                        let bytes = Array(text.utf8)
                        let expected = Self.reference(bytes)
                        let lexed = bytes.withUnsafeBufferPointer { Lexer.lex($0) }
                        let first = lexed.tokens.first
                        #expect(first?.kind == .string, "\(text.debugDescription)")
                        #expect(first.map { Int($0.length) } == expected.end, "\(text.debugDescription)")
                        let unterminated = lexed.errors.contains { $0.kind == .unterminatedString && $0.range.lowerBound == 0 }
                        #expect(unterminated == !expected.closed, "\(text.debugDescription)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 3 * 24 * 6 * 6)
    }
}

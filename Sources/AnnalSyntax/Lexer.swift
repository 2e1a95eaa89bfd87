/// Turns UTF-8 bytes into tokens that cover every byte, trivia included.
///
/// The lexer never fails: every byte lands in some token, so the tokens
/// concatenated give back the input. Problems inside strings (no closing
/// quote, unknown escapes) are reported as errors beside the tokens.
public struct Lexer {
    /// The tokens and the lexical errors of one text.
    public struct Output: Sendable {
        public var tokens: [Token]
        public var errors: [SyntaxError]
        /// Where each line starts: 0, then the end of every newline token
        /// (what `LineIndex(tree:)` would find again in the tokens).
        public var lineStarts: [UInt32]
    }

    /// Lexes a whole text.
    public static func lex(_ bytes: UnsafeBufferPointer<UInt8>) -> Output {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 5 + 16)
        var errors: [SyntaxError] = []
        let count = bytes.count
        var position = 0
        // Recorded as the line breaks are met: read again from the tokens
        // after the parse, they were a second pass over all of them.
        var lineStarts: [UInt32] = [0]
        lineStarts.reserveCapacity(count / 32 + 1)

        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            tokens.append(Token(kind: .byteOrderMark, start: 0, length: 3))
            position = 3
        }

        // The class table read through a buffer: a bounds check per byte
        // was a fifth of the lexer.
        ByteClass.table.withUnsafeBufferPointer { table in
            while position < count {
                let start = position
                switch table[Int(bytes[position])] {
                case .wordByte:
                    position += 1
                    while position < count, table[Int(bytes[position])] == .wordByte { position += 1 }
                    push(.word, start, position, into: &tokens)
                case .space:
                    position += 1
                    while position < count, table[Int(bytes[position])] == .space { position += 1 }
                    push(.whitespace, start, position, into: &tokens)
                case .lineFeed:
                    position += 1
                    push(.newline, start, position, into: &tokens)
                    lineStarts.append(UInt32(truncatingIfNeeded: position))
                case .carriageReturn:
                    position += 1
                    if position < count, bytes[position] == 0x0A { position += 1 }
                    push(.newline, start, position, into: &tokens)
                    lineStarts.append(UInt32(truncatingIfNeeded: position))
                case .hash:
                    position += 1
                    while position < count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                    push(.comment, start, position, into: &tokens)
                case .quote:
                    position = lexString(bytes, from: start, errors: &errors)
                    push(.string, start, position, into: &tokens)
                case .leftBrace: position += 1; push(.leftBrace, start, position, into: &tokens)
                case .rightBrace: position += 1; push(.rightBrace, start, position, into: &tokens)
                case .leftBracket: position += 1; push(.leftBracket, start, position, into: &tokens)
                case .rightBracket: position += 1; push(.rightBracket, start, position, into: &tokens)
                case .equals: position += 1; push(.equals, start, position, into: &tokens)
                case .comma: position += 1; push(.comma, start, position, into: &tokens)
                }
                // The run of spaces after a token (the indentation after a
                // line break, the spaces around `=`): half the tokens, taken
                // here on a branch the processor predicts, where the
                // switch's indirect jump, taken for every token, mispredicted
                // on the mix of kinds.
                if position < count, table[Int(bytes[position])] == .space {
                    let spaces = position
                    position += 1
                    while position < count, table[Int(bytes[position])] == .space { position += 1 }
                    push(.whitespace, spaces, position, into: &tokens)
                }
            }
        }
        return Output(tokens: tokens, errors: errors, lineStarts: lineStarts)
    }

    /// Appends a token. A static function: a nested one capturing the
    /// local array boxed it, and every append then paid a dynamic
    /// exclusivity check (a third of the lexer's time).
    @inline(__always)
    private static func push(_ kind: SyntaxKind, _ start: Int, _ end: Int, into tokens: inout [Token]) {
        tokens.append(Token(kind: kind, start: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: end - start)))
    }

    /// Lexes a string starting at the opening quote; returns the offset just
    /// past it. A string ends at its closing quote, or before a line break or
    /// the end of the text (then it is unterminated).
    private static func lexString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, errors: inout [SyntaxError]) -> Int {
        let count = bytes.count
        var position = start + 1
        while position < count {
            // Most of a string is plain text: skip it eight bytes at a time,
            // then straight to the first byte that may end it (not one byte
            // at a time with the word tried again after each).
            if let base = bytes.baseAddress {
                while position + 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                    let ends = stringEnds(word)
                    if ends == 0 {
                        position += 8
                        continue
                    }
                    position += ends.trailingZeroBitCount / 8
                    break
                }
                guard position < count else { break }
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                return position + 1
            case 0x0A, 0x0D:
                errors.append(SyntaxError(kind: .unterminatedString, range: start..<position,
                                          message: "this string has no closing `\"` before the end of the line; add one"))
                return position
            case UInt8(ascii: "\\"):
                position = lexEscape(bytes, at: position, errors: &errors)
            default:
                position += 1
            }
        }
        errors.append(SyntaxError(kind: .unterminatedString, range: start..<count,
                                  message: "this string has no closing `\"` before the end of the file; add one"))
        return count
    }

    /// The high bit of each byte of `word` (first byte lowest) that is a
    /// quote, a backslash, a line feed or a carriage return, the bytes that
    /// end a string or start an escape: nonzero exactly when one is there, and its lowest set bit marks
    /// the first such byte. In `(x - 0x01…) & ~x & 0x80…` a byte is flagged
    /// when it is zero, or (a borrow) when a byte below it is: a flag that
    /// is not a match always sits above one that is.
    @inline(__always)
    static func stringEnds(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        return zeroByte(word ^ (ones &* 0x22)) | zeroByte(word ^ (ones &* 0x5C))
            | zeroByte(word ^ (ones &* 0x0A)) | zeroByte(word ^ (ones &* 0x0D))
    }

    /// Checks the escape at `position` (a backslash) and returns the offset after it.
    private static func lexEscape(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, errors: inout [SyntaxError]) -> Int {
        let count = bytes.count
        guard position + 1 < count else { return position + 1 }
        let next = bytes[position + 1]
        switch next {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"):
            return position + 2
        case UInt8(ascii: "u"):
            var cursor = position + 2
            var digits = 0
            var value: UInt32 = 0
            if cursor < count, bytes[cursor] == UInt8(ascii: "{") {
                cursor += 1
                while cursor < count, let digit = hexValue(bytes[cursor]) {
                    if digits < 8 { value = value &* 16 &+ UInt32(digit) }
                    digits += 1
                    cursor += 1
                }
                if cursor < count, bytes[cursor] == UInt8(ascii: "}"), (1...6).contains(digits), Unicode.Scalar(value) != nil {
                    return cursor + 1
                }
            }
            let end = min(max(cursor, position + 2), count)
            errors.append(SyntaxError(kind: .invalidEscape, range: position..<end,
                                      message: "a \\u escape takes 1 to 6 hex digits of a Unicode scalar in braces, like \\u{A0}"))
            return end
        case 0x0A, 0x0D:
            // The string ends at the line break; the caller reports it unterminated.
            return position + 1
        default:
            var end = position + 2
            while end < count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            errors.append(SyntaxError(kind: .invalidEscape, range: position..<end,
                                      message: "unknown escape; use \\\" \\\\ \\n \\t or \\u{…}, or write the character itself"))
            return end
        }
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

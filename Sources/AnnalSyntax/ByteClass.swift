/// Byte classes for the lexer, as a 256-entry table (faster than chains of
/// comparisons on the hot path).
@usableFromInline
enum ByteClass: UInt8, Sendable {
    case wordByte = 0
    case space      // space, tab, vertical tab, form feed
    case lineFeed
    case carriageReturn
    case quote
    case hash
    case leftBrace
    case rightBrace
    case leftBracket
    case rightBracket
    case equals
    case comma

    @usableFromInline
    static let table: [ByteClass] = {
        var table = [ByteClass](repeating: .wordByte, count: 256)
        table[Int(UInt8(ascii: " "))] = .space
        table[0x09] = .space
        table[0x0B] = .space
        table[0x0C] = .space
        table[0x0A] = .lineFeed
        table[0x0D] = .carriageReturn
        table[Int(UInt8(ascii: "\""))] = .quote
        table[Int(UInt8(ascii: "#"))] = .hash
        table[Int(UInt8(ascii: "{"))] = .leftBrace
        table[Int(UInt8(ascii: "}"))] = .rightBrace
        table[Int(UInt8(ascii: "["))] = .leftBracket
        table[Int(UInt8(ascii: "]"))] = .rightBracket
        table[Int(UInt8(ascii: "="))] = .equals
        table[Int(UInt8(ascii: ","))] = .comma
        return table
    }()
}

/// The kind of a token or a node in the syntax tree.
///
/// Tokens and nodes share one enumeration so that a tree walker can switch
/// over a single type; `isToken` and `isTrivia` tell them apart.
public enum SyntaxKind: UInt8, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    // Trivia tokens: kept in the tree, skipped by the parser.
    case whitespace
    case newline
    case comment
    case byteOrderMark

    // Significant tokens.
    case word
    case string
    case leftBrace
    case rightBrace
    case leftBracket
    case rightBracket
    case equals
    case comma
    /// The virtual end of file; never stored in the tree.
    case endOfFile

    // Nodes.
    case file
    case block
    case field
    case citation
    case list
    /// Tokens the parser could not place, wrapped so the tree stays lossless.
    case error

    /// True for tokens (leaves), false for nodes.
    public var isToken: Bool { rawValue <= SyntaxKind.endOfFile.rawValue }

    /// True for white space, line breaks, comments and the byte-order mark.
    public var isTrivia: Bool { rawValue <= SyntaxKind.byteOrderMark.rawValue }

    /// A short human name used in error messages, e.g. "`{`".
    public var displayName: String {
        switch self {
        case .whitespace: "white space"
        case .newline: "line break"
        case .comment: "comment"
        case .byteOrderMark: "byte-order mark"
        case .word: "word"
        case .string: "string"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .equals: "`=`"
        case .comma: "`,`"
        case .endOfFile: "end of file"
        case .file: "file"
        case .block: "block"
        case .field: "field"
        case .citation: "citation"
        case .list: "list"
        case .error: "error"
        }
    }
}

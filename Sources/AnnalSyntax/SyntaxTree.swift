import AnnalBytes
/// A node of the flat tree: its kind, the tokens it covers and where its
/// subtree ends in the node array (nodes are stored in preorder).
public struct NodeRecord: Sendable, Hashable, BitwiseCopyable {
    public var kind: SyntaxKind
    /// Index of the node's first token.
    public var firstToken: UInt32
    /// Index just past the node's last token.
    public var tokenEnd: UInt32
    /// Index just past the node's last descendant in `SyntaxTree.nodes`.
    public var subtreeEnd: UInt32

    /// Calls `body` with the index of each direct child of node `node` of
    /// `nodes` (a tree's nodes) that is of `kind`, in order. For a caller
    /// that holds the nodes already: reading them through the tree took
    /// and dropped a reference count each time.
    @inlinable
    public static func forEachChild(of node: Int, ofKind kind: SyntaxKind, in nodes: [NodeRecord], _ body: (Int) -> Void) {
        var child = node + 1
        let end = Int(nodes[node].subtreeEnd)
        while child < end {
            if nodes[child].kind == kind { body(child) }
            child = Int(nodes[child].subtreeEnd)
        }
    }
}

/// The lossless syntax tree of one text and the syntax errors found in it.
///
/// Tokens cover every byte of the input in order, trivia included, so the
/// tree prints back to the input byte for byte, broken input included.
/// Nodes are stored flat in preorder; node 0 is the `file` node and covers
/// every token. Parsing never fails.
public struct SyntaxTree: Sendable {
    /// The arrays live in one immutable object, so that the node and token
    /// views (`SyntaxNode`, `SyntaxToken`), which carry their tree, cost one
    /// reference count when copied instead of four.
    private final class Storage: Sendable {
        let bytes: [UInt8]
        let tokens: [Token]
        let nodes: [NodeRecord]
        let errors: [SyntaxError]
        let bytesAreValidUTF8: Bool
        let lineStarts: [UInt32]?

        init(bytes: [UInt8], tokens: [Token], nodes: [NodeRecord], errors: [SyntaxError], bytesAreValidUTF8: Bool,
             lineStarts: [UInt32]?) {
            self.bytes = bytes
            self.tokens = tokens
            self.nodes = nodes
            self.errors = errors
            self.bytesAreValidUTF8 = bytesAreValidUTF8
            self.lineStarts = lineStarts
        }
    }

    private let storage: Storage

    /// The UTF-8 text the tree was parsed from.
    public var bytes: [UInt8] { storage.bytes }
    public var tokens: [Token] { storage.tokens }
    public var nodes: [NodeRecord] { storage.nodes }
    /// Lexical and syntax errors, sorted by position.
    public var errors: [SyntaxError] { storage.errors }

    /// True when `bytes` are known to be valid UTF-8 (parsed from a
    /// `String`, or from bytes the caller validated): token texts and
    /// string values are then made without validating them again. Every
    /// token starts and ends next to an ASCII byte or at an end of the
    /// text, so in valid UTF-8 no token splits a scalar.
    public var bytesAreValidUTF8: Bool { storage.bytesAreValidUTF8 }

    /// Where the lines start, as the lexer found them, for a tree parsed
    /// whole (a tree spliced by a reparse has none: `LineIndex(tree:)`
    /// finds them in its tokens).
    var lineStartsFromLexer: [UInt32]? { storage.lineStarts }

    init(bytes: [UInt8], tokens: [Token], nodes: [NodeRecord], errors: [SyntaxError], bytesAreValidUTF8: Bool = false,
         lineStarts: [UInt32]? = nil) {
        storage = Storage(bytes: bytes, tokens: tokens, nodes: nodes, errors: errors, bytesAreValidUTF8: bytesAreValidUTF8,
                          lineStarts: lineStarts)
    }

    /// Parses a text.
    public static func parse(_ text: String) -> SyntaxTree {
        parse(Array(text.utf8), validUTF8: true)
    }

    /// Parses UTF-8 bytes. Invalid UTF-8 is kept as is; the analysis layer
    /// only hands valid text, but the parser must not care.
    public static func parse(bytes: [UInt8]) -> SyntaxTree {
        parse(bytes, validUTF8: false)
    }

    /// Parses bytes the caller has validated as UTF-8 (a file read and
    /// checked by the host). Passing invalid UTF-8 here is a programming
    /// error: texts would be made of ill-formed bytes (debug builds trap).
    public static func parse(validUTF8 bytes: [UInt8]) -> SyntaxTree {
        assert(UTF8Validation.firstInvalidByte(bytes) == nil, "bytes said to be valid UTF-8 are not")
        return parse(bytes, validUTF8: true)
    }

    private static func parse(_ bytes: [UInt8], validUTF8: Bool) -> SyntaxTree {
        bytes.withUnsafeBufferPointer { buffer in
            let lexed = Lexer.lex(buffer)
            // The parser reads the tokens in place; only its results leave.
            let (nodes, parseErrors) = lexed.tokens.withUnsafeBufferPointer { tokens in
                var parser = Parser(bytes: buffer, tokens: tokens)
                parser.parseFile()
                return (parser.nodes, parser.errors)
            }
            var errors = lexed.errors + parseErrors
            errors.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
            return SyntaxTree(bytes: bytes, tokens: lexed.tokens, nodes: nodes, errors: errors, bytesAreValidUTF8: validUTF8,
                              lineStarts: lexed.lineStarts)
        }
    }

    /// The same text and errors without the tokens and nodes, which take
    /// most of a tree's memory (about three bytes per byte of text): for a
    /// host that keeps an analysis only for its model and diagnostics, as a
    /// batch check does. The result has a root `file` node covering no
    /// token, so walking it finds an empty file and it does not print back
    /// to `bytes`; do not hand it to the formatter or to an editor feature.
    public func releasingSyntax() -> SyntaxTree {
        SyntaxTree(bytes: bytes, tokens: [], nodes: [NodeRecord(kind: .file, firstToken: 0, tokenEnd: 0, subtreeEnd: 1)],
                   errors: errors, bytesAreValidUTF8: bytesAreValidUTF8)
    }

    /// `releasingSyntax()` without the text either: only the errors are
    /// left, for a batch check that re-reads the text when it reports.
    public func releasingText() -> SyntaxTree {
        SyntaxTree(bytes: [], tokens: [], nodes: [NodeRecord(kind: .file, firstToken: 0, tokenEnd: 0, subtreeEnd: 1)],
                   errors: errors)
    }

    /// True when the tokens and nodes were released (`releasingSyntax()`)
    /// from a non-empty text.
    public var isSyntaxReleased: Bool { tokens.isEmpty && !bytes.isEmpty }

    /// The root node.
    public var root: SyntaxNode { SyntaxNode(tree: self, index: 0) }

    /// The typed view of the root.
    public var file: FileSyntax { FileSyntax(root)! }

    /// The text of the tree, which is the input byte for byte.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes of all tokens in order; equal to `bytes` by construction.
    public func printedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for token in tokens { out.append(contentsOf: bytes[token.range]) }
        return out
    }

    /// The text of a byte range.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The text of a token's range: not validated again when the tree's
    /// bytes are known to be valid (a token never splits a scalar).
    func tokenText(_ range: Range<Int>) -> String {
        storage.bytes.withUnsafeBufferPointer { buffer in
            UTF8Text.string(UnsafeBufferPointer(rebasing: buffer[range]), knownValid: storage.bytesAreValidUTF8)
        }
    }

    /// The index of the token that contains `offset`, or the last token when
    /// `offset` is at the end. Nil for an empty text.
    public func tokenIndex(at offset: Int) -> Int? {
        guard !tokens.isEmpty else { return nil }
        var low = 0
        var high = tokens.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(tokens[mid].start) <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The innermost nodes containing `offset`, from the root down.
    public func nodePath(at offset: Int) -> [SyntaxNode] {
        guard let token = tokenIndex(at: offset) else { return [root] }
        var path = [root]
        var current = 0
        var child = 1
        while child < Int(nodes[current].subtreeEnd) {
            let record = nodes[child]
            if Int(record.firstToken) <= token && token < Int(record.tokenEnd) {
                path.append(SyntaxNode(tree: self, index: child))
                current = child
                child += 1
            } else {
                child = Int(record.subtreeEnd)
            }
        }
        return path
    }
}

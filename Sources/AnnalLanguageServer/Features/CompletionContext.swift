import AnnalAnalysis
import AnnalSyntax

/// Where the cursor stands, for completion: which word it is on, which
/// blocks enclose it and what kind of item or value is expected there.
///
/// Works on broken text: the enclosing blocks come from the tree, checked
/// against the last significant token before the cursor (so the tail of a
/// block missing its `}` still counts as inside it), and the value position
/// is read from the tokens before the cursor (so an unclosed list or a
/// field without a value still completes).
struct CompletionContext {
    enum Position: Equatable {
        /// The start of an item line: field names, block keywords, `cite`.
        case itemStart
        /// A single value after `key =`.
        case value(key: String)
        /// An element of the list after `key = [`; `siblings` are the words already in it.
        case listElement(key: String, siblings: [String])
        /// The source id after `cite`.
        case citeSource
        /// Nothing to offer (header, string, comment, after a value…).
        case none
    }

    let position: Position
    /// The word under the cursor: the maximal run of identifier characters
    /// on both sides of the cursor, on the cursor's line (empty at the cursor
    /// when there is none). Completion edits replace exactly this range.
    let wordRange: Range<Int>
    /// The part of the word before the cursor, which the client filters with.
    let prefix: String
    /// Enclosing blocks, outermost first.
    let blocks: [BlockSyntax]
    /// True when the word directly follows `=` or `,` with no space: the
    /// inserted value then starts with a space.
    let needsLeadingSpace: Bool
    /// True when `=` follows the word on its line (`|kind = x`): a field
    /// name is then inserted without ` = `.
    let equalsFollows: Bool
    /// The white space that starts the cursor's line, for multi-line snippets.
    let indentation: String

    /// The kind of the innermost enclosing block; nil at top level or in a
    /// block with an unknown keyword.
    var blockKind: BlockKind? {
        blocks.last.flatMap { BlockKind(rawValue: $0.keyword.text) }
    }

    /// True when the innermost block is known and is `kind`.
    func isInside(_ kind: BlockKind) -> Bool { blockKind == kind }

    /// The type a field's value has in the innermost block; when the block
    /// is unknown, the type the key has in every block kind that defines it
    /// (if they agree).
    func valueType(of key: String) -> ValueType? {
        if let kind = blockKind { return BlockSchema.field(key, of: kind)?.type }
        let types = BlockKind.allCases.compactMap { BlockSchema.field(key, of: $0)?.type }
        guard let first = types.first, types.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    // MARK: - Classification

    /// Identifier characters: `A-Z a-z 0-9 _ . + -`.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    static func classify(tree: SyntaxTree, lineIndex: LineIndex, offset rawOffset: Int) -> CompletionContext {
        let bytes = tree.bytes
        let offset = min(max(rawOffset, 0), bytes.count)
        let line = lineIndex.line(of: offset)
        let lineStart = lineIndex.lineStart(line)
        let lineEnd = lineIndex.lineContentEnd(line)
        var start = offset
        while start > lineStart, isIdentifierByte(bytes[start - 1]) { start -= 1 }
        var end = offset
        while end < lineEnd, isIdentifierByte(bytes[end]) { end += 1 }
        let wordRange = start..<end
        let prefix = String(decoding: bytes[start..<offset], as: UTF8.self)
        var indentEnd = lineStart
        while indentEnd < lineEnd, bytes[indentEnd] == UInt8(ascii: " ") || bytes[indentEnd] == 0x09 { indentEnd += 1 }
        let indentation = String(decoding: bytes[lineStart..<indentEnd], as: UTF8.self)
        let needsLeadingSpace = start > lineStart && (bytes[start - 1] == UInt8(ascii: "=") || bytes[start - 1] == UInt8(ascii: ","))
        var after = end
        while after < lineEnd, bytes[after] == UInt8(ascii: " ") || bytes[after] == 0x09 { after += 1 }
        let equalsFollows = after < lineEnd && bytes[after] == UInt8(ascii: "=")

        func make(_ position: Position, _ blocks: [BlockSyntax] = []) -> CompletionContext {
            CompletionContext(position: position, wordRange: wordRange, prefix: prefix, blocks: blocks,
                              needsLeadingSpace: needsLeadingSpace, equalsFollows: equalsFollows, indentation: indentation)
        }

        if isInsideStringOrComment(tree: tree, offset: offset) { return make(.none) }

        // The last significant token before the word being typed.
        let tokens = tree.tokens
        guard var index = tree.tokenIndex(at: start) else { return make(.itemStart) }
        while index >= 0, tokens[index].kind.isTrivia || Int(tokens[index].start) >= start { index -= 1 }
        guard index >= 0 else { return make(.itemStart) }
        let previous = index
        let blocks = enclosingBlocks(tree: tree, previous: previous)

        if let list = openList(tree: tree, previous: previous) { return make(list, blocks) }
        let previousToken = tokens[previous]
        let previousOnLine = Int(previousToken.start) >= lineStart
        if previousOnLine, previousToken.kind == .equals, let key = significant(tree, before: previous), tokens[key].kind == .word,
           Int(tokens[key].start) >= lineStart {
            return make(.value(key: tree.text(tokens[key].range)), blocks)
        }
        if previousOnLine, previousToken.kind == .word, tree.text(previousToken.range) == "cite" {
            let before = significant(tree, before: previous)
            if before == nil || Int(tokens[before!].start) < lineStart || tokens[before!].kind == .leftBrace {
                return make(.citeSource, blocks)
            }
        }
        if !previousOnLine || previousToken.kind == .leftBrace || previousToken.kind == .rightBrace {
            return make(.itemStart, blocks)
        }
        return make(.none, blocks)
    }

    /// The blocks, outermost first, that are still open at the cursor: the
    /// blocks around the last significant token before it, minus one that
    /// token closes. A block missing its `}` stays open to its tail.
    private static func enclosingBlocks(tree: SyntaxTree, previous: Int) -> [BlockSyntax] {
        let path = tree.nodePath(at: Int(tree.tokens[previous].start))
        return path.compactMap(BlockSyntax.init).filter { block in
            if let close = block.rightBrace { return close.index > previous }
            // Unclosed: open only if it really has a body (`{` or items).
            return block.leftBrace != nil || !block.node.childNodes.isEmpty
        }
    }

    /// When the cursor is inside a list that is open (its `[` before the
    /// cursor, no `]` in between), the list's key and its elements so far.
    private static func openList(tree: SyntaxTree, previous: Int) -> Position? {
        let tokens = tree.tokens
        var index = previous
        var siblings: [String] = []
        var budget = 4096 // lists are short; never scan a whole file
        while index >= 0, budget > 0 {
            budget -= 1
            let token = tokens[index]
            switch token.kind {
            case .whitespace, .newline, .comment, .byteOrderMark, .comma, .string:
                break
            case .word:
                let text = tree.text(token.range)
                if text == "cite" { return nil } // a citation line: the list above was left unclosed
                siblings.append(text)
            case .leftBracket:
                guard let equals = significant(tree, before: index), tokens[equals].kind == .equals,
                      let key = significant(tree, before: equals), tokens[key].kind == .word else { return nil }
                return .listElement(key: tree.text(tokens[key].range), siblings: siblings.reversed())
            default:
                return nil
            }
            index -= 1
        }
        return nil
    }

    /// The index of the significant token before `index`, if any.
    static func significant(_ tree: SyntaxTree, before index: Int) -> Int? {
        var cursor = index - 1
        while cursor >= 0, tree.tokens[cursor].kind.isTrivia { cursor -= 1 }
        return cursor >= 0 ? cursor : nil
    }

    /// True when the cursor is inside a string (after its opening quote and
    /// before its closing one) or a comment.
    static func isInsideStringOrComment(tree: SyntaxTree, offset: Int) -> Bool {
        guard offset > 0, let index = tree.tokenIndex(at: offset - 1) else { return false }
        let token = tree.tokens[index]
        guard Int(token.start) < offset, offset <= token.end else { return false }
        switch token.kind {
        case .comment:
            return true
        case .string:
            if offset < token.end { return true }
            let closed = token.length >= 2 && tree.bytes[token.end - 1] == UInt8(ascii: "\"")
            return !closed
        default:
            return false
        }
    }
}

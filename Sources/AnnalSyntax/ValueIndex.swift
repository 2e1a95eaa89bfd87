/// A field's value or a list element named by its index in the tree: a
/// string or word token, or a list node. What `ValueSyntax` views, without
/// the view: no reference to the tree to count, for hosts that read every
/// value of a file (lowering checks about five a block).
public enum ValueIndex: Sendable, Hashable {
    /// A string token.
    case string(Int)
    /// A word token.
    case word(Int)
    /// A list node.
    case list(Int)
}

/// A child of a node by index, with its kind: a direct token (an index
/// into `SyntaxTree.tokens`) or a child node (an index into `nodes`).
public enum ChildAt: Sendable, Equatable {
    case token(Int, SyntaxKind)
    case node(Int, SyntaxKind)
}

extension SyntaxTree {
    /// Calls `body` with each child of the node at `node`, in order: its
    /// direct tokens (trivia included) and its child nodes, interleaved as
    /// the node's token range has them; stops when `body` returns false.
    /// The one walk of a node's children, over the records in place; the
    /// readings below and the views' `SyntaxNode.forEachChildIndex` use it.
    @inline(__always)
    public func forEachChild(ofNode node: Int, _ body: (ChildAt) -> Bool) {
        tokens.withUnsafeBufferPointer { tokens in
            nodes.withUnsafeBufferPointer { nodes in
                let record = nodes[node]
                var cursor = Int(record.firstToken)
                let tokenEnd = max(cursor, Int(record.tokenEnd))
                let end = Int(record.subtreeEnd)
                var child = node + 1
                while true {
                    // The direct tokens before the next child node (or all
                    // that are left), then that child.
                    let childLower = child < end ? Int(nodes[child].firstToken) : tokenEnd
                    while cursor < childLower {
                        if !body(.token(cursor, tokens[cursor].kind)) { return }
                        cursor += 1
                    }
                    guard child < end else { return }
                    let childRecord = nodes[child]
                    if !body(.node(child, childRecord.kind)) { return }
                    cursor = max(cursor, max(childLower, Int(childRecord.tokenEnd)))
                    child = Int(childRecord.subtreeEnd)
                }
            }
        }
    }

    /// The value of the field node at `node`: its first child that is a
    /// list, a string, or a word other than the key (the first significant
    /// token).
    public func value(ofField node: Int) -> ValueIndex? {
        var keySeen = false
        var value: ValueIndex?
        forEachChild(ofNode: node) { child in
            switch child {
            case .token(let token, let kind):
                guard !kind.isTrivia else { return true }
                if kind == .string { value = .string(token) }
                if kind == .word && keySeen { value = .word(token) }
                keySeen = true
            case .node(let list, let kind):
                if kind == .list { value = .list(list) }
            }
            return value == nil
        }
        return value
    }

    /// Calls `body` with each element (string, word or nested list) of the
    /// list node at `node`, in order, making no array.
    public func forEachElement(ofList node: Int, _ body: (ValueIndex) -> Void) {
        forEachChild(ofNode: node) { child in
            switch child {
            case .token(let token, .string): body(.string(token))
            case .token(let token, .word): body(.word(token))
            case .node(let list, .list): body(.list(list))
            default: break
            }
            return true
        }
    }

    /// Calls `body` with the index of each significant token directly in
    /// the node at `node` (not inside a child node), in order, until it
    /// returns false.
    public func forEachDirectToken(ofNode node: Int, _ body: (Int) -> Bool) {
        forEachChild(ofNode: node) { child in
            guard case .token(let token, let kind) = child, !kind.isTrivia else { return true }
            return body(token)
        }
    }

    /// A block's keyword (its first significant token) and its header,
    /// the id or date after it (the second significant token, when a
    /// word), in one walk of the node at `node`.
    public func blockHead(ofNode node: Int) -> (keyword: Int?, header: Int?) {
        var keyword: Int?
        var header: Int?
        forEachDirectToken(ofNode: node) { token in
            guard keyword != nil else {
                keyword = token
                return true
            }
            if tokens[token].kind == .word { header = token }
            return false
        }
        return (keyword, header)
    }

    /// The source id (its second significant token, when a word) and the
    /// quote (its first string) of the citation node at `node`, in one walk.
    public func citation(ofNode node: Int) -> (source: Int?, quote: Int?) {
        var source: Int?
        var quote: Int?
        var seen = 0
        forEachDirectToken(ofNode: node) { token in
            seen += 1
            let kind = tokens[token].kind
            if seen == 2 && kind == .word { source = token }
            if quote == nil && kind == .string { quote = token }
            return quote == nil || seen < 2
        }
        return (source, quote)
    }

    /// The byte range of the token at `index`.
    public func range(ofToken index: Int) -> Range<Int> { tokens[index].range }

    /// The text of the token at `index` (`SyntaxToken.text` without the view).
    public func text(ofToken index: Int) -> String { tokenText(tokens[index].range) }

    /// Whether the text of the token at `index` is exactly `text`,
    /// compared as UTF-8 bytes without making a `String` of the token.
    public func text(ofToken index: Int, equals text: String) -> Bool {
        let range = tokens[index].range
        let utf8 = text.utf8
        guard range.count == utf8.count else { return false }
        let equal = utf8.withContiguousStorageIfAvailable { expected in
            bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<expected.count where bytes[range.lowerBound + i] != expected[i] { return false }
                return true
            }
        }
        return equal ?? (self.text(ofToken: index) == text)
    }

    /// Whether the text of the token at `index` is exactly the ASCII
    /// `ascii` (a keyword), compared as bytes in place: lowering asks it of
    /// every block's keyword.
    @inline(__always)
    public func text(ofToken index: Int, equals ascii: StaticString) -> Bool {
        let range = tokens[index].range
        guard range.count == ascii.utf8CodeUnitCount else { return false }
        let expected = ascii.utf8Start
        return bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<range.count where bytes[range.lowerBound + i] != expected[i] { return false }
            return true
        }
    }

    /// The byte range of the node at `index` (`SyntaxNode.range` without
    /// the view): from its first token's start to its last token's end; an
    /// empty node sits where its next token starts (or at the end).
    public func range(ofNode index: Int) -> Range<Int> {
        let record = nodes[index]
        let first = Int(record.firstToken)
        let end = max(first, Int(record.tokenEnd))
        if first == end {
            let at = first < tokens.count ? Int(tokens[first].start) : bytes.count
            return at..<at
        }
        return Int(tokens[first].start)..<tokens[end - 1].end
    }

    /// The byte range of `value`.
    public func range(of value: ValueIndex) -> Range<Int> {
        switch value {
        case .string(let token), .word(let token): range(ofToken: token)
        case .list(let node): range(ofNode: node)
        }
    }
}

extension ValueSyntax {
    /// The view of `value` in `tree`.
    public init(_ value: ValueIndex, in tree: SyntaxTree) {
        switch value {
        case .string(let token): self = .string(SyntaxToken(tree: tree, index: token))
        case .word(let token): self = .word(SyntaxToken(tree: tree, index: token))
        case .list(let node): self = .list(ListSyntax(unchecked: SyntaxNode(tree: tree, index: node)))
        }
    }
}

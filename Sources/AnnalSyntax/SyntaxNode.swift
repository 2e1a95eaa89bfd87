/// A token of a tree, with access to its text.
public struct SyntaxToken: Sendable {
    public let tree: SyntaxTree
    /// Index into `tree.tokens`.
    public let index: Int

    public init(tree: SyntaxTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    public var token: Token { tree.tokens[index] }
    public var kind: SyntaxKind { token.kind }
    /// The byte range in the source.
    public var range: Range<Int> { token.range }
    /// The token's text.
    public var text: String { tree.text(token.range) }

    /// True when `text` equals the ASCII string, compared as bytes.
    public func textEquals(_ ascii: StaticString) -> Bool {
        let range = token.range
        guard range.count == ascii.utf8CodeUnitCount else { return false }
        return ascii.withUTF8Buffer { expected in
            var i = 0
            for offset in range {
                if tree.bytes[offset] != expected[i] { return false }
                i += 1
            }
            return true
        }
    }
}

/// A node or a token: one child of a node.
public enum SyntaxElement: Sendable {
    case node(SyntaxNode)
    case token(SyntaxToken)

    public var kind: SyntaxKind {
        switch self {
        case .node(let node): node.kind
        case .token(let token): token.kind
        }
    }

    public var range: Range<Int> {
        switch self {
        case .node(let node): node.range
        case .token(let token): token.range
        }
    }
}

/// A node of a tree.
public struct SyntaxNode: Sendable {
    public let tree: SyntaxTree
    /// Index into `tree.nodes`.
    public let index: Int

    public init(tree: SyntaxTree, index: Int) {
        self.tree = tree
        self.index = index
    }

    public var record: NodeRecord { tree.nodes[index] }
    public var kind: SyntaxKind { record.kind }

    /// Indices of the tokens the node covers.
    public var tokenRange: Range<Int> { Int(record.firstToken)..<max(Int(record.firstToken), Int(record.tokenEnd)) }

    /// The byte range the node covers; empty at its position when it has no token.
    public var range: Range<Int> {
        let tokens = tokenRange
        if tokens.isEmpty {
            let at = tokens.lowerBound < tree.tokens.count ? Int(tree.tokens[tokens.lowerBound].start) : tree.bytes.count
            return at..<at
        }
        return Int(tree.tokens[tokens.lowerBound].start)..<tree.tokens[tokens.upperBound - 1].end
    }

    /// The node's text, trivia inside it included.
    public var text: String { tree.text(range) }

    /// Direct child nodes, in order.
    public var childNodes: [SyntaxNode] {
        var result: [SyntaxNode] = []
        var child = index + 1
        let end = Int(record.subtreeEnd)
        while child < end {
            result.append(SyntaxNode(tree: tree, index: child))
            child = Int(tree.nodes[child].subtreeEnd)
        }
        return result
    }

    /// Direct children, nodes and tokens (trivia included), in order.
    public var children: [SyntaxElement] {
        var result: [SyntaxElement] = []
        var tokenCursor = tokenRange.lowerBound
        for child in childNodes {
            let childTokens = child.tokenRange
            while tokenCursor < childTokens.lowerBound {
                result.append(.token(SyntaxToken(tree: tree, index: tokenCursor)))
                tokenCursor += 1
            }
            result.append(.node(child))
            tokenCursor = max(tokenCursor, childTokens.upperBound)
        }
        while tokenCursor < tokenRange.upperBound {
            result.append(.token(SyntaxToken(tree: tree, index: tokenCursor)))
            tokenCursor += 1
        }
        return result
    }

    /// Significant tokens that are direct children (not inside a child node).
    public var directTokens: [SyntaxToken] {
        children.compactMap {
            if case .token(let token) = $0, !token.kind.isTrivia { return token }
            return nil
        }
    }
}

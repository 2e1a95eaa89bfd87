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
    public var text: String { tree.tokenText(token.range) }

    /// True when `text` equals the ASCII string, compared as bytes.
    public func textEquals(_ ascii: StaticString) -> Bool {
        tree.text(ofToken: index, equals: ascii)
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
    public var range: Range<Int> { tree.range(ofNode: index) }

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

    /// Direct child nodes of one kind, each wrapped by `make`, in order: one
    /// walk and one array, where `childNodes.filter{}.map{}` makes three
    /// (lowering asks every block for its fields, citations and blocks).
    @inlinable
    public func childNodes<T>(ofKind kind: SyntaxKind, _ make: (SyntaxNode) -> T) -> [T] {
        var result: [T] = []
        let nodes = tree.nodes
        var child = index + 1
        let end = Int(nodes[index].subtreeEnd)
        while child < end {
            if nodes[child].kind == kind { result.append(make(SyntaxNode(tree: tree, index: child))) }
            child = Int(nodes[child].subtreeEnd)
        }
        return result
    }

    /// Calls `body` with the index of each direct child node of a kind, in
    /// order, without making views.
    @inlinable
    public func forEachChildIndex(ofKind kind: SyntaxKind, _ body: (Int) -> Void) {
        NodeRecord.forEachChild(of: index, ofKind: kind, in: tree.nodes, body)
    }

    /// Direct children, nodes and tokens (trivia included), in order.
    public var children: [SyntaxElement] {
        var result: [SyntaxElement] = []
        forEachChild { result.append($0); return true }
        return result
    }

    /// A direct child by index: a token of `tree.tokens` or a node of
    /// `tree.nodes`.
    @usableFromInline
    enum ChildIndex {
        case token(Int)
        case node(Int)
    }

    /// Visits the direct children (nodes and tokens, trivia included) in
    /// order, by index, making no view; stops when `body` returns false.
    /// Built on `SyntaxTree.forEachChild(ofNode:)`, the one walk over a
    /// node's children.
    @inline(__always)
    func forEachChildIndex(_ body: (ChildIndex) -> Bool) {
        tree.forEachChild(ofNode: index) { child in
            switch child {
            case .token(let token, _): body(.token(token))
            case .node(let node, _): body(.node(node))
            }
        }
    }

    /// Visits the direct children (nodes and tokens, trivia included) in
    /// order without building a list; stops when `body` returns false.
    @inline(__always)
    public func forEachChild(_ body: (SyntaxElement) -> Bool) {
        let tree = tree
        forEachChildIndex { child in
            switch child {
            case .token(let token): body(.token(SyntaxToken(tree: tree, index: token)))
            case .node(let node): body(.node(SyntaxNode(tree: tree, index: node)))
            }
        }
    }

    /// Significant tokens that are direct children (not inside a child node).
    public var directTokens: [SyntaxToken] {
        var result: [SyntaxToken] = []
        forEachDirectToken { result.append($0); return true }
        return result
    }

    /// The first `limit` significant direct tokens (fewer when there are fewer).
    public func directTokens(limit: Int) -> [SyntaxToken] {
        var result: [SyntaxToken] = []
        guard limit > 0 else { return result }
        forEachDirectToken { result.append($0); return result.count < limit }
        return result
    }

    /// The first significant direct token, if any.
    public var firstDirectToken: SyntaxToken? {
        var first: SyntaxToken?
        forEachDirectToken { first = $0; return false }
        return first
    }

    /// The first significant direct token of a kind, if any.
    public func firstDirectToken(of kind: SyntaxKind) -> SyntaxToken? {
        var found: SyntaxToken?
        forEachDirectToken { token in
            if token.kind == kind { found = token; return false }
            return true
        }
        return found
    }

    /// Visits the significant direct tokens in order, the way `children`
    /// orders them, without building the list of children; stops when
    /// `body` returns false.
    @inline(__always)
    func forEachDirectToken(_ body: (SyntaxToken) -> Bool) {
        let tree = tree
        let tokens = tree.tokens
        forEachChildIndex { child in
            guard case .token(let token) = child, !tokens[token].kind.isTrivia else { return true }
            return body(SyntaxToken(tree: tree, index: token))
        }
    }
}

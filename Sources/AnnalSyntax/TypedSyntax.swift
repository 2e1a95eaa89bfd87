/// Typed views over the untyped tree. Each wraps a `SyntaxNode` of one kind
/// and reads its parts; missing parts (in broken input) are `nil`.

/// An item of a file or of a block body.
public enum ItemSyntax: Sendable {
    case block(BlockSyntax)
    case field(FieldSyntax)
    case citation(CitationSyntax)
    /// Tokens the parser could not place.
    case error(SyntaxNode)

    init?(_ node: SyntaxNode) {
        switch node.kind {
        case .block: self = .block(BlockSyntax(unchecked: node))
        case .field: self = .field(FieldSyntax(unchecked: node))
        case .citation: self = .citation(CitationSyntax(unchecked: node))
        case .error: self = .error(node)
        default: return nil
        }
    }

    public var node: SyntaxNode {
        switch self {
        case .block(let block): block.node
        case .field(let field): field.node
        case .citation(let citation): citation.node
        case .error(let node): node
        }
    }
}

/// The whole file.
public struct FileSyntax: Sendable {
    public let node: SyntaxNode

    public init?(_ node: SyntaxNode) {
        guard node.kind == .file else { return nil }
        self.node = node
    }

    public var items: [ItemSyntax] { node.childNodes.compactMap(ItemSyntax.init) }
    public var blocks: [BlockSyntax] { node.childNodes(ofKind: .block, BlockSyntax.init(unchecked:)) }
}

/// `keyword header { items }`.
public struct BlockSyntax: Sendable {
    public let node: SyntaxNode

    init(unchecked node: SyntaxNode) { self.node = node }

    public init?(_ node: SyntaxNode) {
        guard node.kind == .block else { return nil }
        self.node = node
    }

    private var tokens: [SyntaxToken] { node.directTokens }

    /// The first word: `source`, `event`, …
    public var keyword: SyntaxToken { node.firstDirectToken! }
    /// The id or date after the keyword (`SyntaxTree.blockHead(ofNode:)`).
    public var header: SyntaxToken? { node.tree.blockHead(ofNode: node.index).header.map { SyntaxToken(tree: node.tree, index: $0) } }
    public var leftBrace: SyntaxToken? { node.firstDirectToken(of: .leftBrace) }
    public var rightBrace: SyntaxToken? { tokens.last { $0.kind == .rightBrace } }
    public var items: [ItemSyntax] { node.childNodes.compactMap(ItemSyntax.init) }
    public var fields: [FieldSyntax] { node.childNodes(ofKind: .field, FieldSyntax.init(unchecked:)) }
    /// How many fields the block has, counted without making views.
    public var fieldCount: Int {
        var count = 0
        node.forEachChildIndex(ofKind: .field) { _ in count += 1 }
        return count
    }
    /// Calls `body` with each field in order, without building a list
    /// (lowering walks the fields of every block).
    @inlinable
    public func forEachField(_ body: (FieldSyntax) -> Void) {
        let tree = node.tree
        node.forEachChildIndex(ofKind: .field) { body(FieldSyntax(unchecked: SyntaxNode(tree: tree, index: $0))) }
    }
    public var citations: [CitationSyntax] { node.childNodes(ofKind: .citation, CitationSyntax.init(unchecked:)) }
    public var blocks: [BlockSyntax] { node.childNodes(ofKind: .block, BlockSyntax.init(unchecked:)) }
}

/// `key = value`.
public struct FieldSyntax: Sendable {
    public let node: SyntaxNode

    @usableFromInline
    init(unchecked node: SyntaxNode) { self.node = node }

    public init?(_ node: SyntaxNode) {
        guard node.kind == .field else { return nil }
        self.node = node
    }

    public var key: SyntaxToken { node.firstDirectToken! }
    public var equals: SyntaxToken? { node.firstDirectToken(of: .equals) }
    /// The first child that is a list, a string, or a word other than the
    /// key (`SyntaxTree.value(ofField:)`).
    public var value: ValueSyntax? {
        node.tree.value(ofField: node.index).map { ValueSyntax($0, in: node.tree) }
    }
}

/// `cite source "quote"`.
public struct CitationSyntax: Sendable {
    public let node: SyntaxNode

    init(unchecked node: SyntaxNode) { self.node = node }

    public init?(_ node: SyntaxNode) {
        guard node.kind == .citation else { return nil }
        self.node = node
    }

    public var citeKeyword: SyntaxToken { node.firstDirectToken! }
    /// The source id: the second significant token, when a word.
    public var source: SyntaxToken? { node.tree.citation(ofNode: node.index).source.map { SyntaxToken(tree: node.tree, index: $0) } }
    /// The quote: the first string.
    public var quote: SyntaxToken? { node.tree.citation(ofNode: node.index).quote.map { SyntaxToken(tree: node.tree, index: $0) } }
}

/// `[ value, … ]`.
public struct ListSyntax: Sendable {
    public let node: SyntaxNode

    init(unchecked node: SyntaxNode) { self.node = node }

    public init?(_ node: SyntaxNode) {
        guard node.kind == .list else { return nil }
        self.node = node
    }

    /// The strings, words and nested lists, in order. Walks the children by
    /// index, making views only for the elements (the children include
    /// brackets, commas and trivia).
    public var elements: [ValueSyntax] {
        var result: [ValueSyntax] = []
        // Room for every element when elements are separated (by commas or
        // trivia): half the list's tokens, brackets included, plus one. Any
        // other list grows as needed. Growing from empty cost two
        // allocations a list.
        let tree = node.tree
        let record = tree.nodes[node.index]
        result.reserveCapacity(Int(record.tokenEnd &- record.firstToken) / 2 + 1)
        tree.forEachElement(ofList: node.index) { result.append(ValueSyntax($0, in: tree)) }
        return result
    }
}

/// A field's value or a list element.
public enum ValueSyntax: Sendable {
    case string(SyntaxToken)
    case word(SyntaxToken)
    case list(ListSyntax)

    public var range: Range<Int> {
        switch self {
        case .string(let token), .word(let token): token.range
        case .list(let list): list.node.range
        }
    }
}

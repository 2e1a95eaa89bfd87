import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// The typed views read the token and node records directly, for speed;
/// they must answer what their definitions over `children` say, on every
/// input and on broken (mutated) ones.
@Suite struct TypedViewDefinitionTests {
    /// A field's value by definition: the first child that is a list, a
    /// string, or a word other than the key (the first significant token).
    static func definedValue(_ field: FieldSyntax) -> Int? {
        let keyIndex = field.node.directTokens.first?.index
        for child in field.node.children {
            switch child {
            case .node(let list) where list.kind == .list: return -1 - list.index
            case .token(let token) where token.kind == .string: return token.index
            case .token(let token) where token.kind == .word && token.index != keyIndex: return token.index
            default: continue
            }
        }
        return nil
    }

    /// A citation's source by definition: its second significant token, when a word.
    static func definedSource(_ citation: CitationSyntax) -> Int? {
        let tokens = citation.node.directTokens
        return tokens.count > 1 && tokens[1].kind == .word ? tokens[1].index : nil
    }

    /// A citation's quote by definition: its first significant string token.
    static func definedQuote(_ citation: CitationSyntax) -> Int? {
        citation.node.directTokens.first { $0.kind == .string }?.index
    }

    /// A list's elements by definition: its string, word and list children.
    static func definedElements(_ list: ListSyntax) -> [Int?] {
        list.node.children.compactMap { child -> Int?? in
            switch child {
            case .node(let nested) where nested.kind == .list: .some(-1 - nested.index)
            case .token(let token) where token.kind == .string || token.kind == .word: .some(token.index)
            default: nil
            }
        }
    }

    static func identity(_ value: ValueSyntax?) -> Int? {
        switch value {
        case .string(let token), .word(let token): token.index
        case .list(let list): -1 - list.node.index
        case nil: nil
        }
    }

    /// Mismatches between the views and their definitions in one tree.
    static func mismatches(in tree: SyntaxTree) -> [String] {
        var problems: [String] = []
        for index in tree.nodes.indices {
            let node = SyntaxNode(tree: tree, index: index)
            if let field = FieldSyntax(node), identity(field.value) != definedValue(field) {
                problems.append("field at \(node.range): value \(String(describing: identity(field.value))), defined \(String(describing: definedValue(field)))")
            }
            if let list = ListSyntax(node), list.elements.map(identity) != definedElements(list) {
                problems.append("list at \(node.range): elements \(list.elements.map(identity)), defined \(definedElements(list))")
            }
            if let citation = CitationSyntax(node), citation.source?.index != definedSource(citation) {
                problems.append("citation at \(node.range): source \(String(describing: citation.source?.index))")
            }
            let head = tree.blockHead(ofNode: index)
            let direct = node.directTokens
            let definedHeader = direct.count > 1 && direct[1].kind == .word ? direct[1].index : nil
            if head.keyword != direct.first?.index || head.header != definedHeader {
                problems.append("node at \(node.range): keyword and header \(head), defined \(String(describing: direct.first?.index)), \(String(describing: definedHeader))")
            }
            if let block = BlockSyntax(node), block.header?.index != definedHeader {
                problems.append("block at \(node.range): header \(String(describing: block.header?.index))")
            }
            if let citation = CitationSyntax(node), citation.quote?.index != definedQuote(citation) {
                problems.append("citation at \(node.range): quote \(String(describing: citation.quote?.index))")
            }
        }
        return problems
    }

    @Test func viewsMatchTheirDefinitions() {
        var generator = SplitMix64(seed: 0x7E11)
        let alphabet: [UInt8] = Array("{}[]=,\"#\\ \n\tevent cite party key word é".utf8)
        var fields = 0
        var lists = 0
        for input in RoundTripTests.inputs {
            let original = Fixtures.bytes(input)
            let tree = SyntaxTree.parse(bytes: original)
            fields += tree.nodes.count { $0.kind == .field }
            lists += tree.nodes.count { $0.kind == .list }
            #expect(Self.mismatches(in: tree).isEmpty, "\(input.lastPathComponent): \(Self.mismatches(in: tree))")
            for _ in 0..<30 {
                var bytes = original
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let at = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
                    if generator.next() % 2 == 0, !bytes.isEmpty {
                        bytes.remove(at: at)
                    } else {
                        bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
                    }
                }
                let mutated = SyntaxTree.parse(bytes: bytes)
                let problems = Self.mismatches(in: mutated)
                #expect(problems.isEmpty, "\(input.lastPathComponent) mutated: \(problems.prefix(3))")
            }
        }
        #expect(fields > 100, "the inputs have fields to read")
        #expect(lists > 20, "the inputs have lists to read")
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/semanticTokens/full` and `textDocument/semanticTokens/range`.
///
/// What each token is:
/// - block keywords and `cite`: `keyword`;
/// - a declaration's id: `class` for a party, `namespace` for a source,
///   programme or relation, with `declaration` (an `aliases` entry too);
/// - a reference: the same types, with `defaultLibrary` when it resolves to
///   the built-in catalogue and `deprecated` when it is an alias (`PPP`);
/// - field keys: `property`; `=`: `operator`; enumeration values (`kind`)
///   and language tags: `enumMember`;
/// - dates (event headers, `since`, `until`, `updated`): `number`;
/// - strings: `string`; comments: `comment`; a word whose role is unknown
///   (in an unknown field or block): `variable`.
///
/// Encoded as the specification says: five integers per token (line delta,
/// start delta from the previous token's start on the same line, length,
/// type, modifier bits), in document order, columns and lengths in the
/// negotiated position encoding. No token spans lines (comments, strings
/// and words cannot); one that did would be split per line.
enum SemanticTokensFeature: Feature {
    static let handlers: [String: RequestHandler] = [
        "textDocument/semanticTokens/full": full,
        "textDocument/semanticTokens/range": range,
    ]

    /// The legend: indices into these lists are what the data holds.
    static let tokenTypes = ["keyword", "namespace", "class", "enumMember", "property", "string", "comment", "number", "variable", "operator"]
    static let tokenModifiers = ["declaration", "defaultLibrary", "deprecated"]

    enum TokenType: Int, Sendable {
        case keyword, namespace, `class`, enumMember, property, string, comment, number, variable, `operator`
    }

    struct Modifiers: OptionSet, Sendable {
        let rawValue: Int
        static let declaration = Modifiers(rawValue: 1 << 0)
        static let defaultLibrary = Modifiers(rawValue: 1 << 1)
        static let deprecated = Modifiers(rawValue: 1 << 2)
    }

    /// One classified token: a byte range, a type and modifiers.
    struct Classified: Sendable, Equatable {
        let range: Range<Int>
        let type: TokenType
        let modifiers: Modifiers

        static func == (a: Classified, b: Classified) -> Bool {
            a.range == b.range && a.type == b.type && a.modifiers.rawValue == b.modifiers.rawValue
        }
    }

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("semanticTokensProvider", .object([
            ("legend", .object([
                ("tokenTypes", .array(tokenTypes.map { .string($0) })),
                ("tokenModifiers", .array(tokenModifiers.map { .string($0) })),
            ])),
            ("full", true),
            ("range", true),
        ]))]
    }

    static func full(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let file = try context.snapshot.requireFile(context.params)
        let tokens = classify(file.analysis, index: file.workspace.index)
        try context.checkCancelled()
        return .object([("data", .array(encode(tokens, lines: file.analysis.lineIndex, encoding: context.snapshot.encoding).map { .int($0) }))])
    }

    static func range(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        guard let (start, end) = LSP.readRange(context.params?["range"]) else {
            throw LSP.invalidParams("params.range must be {start, end} positions")
        }
        let lines = file.analysis.lineIndex
        let lower = snapshot.offset(start, in: lines)
        let upper = max(lower, snapshot.offset(end, in: lines))
        // Tokens that overlap the range: a token cut by the range's edge is partly visible.
        let tokens = classify(file.analysis, index: file.workspace.index).filter {
            $0.range.lowerBound < upper && lower < $0.range.upperBound
        }
        try context.checkCancelled()
        return .object([("data", .array(encode(tokens, lines: lines, encoding: snapshot.encoding).map { .int($0) }))])
    }

    // MARK: - Encoding

    /// The LSP integer encoding of tokens given in document order.
    static func encode(_ tokens: [Classified], lines: LineIndex, encoding: PositionEncoding) -> [Int] {
        var data: [Int] = []
        data.reserveCapacity(tokens.count * 5)
        var previousLine = 0
        var previousStart = 0
        for token in tokens {
            for segment in lineSegments(token.range, lines: lines) {
                let start = lines.position(of: segment.lowerBound, in: encoding)
                let length = LineIndex.units(lines.bytes[segment], encoding)
                guard length > 0 else { continue }
                let deltaLine = start.line - previousLine
                let deltaStart = deltaLine == 0 ? start.column - previousStart : start.column
                data.append(contentsOf: [deltaLine, deltaStart, length, token.type.rawValue, token.modifiers.rawValue])
                previousLine = start.line
                previousStart = start.column
            }
        }
        return data
    }

    /// A byte range cut at line breaks, the breaks left out.
    static func lineSegments(_ range: Range<Int>, lines: LineIndex) -> [Range<Int>] {
        var segments: [Range<Int>] = []
        var lower = range.lowerBound
        var line = lines.line(of: lower)
        while lower < range.upperBound {
            let end = min(range.upperBound, lines.lineContentEnd(line))
            if end > lower { segments.append(lower..<end) }
            line += 1
            guard line < lines.lineCount else { break }
            lower = max(lower, lines.lineStart(line))
        }
        return segments
    }

    // MARK: - Classification

    /// Every token worth colouring, in document order.
    static func classify(_ file: FileAnalysis, index: WorkspaceIndex) -> [Classified] {
        var walker = Walker(file: file, index: index)
        for item in file.tree.file.items { walker.visit(item, in: nil) }
        var result: [Classified] = []
        for (position, token) in file.tree.tokens.enumerated() {
            if let assigned = walker.assigned[position] {
                result.append(Classified(range: token.range, type: assigned.0, modifiers: assigned.1))
                continue
            }
            let type: TokenType? = switch token.kind {
            case .comment: .comment
            case .string: .string
            case .equals: .operator
            default: nil
            }
            if let type { result.append(Classified(range: token.range, type: type, modifiers: [])) }
        }
        return result
    }

    /// Walks the typed tree and records a type for the tokens whose role
    /// depends on where they stand.
    private struct Walker {
        let file: FileAnalysis
        let index: WorkspaceIndex
        /// By token index.
        var assigned: [(TokenType, Modifiers)?]
        /// The file's references, by start offset.
        let references: [Int: Reference]

        init(file: FileAnalysis, index: WorkspaceIndex) {
            self.file = file
            self.index = index
            assigned = Array(repeating: nil, count: file.tree.tokens.count)
            var references: [Int: Reference] = [:]
            for reference in file.model.references { references[reference.range.lowerBound] = reference }
            self.references = references
        }

        mutating func visit(_ item: ItemSyntax, in kind: BlockKind?) {
            switch item {
            case .block(let block): visit(block)
            case .field(let field): visit(field, in: kind)
            case .citation(let citation): visit(citation)
            case .error: break
            }
        }

        mutating func visit(_ block: BlockSyntax) {
            set(block.keyword, .keyword)
            let kind = BlockKind(rawValue: block.keyword.text)
            if let header = block.header, let kind {
                if kind == .event {
                    set(header, .number)
                } else {
                    set(header, SemanticTokensFeature.type(of: kind), [.declaration])
                }
            }
            for item in block.items { visit(item, in: kind) }
        }

        mutating func visit(_ field: FieldSyntax, in kind: BlockKind?) {
            set(field.key, .property)
            guard let value = field.value else { return }
            let spec = kind.flatMap { BlockSchema.field(field.key.text, of: $0) }
            visit(value, type: spec?.type, owner: kind)
        }

        mutating func visit(_ value: ValueSyntax, type: ValueType?, owner: BlockKind?) {
            switch value {
            case .string:
                break // every string is a string
            case .list(let list):
                for element in list.elements { visit(element, type: type, owner: owner) }
            case .word(let word):
                switch type {
                case .enumeration?, .language?:
                    set(word, .enumMember)
                case .date?:
                    set(word, .number)
                case .reference(let kind)?, .referenceList(let kind)?:
                    reference(word, kind)
                case .identifierList?:
                    // An alias declares another name of its block.
                    set(word, owner.map(SemanticTokensFeature.type(of:)) ?? .namespace, [.declaration])
                case .string?, .stringList?:
                    set(word, .variable)
                case nil:
                    set(word, looksLikeDate(word) ? .number : .variable)
                }
            }
        }

        mutating func visit(_ citation: CitationSyntax) {
            set(citation.citeKeyword, .keyword)
            if let source = citation.source { reference(source, .source) }
        }

        /// A name used where a declaration of `kind` is expected.
        mutating func reference(_ word: SyntaxToken, _ kind: BlockKind) {
            var modifiers: Modifiers = []
            if let reference = references[word.range.lowerBound], reference.range == word.range {
                switch index.resolve(reference.name, as: reference.expected) {
                case .declaration(let target):
                    if target.file == BuiltinCatalogue.path { modifiers.insert(.defaultLibrary) }
                case .alias(let target):
                    modifiers.insert(.deprecated)
                    if target.file == BuiltinCatalogue.path { modifiers.insert(.defaultLibrary) }
                case .wrongKind, .unknown:
                    break
                }
            }
            set(word, SemanticTokensFeature.type(of: kind), modifiers)
        }

        mutating func set(_ token: SyntaxToken, _ type: TokenType, _ modifiers: Modifiers = []) {
            assigned[token.index] = (type, modifiers)
        }

        /// The language's rule: a word that starts with a digit, `-` and a
        /// digit, `Y` and a digit, `/` or `..` is a date.
        func looksLikeDate(_ word: SyntaxToken) -> Bool {
            let bytes = file.tree.bytes[word.range]
            guard let first = bytes.first else { return false }
            let second = bytes.dropFirst().first
            func isDigit(_ byte: UInt8?) -> Bool { byte.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }
            if isDigit(first) || first == UInt8(ascii: "/") { return true }
            if first == UInt8(ascii: "-") || first == UInt8(ascii: "Y") { return isDigit(second) }
            return first == UInt8(ascii: ".") && second == UInt8(ascii: ".")
        }
    }

    /// The token type of a declaration's id (and of references to it).
    static func type(of kind: BlockKind) -> TokenType {
        kind == .party ? .class : .namespace
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/foldingRange`: every block and every list that spans
/// lines, and every run of two or more lines holding only a comment (kind
/// `comment`). Lines are zero-based.
///
/// A block folds from its `{` to its `}`: with characters, from just after
/// `{` to just before `}`. When the client folds whole lines only
/// (`lineFoldingOnly`), characters are left out and the fold ends on the
/// line before the closing `}` (or `]`), so the closing line stays
/// visible. A block or list missing its closing token folds to its last
/// token. The client's `rangeLimit` caps the count.
enum FoldingRangeFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/foldingRange": foldingRanges]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("foldingRangeProvider", true)]
    }

    /// One fold, zero-based lines and optional columns.
    struct Fold: Sendable, Equatable {
        var startLine: Int
        var startCharacter: Int?
        var endLine: Int
        var endCharacter: Int?
        var isComment: Bool
    }

    static func foldingRanges(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let lineFoldingOnly = snapshot.capabilities.supports("textDocument", "foldingRange", "lineFoldingOnly")
        var folds = self.folds(file.analysis.tree, lines: file.analysis.lineIndex, encoding: snapshot.encoding, lineFoldingOnly: lineFoldingOnly)
        try context.checkCancelled()
        if let limit = snapshot.capabilities.value("textDocument", "foldingRange", "rangeLimit")?.intValue, limit >= 0, folds.count > limit {
            folds = Array(folds.prefix(limit))
        }
        return .array(folds.map { fold in
            var fields: [(String, JSONValue)] = [("startLine", .int(fold.startLine))]
            if let character = fold.startCharacter { fields.append(("startCharacter", .int(character))) }
            fields.append(("endLine", .int(fold.endLine)))
            if let character = fold.endCharacter { fields.append(("endCharacter", .int(character))) }
            if fold.isComment { fields.append(("kind", "comment")) }
            return .object(fields)
        })
    }

    /// The folds of a tree, sorted by start line (outer folds first).
    static func folds(_ tree: SyntaxTree, lines: LineIndex, encoding: PositionEncoding, lineFoldingOnly: Bool) -> [Fold] {
        var folds: [Fold] = []
        for index in tree.nodes.indices {
            let node = SyntaxNode(tree: tree, index: index)
            let open: SyntaxToken?
            let close: SyntaxToken?
            switch node.kind {
            case .block:
                guard let block = BlockSyntax(node) else { continue }
                open = block.leftBrace ?? block.header ?? block.keyword
                close = block.rightBrace
            case .list:
                let tokens = node.directTokens
                open = tokens.first { $0.kind == .leftBracket }
                close = tokens.last { $0.kind == .rightBracket }
            default:
                continue
            }
            guard let open, !node.range.isEmpty else { continue }
            let start = lines.position(of: open.range.upperBound, in: encoding)
            var fold = Fold(startLine: start.line, startCharacter: lineFoldingOnly ? nil : start.column,
                            endLine: start.line, endCharacter: nil, isComment: false)
            if let close {
                let end = lines.position(of: close.range.lowerBound, in: encoding)
                if lineFoldingOnly {
                    fold.endLine = end.line - 1
                } else {
                    fold.endLine = end.line
                    fold.endCharacter = end.column
                }
            } else {
                // No closing token: fold through the last token of the node.
                let end = lines.position(of: node.range.upperBound, in: encoding)
                fold.endLine = end.line
                fold.endCharacter = lineFoldingOnly ? nil : end.column
            }
            if fold.endLine > fold.startLine { folds.append(fold) }
        }
        folds.append(contentsOf: commentFolds(tree, lines: lines, encoding: encoding, lineFoldingOnly: lineFoldingOnly))
        folds.sort { ($0.startLine, -$0.endLine) < ($1.startLine, -$1.endLine) }
        var unique: [Fold] = []
        for fold in folds where unique.last.map({ $0.startLine != fold.startLine || $0.endLine != fold.endLine }) ?? true {
            unique.append(fold)
        }
        return unique
    }

    /// Runs of two or more consecutive lines that hold only a comment.
    static func commentFolds(_ tree: SyntaxTree, lines: LineIndex, encoding: PositionEncoding, lineFoldingOnly: Bool) -> [Fold] {
        var folds: [Fold] = []
        var run: (first: Token, last: Token, lastLine: Int, count: Int)?
        func flush() {
            if let current = run, current.count >= 2 {
                let start = lines.position(of: current.first.end, in: encoding)
                let end = lines.position(of: current.last.end, in: encoding)
                folds.append(Fold(startLine: start.line, startCharacter: lineFoldingOnly ? nil : start.column,
                                  endLine: end.line, endCharacter: lineFoldingOnly ? nil : end.column, isComment: true))
            }
            run = nil
        }
        var lineStartsHere = true // only trivia since the last line break
        for token in tree.tokens {
            switch token.kind {
            case .newline:
                lineStartsHere = true
            case .whitespace, .byteOrderMark:
                break
            case .comment where lineStartsHere:
                let line = lines.line(of: Int(token.start))
                if let current = run, current.lastLine + 1 == line {
                    run = (current.first, token, line, current.count + 1)
                } else {
                    flush()
                    run = (token, token, line, 1)
                }
                lineStartsHere = false
            default:
                // A comment after an item, or any other token, ends the run.
                if token.kind != .comment { flush() }
                lineStartsHere = false
            }
        }
        flush()
        return folds
    }
}

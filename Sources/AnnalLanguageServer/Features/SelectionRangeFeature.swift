import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/selectionRange`: for each position, the chain of ranges
/// "expand selection" walks through, innermost first:
/// a string's text inside its quotes → the token (a word, a string, a
/// comment) → the list → the field or citation → the block → each
/// enclosing block → the whole file.
///
/// `result[i]` belongs to `positions[i]` and contains it; every parent
/// strictly contains its child (equal ranges are skipped). A cursor just
/// after a word (`NATO|,`) selects the word.
enum SelectionRangeFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/selectionRange": selectionRanges]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("selectionRangeProvider", true)]
    }

    static func selectionRanges(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        guard let positions = context.params?["positions"]?.arrayValue else {
            throw LSP.invalidParams("params.positions must be an array of positions")
        }
        let lines = file.analysis.lineIndex
        var results: [JSONValue] = []
        for item in positions {
            try context.checkCancelled()
            guard let position = LSP.readPosition(item) else {
                throw LSP.invalidParams("each of params.positions must be {line, character} with non-negative integers")
            }
            let chain = self.chain(at: snapshot.offset(position, in: lines), in: file.analysis.tree)
            // Built from the outside in: each range names its parent.
            var result: JSONValue?
            for range in chain.reversed() {
                var fields: [(String, JSONValue)] = [("range", snapshot.range(range, in: lines))]
                if let parent = result { fields.append(("parent", parent)) }
                result = .object(fields)
            }
            results.append(result ?? .object([("range", snapshot.range(0..<0, in: lines))]))
        }
        return .array(results)
    }

    /// The byte ranges around an offset, innermost first, each strictly
    /// inside the next; the last is the whole file.
    static func chain(at offset: Int, in tree: SyntaxTree) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        func push(_ range: Range<Int>) {
            if let last = ranges.last {
                guard range.lowerBound <= last.lowerBound, last.upperBound <= range.upperBound, range != last else { return }
            } else {
                guard range.lowerBound <= offset, offset <= range.upperBound else { return }
            }
            ranges.append(range)
        }
        var anchor = offset
        if var index = tree.tokenIndex(at: offset) {
            // A cursor right after a word or string belongs to it.
            if !isSelectable(tree.tokens[index].kind) || Int(tree.tokens[index].start) == offset, index > 0,
               isSelectable(tree.tokens[index - 1].kind), tree.tokens[index - 1].end == offset {
                index -= 1
            }
            let token = tree.tokens[index]
            if isSelectable(token.kind), token.range.lowerBound <= offset, offset <= token.end {
                if token.kind == .string, token.length > 2, tree.bytes[token.end - 1] == UInt8(ascii: "\""),
                   Int(token.start) < offset, offset < token.end {
                    push((Int(token.start) + 1)..<(token.end - 1))
                }
                push(token.range)
                anchor = Int(token.start)
            }
        }
        for node in tree.nodePath(at: anchor).reversed() {
            push(node.kind == .file ? 0..<tree.bytes.count : node.range)
        }
        push(0..<tree.bytes.count)
        return ranges
    }

    /// Tokens worth selecting on their own.
    private static func isSelectable(_ kind: SyntaxKind) -> Bool {
        kind == .word || kind == .string || kind == .comment
    }
}

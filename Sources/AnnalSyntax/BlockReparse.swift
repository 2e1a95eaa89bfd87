/// What `SyntaxTree.reparse(applying:)` produced.
public struct Reparse: Sendable {
    /// The tree of the new text; always equal to parsing the new text anew.
    public let tree: SyntaxTree
    /// The one block parsed again, or nil when the whole text was.
    public let block: ReparsedBlock?
}

/// The block that an incremental re-parse replaced: every token and node
/// before it is the old tree's, every one after it the old tree's moved.
public struct ReparsedBlock: Sendable, Hashable {
    /// The block's node index, the same in the old and the new tree.
    public let nodeIndex: Int
    /// The block's bytes in the old text.
    public let oldRange: Range<Int>
    /// The block's bytes in the new text.
    public let newRange: Range<Int>

    /// How far every offset after the block moved.
    public var byteDelta: Int { newRange.upperBound - oldRange.upperBound }
}

extension SyntaxTree {
    /// The tree of the text after `edit` (see `reparse(applying:)`).
    public func applying(_ edit: ByteEdit) -> SyntaxTree {
        reparse(applying: edit).tree
    }

    /// The tree of the text after `edit`, equal to `SyntaxTree.parse` of the
    /// new text, re-parsing only the innermost block around the edit when
    /// that is known to give the same tree (the way rust-analyzer re-parses
    /// a block): the old tree has no error, the edit touches neither the
    /// block's first byte nor its closing `}`, and the block's new text lexes
    /// and parses, from the same parser state, into one block without error
    /// that ends at its `}`. Otherwise the whole new text is parsed. An
    /// edit range outside the text is clamped to it.
    public func reparse(applying edit: ByteEdit) -> Reparse {
        let count = bytes.count
        let lower = min(max(edit.range.lowerBound, 0), count)
        let upper = min(max(edit.range.upperBound, lower), count)
        var newBytes = bytes
        newBytes.replaceSubrange(lower..<upper, with: edit.replacement)
        if errors.isEmpty, !isSyntaxReleased, let reparse = reparseBlock(around: lower..<upper, replacementCount: edit.replacement.count, newBytes: newBytes) {
            return reparse
        }
        return Reparse(tree: SyntaxTree.parse(bytes: newBytes), block: nil)
    }

    /// The byte range of a node that has tokens.
    private func byteRange(of record: NodeRecord) -> Range<Int> {
        Int(tokens[Int(record.firstToken)].start)..<tokens[Int(record.tokenEnd) - 1].end
    }

    /// The innermost block strictly around `edited` and the number of
    /// blocks around that block, or nil.
    private func innermostBlock(around edited: Range<Int>) -> (index: Int, depth: Int)? {
        var found: (index: Int, depth: Int)?
        var parent = 0
        var depth = 0
        descend: while true {
            var child = parent + 1
            let end = Int(nodes[parent].subtreeEnd)
            while child < end {
                let record = nodes[child]
                if record.kind == .block, record.tokenEnd > record.firstToken {
                    let range = byteRange(of: record)
                    if range.lowerBound < edited.lowerBound && edited.upperBound < range.upperBound {
                        found = (child, depth)
                        parent = child
                        depth += 1
                        continue descend
                    }
                    if range.lowerBound >= edited.upperBound { break }
                }
                child = Int(record.subtreeEnd)
            }
            return found
        }
    }

    private func reparseBlock(around edited: Range<Int>, replacementCount: Int, newBytes: [UInt8]) -> Reparse? {
        guard let (blockIndex, depth) = innermostBlock(around: edited) else { return nil }
        let old = nodes[blockIndex]
        let oldRange = byteRange(of: old)
        let byteDelta = replacementCount - edited.count
        let newRange = oldRange.lowerBound..<(oldRange.upperBound + byteDelta)
        guard newRange.upperBound > newRange.lowerBound, newBytes.count < Int(UInt32.max) else { return nil }

        // Lex the block's new text alone; it must end with its `}`.
        let lexed = newBytes.withUnsafeBufferPointer { buffer in
            Lexer.lex(UnsafeBufferPointer(rebasing: buffer[newRange]))
        }
        guard lexed.errors.isEmpty, let last = lexed.tokens.last, last.kind == .rightBrace,
              last.end == newRange.count else { return nil }

        let firstToken = Int(old.firstToken)
        let oldTokenEnd = Int(old.tokenEnd)
        let tokenDelta = lexed.tokens.count - (oldTokenEnd - firstToken)
        let start = UInt32(newRange.lowerBound)
        // Written in place: the file's whole token list is rebuilt on every
        // keystroke, and appending checked the array's uniqueness per token.
        let newTokens = [Token](unsafeUninitializedCapacity: tokens.count + tokenDelta) { out, initialized in
            tokens.withUnsafeBufferPointer { old in
                _ = out.initialize(from: old[..<firstToken])
                var next = firstToken
                for token in lexed.tokens {
                    out[next] = Token(kind: token.kind, start: token.start + start, length: token.length)
                    next += 1
                }
                for index in oldTokenEnd..<old.count {
                    let token = old[index]
                    out[next] = Token(kind: token.kind, start: UInt32(Int(token.start) + byteDelta), length: token.length)
                    next += 1
                }
                initialized = next
            }
        }
        let newTokenEnd = firstToken + lexed.tokens.count

        // Parse it from the state a whole parse is in at that token (the
        // parser reads the tokens in place; only its results leave).
        let parsed = newBytes.withUnsafeBufferPointer { buffer in
            newTokens.withUnsafeBufferPointer { tokens in
                var parser = Parser(bytes: buffer, tokens: tokens, itemStart: firstToken, depth: depth)
                parser.parseOneItem(inBlock: depth > 0)
                return (nodes: parser.nodes, errors: parser.errors, consumedTokenEnd: parser.consumedTokenEnd)
            }
        }
        guard parsed.errors.isEmpty, parsed.consumedTokenEnd == newTokenEnd, let block = parsed.nodes.first,
              block.kind == .block, Int(block.firstToken) == firstToken, Int(block.tokenEnd) == newTokenEnd,
              Int(block.subtreeEnd) == parsed.nodes.count else { return nil }

        // Splice the nodes: ancestors grow, the block's subtree is replaced,
        // everything after moves.
        let oldSubtreeEnd = Int(old.subtreeEnd)
        let nodeDelta = parsed.nodes.count - (oldSubtreeEnd - blockIndex)
        let newNodes = [NodeRecord](unsafeUninitializedCapacity: nodes.count + nodeDelta) { out, initialized in
            nodes.withUnsafeBufferPointer { old in
                for index in 0..<blockIndex {
                    var record = old[index]
                    if Int(record.subtreeEnd) > blockIndex { // an ancestor
                        record.tokenEnd = UInt32(Int(record.tokenEnd) + tokenDelta)
                        record.subtreeEnd = UInt32(Int(record.subtreeEnd) + nodeDelta)
                    }
                    out[index] = record
                }
                var next = blockIndex
                for var record in parsed.nodes {
                    record.subtreeEnd += UInt32(blockIndex)
                    out[next] = record
                    next += 1
                }
                for index in oldSubtreeEnd..<old.count {
                    var record = old[index]
                    record.firstToken = UInt32(Int(record.firstToken) + tokenDelta)
                    record.tokenEnd = UInt32(Int(record.tokenEnd) + tokenDelta)
                    record.subtreeEnd = UInt32(Int(record.subtreeEnd) + nodeDelta)
                    out[next] = record
                    next += 1
                }
                initialized = next
            }
        }
        let tree = SyntaxTree(bytes: newBytes, tokens: newTokens, nodes: newNodes, errors: [])
        return Reparse(tree: tree, block: ReparsedBlock(nodeIndex: blockIndex, oldRange: oldRange, newRange: newRange))
    }
}

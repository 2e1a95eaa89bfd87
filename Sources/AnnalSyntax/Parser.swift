/// Limits that keep the parser bounded on hostile input.
public enum SyntaxLimits {
    /// Blocks and lists nested deeper than this are kept as one error node
    /// instead of being parsed, so recursion stays shallow.
    public static let maxNestingDepth = 64
    /// How many times the parser may look at the same token without
    /// consuming one before it is declared stuck.
    static let fuel = 256
}

/// The words that open blocks.
enum BlockKeyword {
    case source, party, programme, relation, event

    /// Blocks that may only stand at the top level.
    var isTopLevel: Bool { self != .event }
}

/// A resilient recursive-descent parser that builds the flat tree directly.
///
/// Every loop consumes at least one token or leaves; `fuel` catches a loop
/// that does neither. Recovery is local: a block missing its `}` is closed
/// when a line starts a block that cannot nest in it, or when a `}` sits to
/// the left of the block's own indentation; a field missing `=` is still a
/// field. Trivia belongs to the innermost node around it.
struct Parser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The lexed tokens, read through a buffer (as an array, every look
    /// was bounds-checked and retained it: the parser looks at each token
    /// several times).
    let tokens: UnsafeBufferPointer<Token>
    /// The nodes made so far, in preorder (`nodes` hands them over).
    private var records: RecordBuffer<NodeRecord>
    private(set) var errors: [SyntaxError] = []

    /// Index of the next significant token (or `tokens.count`).
    private var position = 0
    /// Index just past the last consumed significant token.
    private var consumedEnd = 0
    /// The indices of the nodes open, innermost last.
    private var openNodes = RecordBuffer<Int>(capacity: 16)
    /// How many of the innermost open nodes have no token yet (they are
    /// always the last ones opened): the next token consumed is their first.
    private var nodesAwaitingFirstToken = 0
    private var fuel = SyntaxLimits.fuel
    private var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>) {
        self.bytes = bytes
        self.tokens = tokens
        records = RecordBuffer(capacity: tokens.count / 4 + 4)
        position = skipTrivia(from: 0)
    }

    /// A parser for one item alone, as `SyntaxTree.reparse(applying:)`
    /// needs: `tokens` are the whole text's, `itemStart` the index of the
    /// item's first token and `depth` the number of blocks open around it,
    /// so that every decision is the one a parse of the whole text makes.
    init(bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>, itemStart: Int, depth: Int) {
        self.bytes = bytes
        self.tokens = tokens
        records = RecordBuffer(capacity: 16)
        position = itemStart
        consumedEnd = itemStart
        self.depth = depth
    }

    /// Parses the item at the start position, inside a block when `inBlock`.
    mutating func parseOneItem(inBlock: Bool) {
        parseItem(in: inBlock ? .relation : nil)
    }

    /// Index just past the last token consumed.
    var consumedTokenEnd: Int { consumedEnd }

    /// The nodes made, in preorder, as the tree keeps them.
    var nodes: [NodeRecord] { records.array }

    // MARK: - File and items

    mutating func parseFile() {
        open(.file)
        while current != .endOfFile {
            parseItem(in: nil)
        }
        close()
        records[0].firstToken = 0
        records[0].tokenEnd = UInt32(tokens.count)
    }

    /// Parses one item of a block body (or of the file when `block` is nil).
    private mutating func parseItem(in block: BlockKeyword?) {
        switch current {
        case .word:
            if kind(atSignificant: 1) == .equals {
                parseField()
            } else if wordEquals(position, "cite") {
                parseCitation()
            } else if looksLikeBlockStart(position) || keyword(at: position) != nil {
                parseBlock()
            } else {
                parseField()
            }
        case .rightBrace where block == nil:
            skipJunk(message: "unexpected `}`: no block is open here; remove it")
        default:
            skipJunk(message: "expected a field (`key = value`), a citation (`cite source \"quote\"`) or a block here")
        }
    }

    /// Wraps the current token, and any tokens after it on the same line that
    /// cannot start an item, in an error node.
    private mutating func skipJunk(message: String) {
        let start = Int(tokens[position].start)
        open(.error)
        advance()
        while current != .endOfFile, current != .rightBrace, !startsLine(position) {
            if current == .word, kind(atSignificant: 1) == .equals || wordEquals(position, "cite") || looksLikeBlockStart(position) {
                break
            }
            advance()
        }
        close()
        errors.append(SyntaxError(kind: .unexpected, range: start..<tokens[consumedEnd - 1].end, message: message))
    }

    // MARK: - Blocks

    private mutating func parseBlock() {
        let keywordIndex = position
        let blockKeyword = keyword(at: keywordIndex)
        let indent = lineIndentation(of: keywordIndex)

        if depth >= SyntaxLimits.maxNestingDepth {
            skipNested(open: .leftBrace, close: .rightBrace)
            return
        }
        open(.block)
        advance()
        if current == .word, !startsLine(position), kind(atSignificant: 1) != .equals {
            advance()
        }
        if current == .leftBrace {
            advance()
        } else {
            errorHere("expected `{` to open the `\(text(of: keywordIndex))` block")
            let bodyFollows = startsLine(position) && current == .word
                && (kind(atSignificant: 1) == .equals || wordEquals(position, "cite"))
            if !bodyFollows {
                close()
                return
            }
        }
        depth += 1
        defer { depth -= 1 }
        while true {
            switch current {
            case .endOfFile:
                missingBrace(keywordIndex)
                close()
                return
            case .rightBrace:
                if startsLine(position), lineIndentation(of: position) < indent {
                    missingBrace(keywordIndex)
                    close()
                    return
                }
                advance()
                close()
                return
            case .word where kind(atSignificant: 1) == .equals:
                // A field, most of a block's items: taken first, it is not
                // asked whether it starts a block that closes this one
                // (a block's word is followed by `{`, or by a word and
                // `{`, never by `=`), which cost a walk back to the line's
                // start and a keyword comparison a field.
                parseField()
            case .word where wordEquals(position, "cite"):
                // Not a block keyword: a citation closes no block.
                parseCitation()
            case .word:
                // A nested block (an event), one that closes this one, or
                // a field missing its `=`; the word's keyword and shape
                // asked once (`parseItem` asked them again).
                let nested = keyword(at: position)
                let shapedAsBlock = looksLikeBlockStart(position)
                if startsLine(position) && closesBlock(nested, shapedAsBlock: shapedAsBlock, open: blockKeyword, indent: indent) {
                    missingBrace(keywordIndex)
                    close()
                    return
                }
                if shapedAsBlock || nested != nil { parseBlock() } else { parseField() }
            default:
                parseItem(in: blockKeyword ?? .relation)
            }
        }
    }

    /// True when the block starting at `position` (its keyword `next`,
    /// and whether it is shaped as a block, `looksLikeBlockStart`) cannot
    /// nest in the open block, so the open block must be missing its `}`.
    private func closesBlock(_ next: BlockKeyword?, shapedAsBlock: Bool, open: BlockKeyword?, indent: Int) -> Bool {
        guard let next, shapedAsBlock else { return false }
        guard lineIndentation(of: position) <= indent else { return false }
        return next.isTopLevel || open == .event
    }

    private mutating func missingBrace(_ keywordIndex: Int) {
        let token = tokens[keywordIndex]
        errors.append(SyntaxError(kind: .unexpected, range: token.range,
                                  message: "the `\(text(of: keywordIndex))` block opened here has no closing `}`; add one"))
    }

    // MARK: - Fields, citations, values

    private mutating func parseField() {
        // The key's text is made only for a message (most fields have none).
        let keyIndex = position
        open(.field)
        advance()
        if current == .equals {
            advance()
            parseValue(ofKeyAt: keyIndex)
        } else if current == .endOfFile || startsLine(position) || current == .rightBrace {
            errorHere("expected `= value` after `\(text(of: keyIndex))`")
        } else {
            errorHere("expected `=` between `\(text(of: keyIndex))` and its value")
            parseValue(ofKeyAt: keyIndex)
        }
        close()
    }

    /// Parses a value; a field's value must start on the field's line, a list
    /// element may start on any line. The key at `keyIndex` (nil: a list
    /// element) names it in messages.
    private mutating func parseValue(ofKeyAt keyIndex: Int?, inList: Bool = false) {
        if current == .endOfFile || (!inList && startsLine(position)) {
            errorHere("expected a value for `\(valueOwner(keyIndex))`")
            return
        }
        switch current {
        case .string, .word:
            advance()
        case .leftBracket:
            parseList()
        default:
            errorHere("expected a value for `\(valueOwner(keyIndex))`: a string, an identifier, a date or a list")
        }
    }

    private mutating func parseCitation() {
        open(.citation)
        advance()
        if current == .word, !startsLine(position) {
            advance()
        } else if current != .string || startsLine(position) {
            errorHere("expected a source id and a quoted passage after `cite`, like `cite nato-uz \"…\"`")
            close()
            return
        } else {
            errorHere("expected a source id after `cite`")
        }
        if current == .string, !startsLine(position) {
            advance()
        } else {
            errorHere("expected the quoted passage, in double quotes, after the source id")
        }
        close()
    }

    private mutating func parseList() {
        if depth >= SyntaxLimits.maxNestingDepth {
            skipNested(open: .leftBracket, close: .rightBracket)
            return
        }
        let openIndex = position
        open(.list)
        advance()
        depth += 1
        defer { depth -= 1 }
        while true {
            switch current {
            case .rightBracket:
                advance()
                close()
                return
            case .endOfFile, .rightBrace:
                listNotClosed(openIndex)
                return
            case .word where startsNextItem():
                // The next item begins: the list must have lost its `]`.
                listNotClosed(openIndex)
                return
            case .comma:
                errorHere("expected a value before `,`")
                advance()
            case .string, .word, .leftBracket:
                parseValue(ofKeyAt: nil, inList: true)
                switch current {
                case .comma: advance()
                case .rightBracket, .endOfFile, .rightBrace: break
                case .string, .word, .leftBracket:
                    if !(current == .word && startsNextItem()) {
                        errorHere("expected `,` between list elements")
                    }
                default: break
                }
            default:
                let start = Int(tokens[position].start)
                let name = current.displayName
                open(.error)
                advance()
                close()
                errors.append(SyntaxError(kind: .unexpected, range: start..<tokens[consumedEnd - 1].end,
                                          message: "unexpected \(name) in a list; lists hold values separated by `,`"))
            }
        }
    }

    private mutating func listNotClosed(_ openIndex: Int) {
        errors.append(SyntaxError(kind: .unexpected, range: tokens[openIndex].range,
                                  message: "this list has no closing `]`; add one"))
        close()
    }

    /// Past the nesting limit: wraps a balanced run of brackets (or the rest
    /// of the file) in one error node without recursing. A block starts at
    /// its keyword: the words before its `{` on that line belong to the run
    /// (a closer before the opener does not: it is the parent's).
    private mutating func skipNested(open openKind: SyntaxKind, close closeKind: SyntaxKind) {
        let start = Int(tokens[position].start)
        open(.error)
        var balance = 0
        var opened = false
        repeat {
            if current == openKind {
                balance += 1
                opened = true
            } else if current == closeKind {
                if !opened { break }
                balance -= 1
            }
            advance()
        } while (balance > 0 || (!opened && !startsLine(position))) && current != .endOfFile
        close()
        errors.append(SyntaxError(kind: .unexpected, range: start..<tokens[consumedEnd - 1].end,
                                  message: "nesting deeper than \(SyntaxLimits.maxNestingDepth) levels is not supported; flatten it"))
    }

    // MARK: - Token cursor

    /// The kind of the next significant token; counts down the fuel.
    /// Inlined: asked several times a token.
    private var current: SyntaxKind {
        @inline(__always) mutating get {
            fuel -= 1
            if fuel <= 0 { unstick() }
            return position < tokens.count ? tokens[position].kind : .endOfFile
        }
    }

    /// Called when the parser has looked at one token too often without
    /// consuming it: a bug. Debug builds stop; release builds record an
    /// error and consume the token, so the parser can never hang.
    private mutating func unstick() {
        assertionFailure("parser is stuck at token \(position)")
        fuel = SyntaxLimits.fuel
        guard position < tokens.count else { return }
        errors.append(SyntaxError(kind: .unexpected, range: tokens[position].range,
                                  message: "internal error: the parser made no progress here; please report this input"))
        open(.error)
        advance()
        close()
    }

    /// The kind of the `n`-th significant token after the current one.
    @inline(__always)
    private func kind(atSignificant n: Int) -> SyntaxKind {
        var index = position
        var remaining = n
        while index < tokens.count {
            if remaining == 0 { return tokens[index].kind }
            index = skipTrivia(from: index + 1)
            remaining -= 1
        }
        return .endOfFile
    }

    @inline(__always)
    private func skipTrivia(from index: Int) -> Int {
        var index = index
        while index < tokens.count, tokens[index].kind.isTrivia { index += 1 }
        return index
    }

    @inline(__always)
    private mutating func advance() {
        guard position < tokens.count else { return }
        if nodesAwaitingFirstToken > 0 {
            for stackIndex in (openNodes.count - nodesAwaitingFirstToken)..<openNodes.count {
                records[openNodes[stackIndex]].firstToken = UInt32(position)
            }
            nodesAwaitingFirstToken = 0
        }
        consumedEnd = position + 1
        position = skipTrivia(from: position + 1)
        fuel = SyntaxLimits.fuel
    }

    @inline(__always)
    private mutating func open(_ kind: SyntaxKind) {
        openNodes.append(records.count)
        records.append(NodeRecord(kind: kind, firstToken: .max, tokenEnd: 0, subtreeEnd: 0))
        nodesAwaitingFirstToken += 1
    }

    @inline(__always)
    private mutating func close() {
        let index = openNodes.removeLast()
        if nodesAwaitingFirstToken > 0 {
            // An empty node: it starts where it ends.
            nodesAwaitingFirstToken -= 1
            records[index].firstToken = UInt32(consumedEnd)
        }
        records[index].tokenEnd = UInt32(max(consumedEnd, Int(records[index].firstToken)))
        records[index].subtreeEnd = UInt32(records.count)
    }

    /// Records a missing-token error just after the last consumed token.
    private mutating func errorHere(_ message: String) {
        let at = consumedEnd > 0 ? tokens[consumedEnd - 1].end : 0
        errors.append(SyntaxError(kind: .unexpected, range: at..<at, message: message))
    }

    // MARK: - Token facts

    /// True when a line break (or the start of the file) precedes the token.
    private func startsLine(_ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0 {
            let kind = tokens[cursor].kind
            if kind == .newline { return true }
            if !kind.isTrivia { return false }
            cursor -= 1
        }
        return true
    }

    /// Width of the white space at the start of the token's line. The
    /// byte-order mark, invisible, takes no room: a first line after it
    /// is indented as it would be without it (found by fuzzing: with the
    /// mark counted, `\u{FEFF}\n .{\n}` parsed one way and, once the
    /// formatter had dropped its blank first line, another).
    private func lineIndentation(of index: Int) -> Int {
        var cursor = index - 1
        while cursor >= 0, tokens[cursor].kind != .newline { cursor -= 1 }
        var first = cursor + 1
        if first < tokens.count, tokens[first].kind == .byteOrderMark { first += 1 }
        guard first < tokens.count, tokens[first].kind == .whitespace else { return 0 }
        return Int(tokens[first].length)
    }

    /// True when the current word starts a line and begins a field, a
    /// citation or a block: inside a list, the sign of a missing `]`.
    private func startsNextItem() -> Bool {
        startsLine(position)
            && (kind(atSignificant: 1) == .equals || wordEquals(position, "cite") || looksLikeBlockStart(position))
    }

    /// A word followed by `{`, or by one more word and then `{`, on its line.
    private func looksLikeBlockStart(_ index: Int) -> Bool {
        let next = skipTrivia(from: index + 1)
        guard next < tokens.count else { return false }
        if tokens[next].kind == .leftBrace { return true }
        guard tokens[next].kind == .word, !startsLine(next) else { return false }
        let after = skipTrivia(from: next + 1)
        return after < tokens.count && tokens[after].kind == .leftBrace
    }

    private func keyword(at index: Int) -> BlockKeyword? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        // By length first: asked of every word that starts a line in a
        // block, most of them field keys of other lengths.
        switch tokens[index].length {
        case 5:
            if wordEquals(index, "event") { return .event }
            if wordEquals(index, "party") { return .party }
        case 6:
            if wordEquals(index, "source") { return .source }
        case 8:
            if wordEquals(index, "relation") { return .relation }
        case 9:
            if wordEquals(index, "programme") { return .programme }
        default:
            break
        }
        return nil
    }

    @inline(__always)
    private func wordEquals(_ index: Int, _ ascii: StaticString) -> Bool {
        guard index < tokens.count else { return false }
        let token = tokens[index]
        guard Int(token.length) == ascii.utf8CodeUnitCount else { return false }
        return ascii.withUTF8Buffer { expected in
            for i in 0..<expected.count where bytes[Int(token.start) + i] != expected[i] { return false }
            return true
        }
    }

    /// What a value belongs to, for messages: its field's key, or the list.
    private func valueOwner(_ keyIndex: Int?) -> String {
        guard let keyIndex else { return "this list" }
        return text(of: keyIndex)
    }

    private func text(of index: Int) -> String {
        guard index < tokens.count else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[tokens[index].range]), as: UTF8.self)
    }
}

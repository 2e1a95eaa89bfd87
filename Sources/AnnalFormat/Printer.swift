import AnnalAnalysis
import AnnalSyntax

/// One thing in a file or block body, with the comments around it. Tokens
/// and nodes are named by their index in the tree (`ChildAt`): a view per
/// child retained the tree, and the views' arrays were a third of printing.
private enum Entry {
    /// An item (block, field, citation, error) or, inside lists, a value;
    /// `sameLine` when no line break separates it from the previous entry.
    /// `trailing`: the byte range of a comment at the end of its line.
    case item(ChildAt, trailing: Range<Int>?, blankBefore: Bool, sameLine: Bool)
    /// A comment on its own line (its byte range).
    case comment(Range<Int>, blankBefore: Bool)

    var blankBefore: Bool {
        switch self {
        case .item(_, _, let blank, _), .comment(_, let blank): blank
        }
    }

    var isComment: Bool {
        if case .comment = self { return true }
        return false
    }

    var isBlock: Bool {
        if case .item(.node(_, .block), _, _, _) = self { return true }
        return false
    }
}

/// Walks a tree and writes the canonical text (see `Formatter`) as UTF-8
/// bytes: every token is copied from the tree's buffer, and a string that
/// is written canonically already (most) is copied as written. Building a
/// `String` piece by piece cost about three quarters of formatting.
struct Printer {
    let tree: SyntaxTree
    /// The tree's bytes, held once (reading `tree.bytes` for each copy
    /// retained and released the buffer).
    private let bytes: [UInt8]
    let options: FormatOptions
    /// The file's line ending, "\n" or "\r\n".
    let lineBreak: String
    private let lineBreakBytes: [UInt8]
    private(set) var output: [UInt8] = []
    /// Start offsets of syntax errors, sorted.
    private let errorOffsets: [Int]
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(tree: SyntaxTree, options: FormatOptions) {
        self.tree = tree
        bytes = tree.bytes
        self.options = options
        lineBreak = Self.lineBreak(of: tree)
        lineBreakBytes = Array(lineBreak.utf8)
        errorOffsets = tree.errors.map(\.range.lowerBound).sorted()
        // The canonical text is about as long as the text.
        output.reserveCapacity(tree.bytes.count + tree.bytes.count / 8 + 16)
    }

    /// The file's line ending: that of its first line with content. Blank
    /// lines before it are dropped by the formatter, and the output's first
    /// line is that same line (formatted, or copied with its own ending when
    /// it holds an error), so the output yields the same choice: formatting
    /// twice changes nothing. Taking the first line break of all (a blank
    /// first line in CRLF above LF lines) broke that.
    static func lineBreak(of tree: SyntaxTree) -> String {
        var seenContent = false
        var fallback: Range<Int>?
        func isCRLF(_ range: Range<Int>) -> Bool {
            range.count == 2 && tree.bytes[range.lowerBound] == 0x0D && tree.bytes[range.lowerBound + 1] == 0x0A
        }
        for token in tree.tokens {
            switch token.kind {
            case .newline:
                if seenContent { return isCRLF(token.range) ? "\r\n" : "\n" }
                if fallback == nil { fallback = token.range }
            case .whitespace, .byteOrderMark:
                continue
            default:
                seenContent = true
            }
        }
        return fallback.map { isCRLF($0) ? "\r\n" : "\n" } ?? "\n"
    }

    // MARK: - File

    mutating func printFile() {
        let hasByteOrderMark = tree.tokens.first?.kind == .byteOrderMark
        if hasByteOrderMark { output += Self.byteOrderMark }
        let entries = entries(ofNode: tree.root.index)
        printEntries(entries, indent: 0, keyWidth: 0, blockKind: nil, topLevel: true)
        // Text that starts with U+FEFF must not open the file (the blank
        // lines above it dropped): read back, it would be the byte-order
        // mark, and the text would lose it. It keeps one line break above
        // it (found by fuzzing: `\r\u{FEFF}`).
        if !hasByteOrderMark && output.starts(with: Self.byteOrderMark) { output.insert(contentsOf: lineBreakBytes, at: 0) }
        if !output.isEmpty && output != Self.byteOrderMark && !endsInVerbatimWithoutBreak { newLine() }
    }

    /// Prints one top-level item (for range formatting).
    mutating func printItem(_ node: SyntaxNode, indent: Int) {
        let item = ChildAt.node(node.index, node.kind)
        printEntries([.item(item, trailing: nil, blankBefore: false, sameLine: false)], indent: indent, keyWidth: 0,
                     blockKind: nil, topLevel: true)
    }

    // MARK: - Entries

    /// Groups the children of a node (those `include` keeps) into items and
    /// comments: a comment with no line break since the previous item
    /// trails that item; others stand alone. Inside a list its values are
    /// items too.
    private func entries(ofNode node: Int, valuesAreItems: Bool = false, include: (ChildAt) -> Bool = { _ in true }) -> [Entry] {
        var entries: [Entry] = []
        var newlines = 0
        var sawContent = false
        tree.forEachChild(ofNode: node) { child in
            guard include(child) else { return true }
            switch child {
            case .token(let token, let kind):
                switch kind {
                case .newline:
                    newlines += 1
                case .comment:
                    let range = tree.range(ofToken: token)
                    if sawContent, newlines == 0, case .item(let item, nil, let blank, let same) = entries.last {
                        entries[entries.count - 1] = .item(item, trailing: range, blankBefore: blank, sameLine: same)
                    } else {
                        entries.append(.comment(range, blankBefore: sawContent && newlines >= 2))
                    }
                    newlines = 0
                    sawContent = true
                case .string where valuesAreItems, .word where valuesAreItems:
                    entries.append(.item(child, trailing: nil, blankBefore: sawContent && newlines >= 2, sameLine: sawContent && newlines == 0))
                    newlines = 0
                    sawContent = true
                default:
                    break
                }
            case .node:
                entries.append(.item(child, trailing: nil, blankBefore: sawContent && newlines >= 2, sameLine: sawContent && newlines == 0))
                newlines = 0
                sawContent = true
            }
            return true
        }
        return entries
    }

    private mutating func printEntries(_ entries: [Entry], indent: Int, keyWidth: Int, blockKind: BlockKind?, topLevel: Bool) {
        // A run of comments directly above a block belongs to that block.
        var leadsBlock = [Bool](repeating: false, count: entries.count)
        for index in entries.indices.reversed() where entries[index].isComment && index + 1 < entries.count {
            let next = entries[index + 1]
            leadsBlock[index] = !next.blankBefore && (next.isBlock || leadsBlock[index + 1])
        }
        var previous: Entry?
        var previousEnd: Int?
        var previousVerbatim = false
        // Top-level items holding a syntax error are copied as written, and so
        // is every item sharing a line with one. A run of them, with the
        // comments between them, is copied from the start of its first line:
        // the parser's recovery reads indentation and line breaks, so
        // re-spacing the run could change how it parses (found by fuzzing:
        // ` .{\n}`, ` n=e e{\n}`).
        var verbatimItems = entries.map { entry -> Bool in
            guard topLevel, case .item(.node(let node, _), _, _, _) = entry else { return false }
            return hasError(node)
        }
        for index in entries.indices.dropFirst() where verbatimItems[index - 1] && Self.isSameLine(entries[index]) {
            verbatimItems[index] = true
        }
        for index in entries.indices.dropFirst().reversed() where verbatimItems[index] && Self.isSameLine(entries[index]) {
            verbatimItems[index - 1] = true
        }
        var runEnd = -1
        for (index, entry) in entries.enumerated() where index > runEnd {
            let verbatim = verbatimItems[index]
            let last = verbatim ? verbatimRunEnd(verbatimItems, entries, from: index) : index
            let lastEntry = entries[last]
            // Error regions stay as written, with whatever shares their line.
            if case .item(_, _, _, true) = entry, let start = previousEnd, previousVerbatim || verbatim,
               case .item(let lastItem, let trailing, _, _) = lastEntry {
                let lastEnd = range(of: lastItem).upperBound
                copy(start..<lastEnd)
                if let trailing { appendTrailing(trailing) }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastEnd, true)
                runEnd = last
                continue
            }
            if let previous {
                newLine()
                let separated: Bool
                if entry.isComment {
                    separated = (leadsBlock[index] && !previous.isComment) || previous.isBlock || entry.blankBefore
                } else if previous.isComment {
                    separated = entry.blankBefore
                } else {
                    separated = entry.isBlock || previous.isBlock || entry.blankBefore
                }
                if separated { newLine() }
            }
            if verbatim, case .item(let item, _, _, _) = entry, case .item(let lastItem, let trailing, _, _) = lastEntry {
                let lastEnd = range(of: lastItem).upperBound
                copy(indentationStart(of: range(of: item).lowerBound)..<lastEnd)
                if let trailing { appendTrailing(trailing) }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastEnd, true)
                runEnd = last
                continue
            }
            switch entry {
            case .comment(let range, _):
                pad(indent)
                copy(range)
                previousEnd = nil
            case .item(.node(let node, let kind), let trailing, _, _):
                printNode(node, kind: kind, indent: indent, keyWidth: keyWidth, blockKind: blockKind, verbatim: verbatim)
                if let trailing { appendTrailing(trailing) }
                previousEnd = tree.range(ofNode: node).upperBound
            case .item(.token(let token, _), let trailing, _, _):
                let range = tree.range(ofToken: token)
                pad(indent)
                copy(range)
                if let trailing { appendTrailing(trailing) }
                previousEnd = range.upperBound
            }
            previousVerbatim = verbatim
            previous = entry
        }
        endsInVerbatimWithoutBreak = previousVerbatim && previousEnd == bytes.count
    }

    /// True when the file ends inside an error region with no final line
    /// break: adding one would change that region.
    private(set) var endsInVerbatimWithoutBreak = false

    /// The index of the last verbatim item of the run that starts at the
    /// verbatim item `index`: verbatim items, possibly with comments between them.
    private func verbatimRunEnd(_ verbatimItems: [Bool], _ entries: [Entry], from index: Int) -> Int {
        var last = index
        var next = index + 1
        while next < entries.count {
            if entries[next].isComment {
                next += 1
                continue
            }
            guard verbatimItems[next] else { break }
            last = next
            next += 1
        }
        return last
    }

    /// Where the indentation before `offset` starts (a white space token,
    /// as the parser measures it), when only that stands between it and the
    /// start of its line; else `offset`.
    private func indentationStart(of offset: Int) -> Int {
        guard let index = tree.tokenIndex(at: offset), index > 0, tree.tokens[index - 1].kind == .whitespace else { return offset }
        let space = tree.tokens[index - 1]
        if index == 1 || tree.tokens[index - 2].kind == .newline || tree.tokens[index - 2].kind == .byteOrderMark {
            return Int(space.start)
        }
        return offset
    }

    private static func isSameLine(_ entry: Entry) -> Bool {
        if case .item(_, _, _, true) = entry { return true }
        return false
    }

    /// The byte range of a child.
    private func range(of child: ChildAt) -> Range<Int> {
        switch child {
        case .token(let token, _): tree.range(ofToken: token)
        case .node(let node, _): tree.range(ofNode: node)
        }
    }

    // MARK: - Nodes

    private mutating func printNode(_ node: Int, kind: SyntaxKind, indent: Int, keyWidth: Int, blockKind: BlockKind?, verbatim: Bool) {
        if verbatim || kind == .error {
            pad(indent)
            copy(tree.range(ofNode: node))
            return
        }
        switch kind {
        case .block: printBlock(node, indent: indent)
        case .field: printField(node, indent: indent, keyWidth: keyWidth, blockKind: blockKind)
        case .citation: printCitation(node, indent: indent)
        default:
            pad(indent)
            copy(tree.range(ofNode: node))
        }
    }

    private mutating func printBlock(_ block: Int, indent: Int) {
        let (keyword, header) = tree.blockHead(ofNode: block)
        guard let keyword else {
            // A block node always starts with its keyword (the parser opens
            // it there); copied as written should that ever change.
            pad(indent)
            copy(tree.range(ofNode: block))
            return
        }
        let kind = BlockKind(rawValue: tree.text(ofToken: keyword))
        pad(indent)
        copy(tree.range(ofToken: keyword))
        if let header {
            output.append(UInt8(ascii: " "))
            if kind == .event { output += Self.canonicalDate(tree.text(ofToken: header)).utf8 } else { copy(tree.range(ofToken: header)) }
        }
        append(" {")
        // The braces: the first `{` and the last `}` among the block's own
        // significant tokens.
        var open: Int?
        var close = Int.max
        tree.forEachDirectToken(ofNode: block) { token in
            let kind = tree.tokens[token].kind
            if kind == .leftBrace && open == nil { open = token }
            if kind == .rightBrace { close = token }
            return true
        }
        guard let open else { return }
        // The body: the tokens between the braces, and the nodes after `{`.
        // A comment on the header line, after `{`, stays on that line.
        var headerComment: Range<Int>?
        var atStart = true
        let entries = entries(ofNode: block) { child in
            switch child {
            case .token(let token, let kind):
                guard token > open && token < close else { return false }
                if atStart {
                    if kind == .whitespace { return false }
                    atStart = false
                    if kind == .comment {
                        headerComment = tree.range(ofToken: token)
                        return false
                    }
                }
                return true
            case .node(let node, _):
                guard Int(tree.nodes[node].firstToken) > open else { return false }
                atStart = false
                return true
            }
        }
        if let headerComment { appendTrailing(headerComment) }
        if entries.isEmpty {
            if headerComment != nil {
                newLine()
                pad(indent)
            }
            append("}")
            return
        }
        var keyWidth = 0
        tree.forEachChild(ofNode: block) { child in
            if case .node(let field, .field) = child, let key = fieldKey(field) {
                keyWidth = max(keyWidth, scalarCount(of: tree.range(ofToken: key)))
            }
            return true
        }
        newLine()
        printEntries(entries, indent: indent + 1, keyWidth: keyWidth, blockKind: kind, topLevel: false)
        newLine()
        pad(indent)
        append("}")
    }

    /// A field's key: its first significant token.
    private func fieldKey(_ field: Int) -> Int? {
        var key: Int?
        tree.forEachDirectToken(ofNode: field) { token in
            key = token
            return false
        }
        return key
    }

    private mutating func printField(_ field: Int, indent: Int, keyWidth: Int, blockKind: BlockKind?) {
        guard let keyToken = fieldKey(field) else {
            pad(indent)
            copy(tree.range(ofNode: field))
            return
        }
        let key = tree.range(ofToken: keyToken)
        let keyScalars = scalarCount(of: key)
        pad(indent)
        copy(key)
        let padding = max(0, keyWidth - keyScalars)
        spaces(padding)
        append(" = ")
        guard let value = tree.value(ofField: field) else { return }
        let isDate = blockKind.flatMap { BlockSchema.field(tree.text(ofToken: keyToken), of: $0) }?.type == .date
        let column = indent * options.indentWidth + keyScalars + padding + 3
        printValue(value, column: column, indent: indent, isDate: isDate)
    }

    private mutating func printCitation(_ citation: Int, indent: Int) {
        let (source, quote) = tree.citation(ofNode: citation)
        pad(indent)
        append("cite")
        if let source {
            output.append(UInt8(ascii: " "))
            copy(tree.range(ofToken: source))
        }
        if let quote {
            output.append(UInt8(ascii: " "))
            appendCanonicalString(quote)
        }
    }

    // MARK: - Values

    private mutating func printValue(_ value: ValueIndex, column: Int, indent: Int, isDate: Bool) {
        switch value {
        case .word(let token):
            if isDate { output += Self.canonicalDate(tree.text(ofToken: token)).utf8 } else { copy(tree.range(ofToken: token)) }
        case .string(let token):
            appendCanonicalString(token)
        case .list(let list):
            printList(list, column: column, indent: indent)
        }
    }

    private mutating func printList(_ list: Int, column: Int, indent: Int) {
        let entries = entries(ofNode: list, valuesAreItems: true)
        let hasComments = entries.contains { entry in
            if case .comment = entry { return true }
            if case .item(_, let trailing, _, _) = entry { return trailing != nil }
            return false
        }
        // Tried on one line, then taken back when it does not fit.
        let start = output.count
        if !hasComments {
            printInlineList(list)
            if column + Self.scalarCount(of: output[start...]) <= options.lineWidth { return }
            output.removeSubrange(start...)
        }
        append("[")
        for entry in entries {
            newLine()
            switch entry {
            case .comment(let range, _):
                pad(indent + 1)
                copy(range)
            case .item(let item, let trailing, _, _):
                pad(indent + 1)
                switch item {
                case .token(let token, let kind):
                    if kind == .string { appendCanonicalString(token) } else { copy(tree.range(ofToken: token)) }
                case .node(let node, let kind):
                    if kind == .list {
                        printList(node, column: (indent + 1) * options.indentWidth, indent: indent + 1)
                    } else {
                        copy(tree.range(ofNode: node))
                    }
                }
                append(",")
                if let trailing { appendTrailing(trailing) }
            }
        }
        newLine()
        pad(indent)
        append("]")
    }

    /// Appends `[a, b]`, the list on one line.
    private mutating func printInlineList(_ list: Int) {
        append("[")
        var first = true
        tree.forEachElement(ofList: list) { element in
            if !first { append(", ") }
            first = false
            switch element {
            case .word(let token): copy(tree.range(ofToken: token))
            case .string(let token): appendCanonicalString(token)
            case .list(let nested): printInlineList(nested)
            }
        }
        append("]")
    }

    // MARK: - Canonical spellings

    /// The canonical spelling of a string token: its value in double
    /// quotes with the canonical escapes.
    static func canonicalString(_ token: SyntaxToken) -> String {
        "\"" + StringLiteral.escape(StringLiteral.value(of: token)) + "\""
    }

    /// Appends `canonicalString` of the string token at `token`: the
    /// token's own bytes when it is spelt canonically already (no escape,
    /// nothing invisible), as most strings are.
    private mutating func appendCanonicalString(_ token: Int) {
        let range = tree.range(ofToken: token)
        let asWritten = bytes.withUnsafeBufferPointer { buffer in
            StringLiteral.isCanonical(UnsafeBufferPointer(rebasing: buffer[range]))
        }
        if asWritten {
            copy(range)
        } else {
            output += Self.canonicalString(SyntaxToken(tree: tree, index: token)).utf8
        }
    }

    static func canonicalDate(_ text: String) -> String {
        if case .success(let value) = EDTF.parse(text) { return value.text }
        return text
    }

    // MARK: - Output

    /// Appends the tree's bytes in `range`.
    private mutating func copy(_ range: Range<Int>) {
        bytes.withUnsafeBufferPointer { output += UnsafeBufferPointer(rebasing: $0[range]) }
    }

    private mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { output += $0 }
    }

    private mutating func newLine() {
        output += lineBreakBytes
    }

    /// A comment at the end of the line, after one space.
    private mutating func appendTrailing(_ comment: Range<Int>) {
        output.append(UInt8(ascii: " "))
        copy(comment)
    }

    /// The indentation of nesting level `indent`.
    private mutating func pad(_ indent: Int) {
        spaces(indent * options.indentWidth)
    }

    /// Appends `count` spaces, copied from a row of them.
    private mutating func spaces(_ count: Int) {
        if count <= Self.spaceRow.count {
            Self.spaceRow.withUnsafeBufferPointer { output += UnsafeBufferPointer(rebasing: $0[0..<count]) }
        } else {
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        }
    }

    private static let spaceRow = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    /// The number of Unicode scalars in the tree's bytes in `range`.
    private func scalarCount(of range: Range<Int>) -> Int {
        Self.scalarCount(of: bytes[range])
    }

    /// The number of Unicode scalars in valid UTF-8 `bytes`: the bytes that
    /// do not continue a scalar.
    private static func scalarCount(of bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    // MARK: - Helpers

    /// True when a syntax error starts inside the node (or just at its end).
    private func hasError(_ node: Int) -> Bool {
        let range = tree.range(ofNode: node)
        var low = 0
        var high = errorOffsets.count
        while low < high {
            let mid = (low + high) / 2
            if errorOffsets[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < errorOffsets.count && errorOffsets[low] <= range.upperBound
    }
}

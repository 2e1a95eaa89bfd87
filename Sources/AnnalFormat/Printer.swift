import AnnalAnalysis
import AnnalSyntax

/// One thing in a file or block body, with the comments around it.
private enum Entry {
    /// An item (block, field, citation, error) or, inside lists, a value;
    /// `sameLine` when no line break separates it from the previous entry.
    /// `trailing`: the byte range of a comment at the end of its line.
    case item(SyntaxElement, trailing: Range<Int>?, blankBefore: Bool, sameLine: Bool)
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
        if case .item(.node(let node), _, _, _) = self { return node.kind == .block }
        return false
    }
}

/// Walks a tree and writes the canonical text (see `Formatter`) as UTF-8
/// bytes: every token is copied from the tree's buffer, and a string that
/// is written canonically already (most) is copied as written. Building a
/// `String` piece by piece cost about three quarters of formatting.
struct Printer {
    let tree: SyntaxTree
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
        if tree.tokens.first?.kind == .byteOrderMark { output += Self.byteOrderMark }
        let entries = Self.entries(tree.root.children)
        printEntries(entries, indent: 0, keyWidth: 0, blockKind: nil, topLevel: true)
        if !output.isEmpty && output != Self.byteOrderMark && !endsInVerbatimWithoutBreak { newLine() }
    }

    /// Prints one top-level item (for range formatting).
    mutating func printItem(_ node: SyntaxNode, indent: Int) {
        printEntries([.item(.node(node), trailing: nil, blankBefore: false, sameLine: false)], indent: indent, keyWidth: 0, blockKind: nil, topLevel: true)
    }

    // MARK: - Entries

    /// Groups children into items and comments: a comment with no line
    /// break since the previous item trails that item; others stand alone.
    private static func entries(_ elements: [SyntaxElement], valuesAreItems: Bool = false) -> [Entry] {
        var entries: [Entry] = []
        var newlines = 0
        var sawContent = false
        for element in elements {
            switch element {
            case .token(let token):
                switch token.kind {
                case .newline:
                    newlines += 1
                case .comment:
                    if sawContent, newlines == 0, case .item(let item, nil, let blank, let same) = entries.last {
                        entries[entries.count - 1] = .item(item, trailing: token.range, blankBefore: blank, sameLine: same)
                    } else {
                        entries.append(.comment(token.range, blankBefore: sawContent && newlines >= 2))
                    }
                    newlines = 0
                    sawContent = true
                case .string where valuesAreItems, .word where valuesAreItems:
                    entries.append(.item(element, trailing: nil, blankBefore: sawContent && newlines >= 2, sameLine: sawContent && newlines == 0))
                    newlines = 0
                    sawContent = true
                default:
                    continue
                }
            case .node:
                entries.append(.item(element, trailing: nil, blankBefore: sawContent && newlines >= 2, sameLine: sawContent && newlines == 0))
                newlines = 0
                sawContent = true
            }
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
        var verbatimItems = entries.map { topLevel && Self.node(of: $0).map(hasError) == true }
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
               case .item(let lastElement, let trailing, _, _) = lastEntry {
                copy(start..<lastElement.range.upperBound)
                if let trailing { appendTrailing(trailing) }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastElement.range.upperBound, true)
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
            if verbatim, case .item(let element, _, _, _) = entry, case .item(let lastElement, let trailing, _, _) = lastEntry {
                copy(indentationStart(of: element.range.lowerBound)..<lastElement.range.upperBound)
                if let trailing { appendTrailing(trailing) }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastElement.range.upperBound, true)
                runEnd = last
                continue
            }
            switch entry {
            case .comment(let range, _):
                pad(indent)
                copy(range)
                previousEnd = nil
            case .item(.node(let node), let trailing, _, _):
                printNode(node, indent: indent, keyWidth: keyWidth, blockKind: blockKind, verbatim: verbatim)
                if let trailing { appendTrailing(trailing) }
                previousEnd = node.range.upperBound
            case .item(.token(let token), let trailing, _, _):
                pad(indent)
                copy(token.range)
                if let trailing { appendTrailing(trailing) }
                previousEnd = token.range.upperBound
            }
            previousVerbatim = verbatim
            previous = entry
        }
        endsInVerbatimWithoutBreak = previousVerbatim && previousEnd == tree.bytes.count
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

    private static func node(of entry: Entry) -> SyntaxNode? {
        if case .item(.node(let node), _, _, _) = entry { return node }
        return nil
    }

    // MARK: - Nodes

    private mutating func printNode(_ node: SyntaxNode, indent: Int, keyWidth: Int, blockKind: BlockKind?, verbatim: Bool) {
        if verbatim || node.kind == .error {
            pad(indent)
            copy(node.range)
            return
        }
        switch node.kind {
        case .block: printBlock(BlockSyntax(node)!, indent: indent)
        case .field: printField(FieldSyntax(node)!, indent: indent, keyWidth: keyWidth, blockKind: blockKind)
        case .citation: printCitation(CitationSyntax(node)!, indent: indent)
        default:
            pad(indent)
            copy(node.range)
        }
    }

    private mutating func printBlock(_ block: BlockSyntax, indent: Int) {
        let keyword = block.keyword
        let kind = BlockKind(rawValue: keyword.text)
        pad(indent)
        copy(keyword.range)
        if let header = block.header {
            output.append(UInt8(ascii: " "))
            if kind == .event { output += Self.canonicalDate(header.text).utf8 } else { copy(header.range) }
        }
        append(" {")
        guard let open = block.leftBrace else { return }
        let close = block.rightBrace?.index ?? Int.max
        let body = block.node.children.filter { element in
            switch element {
            case .token(let token): token.index > open.index && token.index < close
            case .node(let node): node.tokenRange.lowerBound > open.index
            }
        }
        // A comment on the header line, after `{`, stays on that line.
        var headerComment: Range<Int>?
        var rest = body[...]
        while let first = rest.first, case .token(let token) = first, token.kind == .whitespace { rest = rest.dropFirst() }
        if let first = rest.first, case .token(let token) = first, token.kind == .comment {
            headerComment = token.range
            rest = rest.dropFirst()
        }
        if let headerComment { appendTrailing(headerComment) }
        let entries = Self.entries(Array(rest))
        if entries.isEmpty {
            if headerComment != nil {
                newLine()
                pad(indent)
            }
            append("}")
            return
        }
        let keyWidth = block.fields.map { scalarCount(of: $0.key.range) }.max() ?? 0
        newLine()
        printEntries(entries, indent: indent + 1, keyWidth: keyWidth, blockKind: kind, topLevel: false)
        newLine()
        pad(indent)
        append("}")
    }

    private mutating func printField(_ field: FieldSyntax, indent: Int, keyWidth: Int, blockKind: BlockKind?) {
        let key = field.key.range
        let keyScalars = scalarCount(of: key)
        pad(indent)
        copy(key)
        let padding = max(0, keyWidth - keyScalars)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        append(" = ")
        guard let value = field.value else { return }
        let isDate = blockKind.flatMap { BlockSchema.field(field.key.text, of: $0) }?.type == .date
        let column = indent * options.indentWidth + keyScalars + padding + 3
        printValue(value, column: column, indent: indent, isDate: isDate)
    }

    private mutating func printCitation(_ citation: CitationSyntax, indent: Int) {
        pad(indent)
        append("cite")
        if let source = citation.source {
            output.append(UInt8(ascii: " "))
            copy(source.range)
        }
        if let quote = citation.quote {
            output.append(UInt8(ascii: " "))
            appendCanonicalString(quote)
        }
    }

    // MARK: - Values

    private mutating func printValue(_ value: ValueSyntax, column: Int, indent: Int, isDate: Bool) {
        switch value {
        case .word(let token):
            if isDate { output += Self.canonicalDate(token.text).utf8 } else { copy(token.range) }
        case .string(let token):
            appendCanonicalString(token)
        case .list(let list):
            printList(list, column: column, indent: indent)
        }
    }

    private mutating func printList(_ list: ListSyntax, column: Int, indent: Int) {
        let entries = Self.entries(list.node.children, valuesAreItems: true)
        let hasComments = entries.contains { entry in
            if case .comment = entry { return true }
            if case .item(_, let trailing, _, _) = entry { return trailing != nil }
            return false
        }
        // Tried on one line, then taken back when it does not fit.
        let start = output.count
        if !hasComments, printInlineList(list), column + Self.scalarCount(of: output[start...]) <= options.lineWidth {
            return
        }
        output.removeSubrange(start...)
        append("[")
        for entry in entries {
            newLine()
            switch entry {
            case .comment(let range, _):
                pad(indent + 1)
                copy(range)
            case .item(let element, let trailing, _, _):
                pad(indent + 1)
                switch element {
                case .token(let token):
                    if token.kind == .string { appendCanonicalString(token) } else { copy(token.range) }
                case .node(let node):
                    if let nested = ListSyntax(node) {
                        printList(nested, column: (indent + 1) * options.indentWidth, indent: indent + 1)
                    } else {
                        copy(node.range)
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

    /// Appends `[a, b]` on one line; false when an element cannot be
    /// inline (what was appended is then to be taken back).
    private mutating func printInlineList(_ list: ListSyntax) -> Bool {
        append("[")
        for (index, element) in list.elements.enumerated() {
            if index > 0 { append(", ") }
            switch element {
            case .word(let token): copy(token.range)
            case .string(let token): appendCanonicalString(token)
            case .list(let nested):
                guard printInlineList(nested) else { return false }
            }
        }
        append("]")
        return true
    }

    // MARK: - Canonical spellings

    /// The canonical spelling of a string token: its value in double
    /// quotes with the canonical escapes.
    static func canonicalString(_ token: SyntaxToken) -> String {
        "\"" + StringLiteral.escape(StringLiteral.value(of: token)) + "\""
    }

    /// Appends `canonicalString(token)`: the token's own bytes when it is
    /// spelt canonically already (no escape, nothing invisible), as most
    /// strings are.
    private mutating func appendCanonicalString(_ token: SyntaxToken) {
        let range = token.range
        let asWritten = tree.bytes.withUnsafeBufferPointer { buffer in
            StringLiteral.isCanonical(UnsafeBufferPointer(rebasing: buffer[range]))
        }
        if asWritten {
            copy(range)
        } else {
            output += Self.canonicalString(token).utf8
        }
    }

    static func canonicalDate(_ text: String) -> String {
        if case .success(let value) = EDTF.parse(text) { return value.text }
        return text
    }

    // MARK: - Output

    /// Appends the tree's bytes in `range`.
    private mutating func copy(_ range: Range<Int>) {
        output += tree.bytes[range]
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
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * options.indentWidth))
    }

    /// The number of Unicode scalars in the tree's bytes in `range`.
    private func scalarCount(of range: Range<Int>) -> Int {
        Self.scalarCount(of: tree.bytes[range])
    }

    /// The number of Unicode scalars in valid UTF-8 `bytes`: the bytes that
    /// do not continue a scalar.
    private static func scalarCount(of bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    // MARK: - Helpers

    /// True when a syntax error starts inside the node (or just at its end).
    private func hasError(_ node: SyntaxNode) -> Bool {
        let range = node.range
        var low = 0
        var high = errorOffsets.count
        while low < high {
            let mid = (low + high) / 2
            if errorOffsets[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < errorOffsets.count && errorOffsets[low] <= range.upperBound
    }
}

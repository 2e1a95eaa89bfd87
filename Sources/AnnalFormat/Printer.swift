import AnnalAnalysis
import AnnalSyntax

/// One thing in a file or block body, with the comments around it.
private enum Entry {
    /// An item (block, field, citation, error) or, inside lists, a value;
    /// `sameLine` when no line break separates it from the previous entry.
    case item(SyntaxElement, trailing: String?, blankBefore: Bool, sameLine: Bool)
    /// A comment on its own line.
    case comment(String, blankBefore: Bool)

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

/// Walks a tree and writes the canonical text (see `Formatter`).
struct Printer {
    let tree: SyntaxTree
    let options: FormatOptions
    let lineBreak: String
    private(set) var output = ""
    /// Start offsets of syntax errors, sorted.
    private let errorOffsets: [Int]

    init(tree: SyntaxTree, options: FormatOptions) {
        self.tree = tree
        self.options = options
        lineBreak = Self.lineBreak(of: tree)
        errorOffsets = tree.errors.map(\.range.lowerBound).sorted()
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
        for token in tree.tokens {
            switch token.kind {
            case .newline:
                if seenContent { return tree.text(token.range) == "\r\n" ? "\r\n" : "\n" }
                if fallback == nil { fallback = token.range }
            case .whitespace, .byteOrderMark:
                continue
            default:
                seenContent = true
            }
        }
        return fallback.map { tree.text($0) == "\r\n" ? "\r\n" : "\n" } ?? "\n"
    }

    // MARK: - File

    mutating func printFile() {
        if tree.tokens.first?.kind == .byteOrderMark { output += "\u{FEFF}" }
        let entries = Self.entries(tree.root.children)
        printEntries(entries, indent: 0, keyWidth: 0, blockKind: nil, topLevel: true)
        if !output.isEmpty && output != "\u{FEFF}" && !endsInVerbatimWithoutBreak { output += lineBreak }
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
                        entries[entries.count - 1] = .item(item, trailing: token.text, blankBefore: blank, sameLine: same)
                    } else {
                        entries.append(.comment(token.text, blankBefore: sawContent && newlines >= 2))
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
                output += tree.text(start..<lastElement.range.upperBound)
                if let trailing { output += " " + trailing }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastElement.range.upperBound, true)
                runEnd = last
                continue
            }
            if let previous {
                output += lineBreak
                let separated: Bool
                if entry.isComment {
                    separated = (leadsBlock[index] && !previous.isComment) || previous.isBlock || entry.blankBefore
                } else if previous.isComment {
                    separated = entry.blankBefore
                } else {
                    separated = entry.isBlock || previous.isBlock || entry.blankBefore
                }
                if separated { output += lineBreak }
            }
            if verbatim, case .item(let element, _, _, _) = entry, case .item(let lastElement, let trailing, _, _) = lastEntry {
                output += tree.text(indentationStart(of: element.range.lowerBound)..<lastElement.range.upperBound)
                if let trailing { output += " " + trailing }
                previous = lastEntry
                (previousEnd, previousVerbatim) = (lastElement.range.upperBound, true)
                runEnd = last
                continue
            }
            switch entry {
            case .comment(let text, _):
                output += pad(indent) + text
                previousEnd = nil
            case .item(.node(let node), let trailing, _, _):
                printNode(node, indent: indent, keyWidth: keyWidth, blockKind: blockKind, verbatim: verbatim)
                if let trailing { output += " " + trailing }
                previousEnd = node.range.upperBound
            case .item(.token(let token), let trailing, _, _):
                output += pad(indent) + tree.text(token.range)
                if let trailing { output += " " + trailing }
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
            output += pad(indent) + node.text
            return
        }
        switch node.kind {
        case .block: printBlock(BlockSyntax(node)!, indent: indent)
        case .field: printField(FieldSyntax(node)!, indent: indent, keyWidth: keyWidth, blockKind: blockKind)
        case .citation: printCitation(CitationSyntax(node)!, indent: indent)
        default: output += pad(indent) + node.text
        }
    }

    private mutating func printBlock(_ block: BlockSyntax, indent: Int) {
        let keyword = block.keyword.text
        let kind = BlockKind(rawValue: keyword)
        var header = block.header?.text
        if kind == .event, let text = header { header = Self.canonicalDate(text) }
        output += pad(indent) + keyword + (header.map { " " + $0 } ?? "") + " {"
        guard let open = block.leftBrace else { return }
        let close = block.rightBrace?.index ?? Int.max
        let body = block.node.children.filter { element in
            switch element {
            case .token(let token): token.index > open.index && token.index < close
            case .node(let node): node.tokenRange.lowerBound > open.index
            }
        }
        // A comment on the header line, after `{`, stays on that line.
        var headerComment: String?
        var rest = body[...]
        while let first = rest.first, case .token(let token) = first, token.kind == .whitespace { rest = rest.dropFirst() }
        if let first = rest.first, case .token(let token) = first, token.kind == .comment {
            headerComment = token.text
            rest = rest.dropFirst()
        }
        if let headerComment { output += " " + headerComment }
        let entries = Self.entries(Array(rest))
        if entries.isEmpty {
            output += headerComment == nil ? "}" : lineBreak + pad(indent) + "}"
            return
        }
        let keyWidth = block.fields.map { $0.key.text.unicodeScalars.count }.max() ?? 0
        output += lineBreak
        printEntries(entries, indent: indent + 1, keyWidth: keyWidth, blockKind: kind, topLevel: false)
        output += lineBreak + pad(indent) + "}"
    }

    private mutating func printField(_ field: FieldSyntax, indent: Int, keyWidth: Int, blockKind: BlockKind?) {
        let key = field.key.text
        let padding = String(repeating: " ", count: max(0, keyWidth - key.unicodeScalars.count))
        let lead = pad(indent) + key + padding + " = "
        output += lead
        guard let value = field.value else { return }
        let isDate = blockKind.flatMap { BlockSchema.field(key, of: $0) }?.type == .date
        printValue(value, column: lead.unicodeScalars.count, indent: indent, isDate: isDate)
    }

    private mutating func printCitation(_ citation: CitationSyntax, indent: Int) {
        var line = pad(indent) + "cite"
        if let source = citation.source { line += " " + source.text }
        if let quote = citation.quote { line += " " + Self.canonicalString(quote) }
        output += line
    }

    // MARK: - Values

    private mutating func printValue(_ value: ValueSyntax, column: Int, indent: Int, isDate: Bool) {
        switch value {
        case .word(let token):
            output += isDate ? Self.canonicalDate(token.text) : token.text
        case .string(let token):
            output += Self.canonicalString(token)
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
        if !hasComments, let inline = inlineList(list), column + inline.unicodeScalars.count <= options.lineWidth {
            output += inline
            return
        }
        output += "["
        for entry in entries {
            output += lineBreak
            switch entry {
            case .comment(let text, _):
                output += pad(indent + 1) + text
            case .item(let element, let trailing, _, _):
                output += pad(indent + 1)
                switch element {
                case .token(let token):
                    output += token.kind == .string ? Self.canonicalString(token) : token.text
                case .node(let node):
                    if let nested = ListSyntax(node) {
                        printList(nested, column: (indent + 1) * options.indentWidth, indent: indent + 1)
                    } else {
                        output += node.text
                    }
                }
                output += ","
                if let trailing { output += " " + trailing }
            }
        }
        output += lineBreak + pad(indent) + "]"
    }

    /// `[a, b]` on one line, or nil when an element cannot be inline.
    private func inlineList(_ list: ListSyntax) -> String? {
        var parts: [String] = []
        for element in list.elements {
            switch element {
            case .word(let token): parts.append(token.text)
            case .string(let token): parts.append(Self.canonicalString(token))
            case .list(let nested):
                guard let inline = inlineList(nested) else { return nil }
                parts.append(inline)
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    // MARK: - Canonical spellings

    static func canonicalString(_ token: SyntaxToken) -> String {
        "\"" + StringLiteral.escape(StringLiteral.value(of: token)) + "\""
    }

    static func canonicalDate(_ text: String) -> String {
        if case .success(let value) = EDTF.parse(text) { return value.text }
        return text
    }

    // MARK: - Helpers

    private func pad(_ indent: Int) -> String {
        String(repeating: " ", count: indent * options.indentWidth)
    }

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

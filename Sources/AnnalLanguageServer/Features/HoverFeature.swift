import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/hover`: what a name, date, quote, key or keyword means.
///
/// - a programme or party reference or declaration id: its names in every
///   language, aliases, owner, dates, doc, and where it is declared (the
///   built-in catalogue or a file); on an alias, which id it stands for;
/// - an event date or a date field: the EDTF meaning and precision;
/// - a citation quote: whether it is found, and the sentence around it in
///   the source, with the source's title;
/// - a field key: its documentation from `BlockSchema`;
/// - a block keyword (and `cite`): what it declares.
///
/// Markdown when the client lists it in `hover.contentFormat`, else plain
/// text. `null` where there is nothing to say.
enum HoverFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/hover": hover]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("hoverProvider", true)]
    }

    static func hover(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let offset = try snapshot.requirePosition(context.params, in: file)
        let markup = DocMarkup(markdown: snapshot.capabilities.list(["textDocument", "hover", "contentFormat"], contains: "markdown"))
        guard let (text, range) = content(at: offset, in: file, snapshot: snapshot, markup: markup) else { return .null }
        return .object([
            ("contents", markup.content(text)),
            ("range", snapshot.range(range, in: file.analysis.lineIndex)),
        ])
    }

    /// The hover text and the range it describes.
    static func content(at offset: Int, in file: LocatedFile, snapshot: Snapshot, markup m: DocMarkup) -> (String, Range<Int>)? {
        let index = file.workspace.index
        if let symbol = SymbolLookup.symbol(at: offset, in: file.analysis.model) {
            switch symbol {
            case .reference(let reference):
                return referenceHover(reference, file: file, snapshot: snapshot, markup: m).map { ($0, reference.range) }
            case .declaration(let declaration):
                let text = DeclarationDocs.describe(declaration, index: index, markup: m,
                                                    origin: DeclarationDocs.origin(of: declaration, folder: file.folder, snapshot: snapshot, markup: m))
                return (text, declaration.idRange)
            case .quote(let citation):
                return (quoteHover(citation, file: file, snapshot: snapshot, markup: m), citation.quoteRange)
            case .eventDate(let event):
                return (dateHover(event.dateText, markup: m), event.dateRange)
            case .dateValue(let text, let range):
                return (dateHover(text, markup: m), range)
            case .sourcePath:
                break // the key and keyword lookups below do not apply to a string; nothing to add to the link
            }
        }
        return syntaxHover(at: offset, in: file, markup: m)
    }

    // MARK: - References

    static func referenceHover(_ reference: Reference, file: LocatedFile, snapshot: Snapshot, markup m: DocMarkup) -> String? {
        let index = file.workspace.index
        func describe(_ declaration: Declaration) -> String {
            DeclarationDocs.describe(declaration, index: index, markup: m,
                                     origin: DeclarationDocs.origin(of: declaration, folder: file.folder, snapshot: snapshot, markup: m))
        }
        switch index.resolve(reference.name, as: reference.expected) {
        case .declaration(let declaration):
            return describe(declaration)
        case .alias(let declaration):
            return "\(m.code(reference.name)) is an alias of \(m.code(declaration.id)); write \(m.code(declaration.id)).\n\n" + describe(declaration)
        case .wrongKind(let declaration):
            return "\(m.code(reference.name)) names \(DeclarationDocs.article(declaration.kind)), not \(DeclarationDocs.article(reference.expected)).\n\n"
                + describe(declaration)
        case .unknown:
            return nil
        }
    }

    // MARK: - Dates

    static func dateHover(_ text: String, markup m: DocMarkup) -> String {
        switch EDTF.parse(text) {
        case .success(let value):
            var lines = ["\(m.code(text)): \(m.text(value.description))"]
            lines.append("Precision: " + precision(of: value))
            var start: EDTFBound?
            var end: EDTFBound?
            if case .interval(let first, let last) = value { (start, end) = (first, last) }
            func missing(_ bound: EDTFBound?, _ side: String) -> String {
                bound == .unknown ? "an unknown \(side)" : "an open \(side)"
            }
            let earliest = value.earliest.map { $0.iso } ?? missing(start, "start")
            let latest = value.latest.map { $0.iso } ?? missing(end, "end")
            lines.append("Days: from \(earliest) to \(latest)")
            return lines.joined(separator: "\n\n")
        case .failure(let error):
            var text = "\(m.code(text)) is not a valid date: \(m.text(error.message))"
            if let suggestion = error.suggestion { text += "\n\nWrite \(m.code(suggestion))." }
            return text
        }
    }

    static func precision(of value: EDTFValue) -> String {
        func words(_ date: EDTFDate) -> String {
            var text = date.precision.rawValue
            switch date.qualifier {
            case .uncertain: text += ", uncertain"
            case .approximate: text += ", approximate"
            case .both: text += ", uncertain and approximate"
            case nil: break
            }
            return text
        }
        func bound(_ bound: EDTFBound) -> String {
            switch bound {
            case .date(let date): words(date)
            case .open: "open"
            case .unknown: "unknown"
            }
        }
        switch value {
        case .date(let date): return words(date)
        case .interval(let start, let end): return "\(bound(start)) (start), \(bound(end)) (end)"
        }
    }

    // MARK: - Quotes

    static func quoteHover(_ citation: CitationModel, file: LocatedFile, snapshot: Snapshot, markup m: DocMarkup) -> String {
        guard case .declaration(let source) = file.workspace.index.resolve(citation.source.name, as: .source) else {
            return "Quote from \(m.code(citation.source.name)), which is not a source of this workspace."
        }
        let title = source.string("title").map { m.italic($0) } ?? m.code(source.id)
        guard let (path, document) = snapshot.sourceDocument(of: source, in: file.folder) else {
            return "Quote from \(title), whose `path` does not lead inside the workspace."
        }
        guard let document else { return "Quote from \(title); the source document \(m.code(path)) is not loaded." }
        guard let text = document.text else {
            let reason = switch document.load {
            case .missing: "does not exist"
            case .unreadable(let why): "cannot be read (\(why))"
            case .notUTF8: "is not UTF-8 text"
            case .outsideWorkspace: "is outside the workspace"
            case .tooLarge: "is too large to be searched"
            case .text, .utf8: "has no text"
            }
            return "Quote from \(title): the source document \(m.code(path)) \(reason), so the quote is not searched."
        }
        let sourceLines = LineIndex(text)
        func place(_ range: Range<Int>) -> String { "\(m.code(path)), line \(sourceLines.line(of: range.lowerBound) + 1)" }
        switch document.find(utf8: citation.quoteUTF8) {
        case .found(let range):
            return "Found in \(title) (\(place(range))):\n\n" + SourceSentence.excerpt(around: range, in: sourceLines.bytes, markup: m)
        case .ambiguous(let ranges):
            var parts = ["Found \(ranges.count) times in \(title): lengthen the quote so it occurs once. First at \(place(ranges[0])):"]
            parts.append(SourceSentence.excerpt(around: ranges[0], in: sourceLines.bytes, markup: m))
            return parts.joined(separator: "\n\n")
        case .notFound(let closest):
            var parts = ["Not found in \(title) (\(m.code(path)))."]
            if let closest {
                let percent = Int((closest.similarity * 100).rounded())
                parts.append("Closest passage (\(percent)% similar, \(place(closest.range))):")
                parts.append(m.blockquote(m.text(closest.text)))
            }
            return parts.joined(separator: "\n\n")
        case .emptyQuote:
            return "The quote is empty: copy the passage of \(title) that backs this event."
        case nil:
            return "Quote from \(title); the source document \(m.code(path)) has no text."
        }
    }

    // MARK: - Keys and keywords

    /// Hover on a field key, a block keyword or `cite`, read from the tree.
    static func syntaxHover(at offset: Int, in file: LocatedFile, markup m: DocMarkup) -> (String, Range<Int>)? {
        let tree = file.analysis.tree
        guard let tokenIndex = wordToken(at: offset, in: tree) else { return nil }
        let token = SyntaxToken(tree: tree, index: tokenIndex)
        let path = tree.nodePath(at: Int(tree.tokens[tokenIndex].start))
        guard let node = path.last else { return nil }
        switch node.kind {
        case .block where node.tokenRange.lowerBound == tokenIndex:
            guard let kind = BlockKind(rawValue: token.text) else { return nil }
            return (KeywordDocs.describe(kind, markup: m), token.range)
        case .citation where node.tokenRange.lowerBound == tokenIndex:
            return (KeywordDocs.describeCite(markup: m), token.range)
        case .field where node.tokenRange.lowerBound == tokenIndex:
            guard let blockNode = path.dropLast().last(where: { $0.kind == .block }), let block = BlockSyntax(blockNode),
                  let kind = BlockKind(rawValue: block.keyword.text),
                  let spec = BlockSchema.field(token.text, of: kind) else { return nil }
            return (FieldDocs.describe(spec, key: token.text, in: kind, markup: m), token.range)
        default:
            return nil
        }
    }

    /// The word token at an offset; the end of a word counts as inside it.
    static func wordToken(at offset: Int, in tree: SyntaxTree) -> Int? {
        guard let index = tree.tokenIndex(at: offset) else { return nil }
        let token = tree.tokens[index]
        if token.kind == .word, Int(token.start) <= offset, offset < token.end { return index }
        if index > 0, tree.tokens[index - 1].kind == .word, tree.tokens[index - 1].end == offset { return index - 1 }
        if token.kind == .word, token.end == offset { return index }
        return nil
    }
}

// MARK: - Shared by hover and completion

/// Builds text as Markdown or as plain text.
struct DocMarkup: Sendable {
    let markdown: Bool

    /// Escapes Markdown punctuation in running text.
    func text(_ value: String) -> String {
        guard markdown else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    func bold(_ value: String) -> String { markdown ? "**\(text(value))**" : value }
    func italic(_ value: String) -> String { markdown ? "*\(text(value))*" : value }
    func code(_ value: String) -> String {
        guard markdown else { return value }
        return value.contains("`") ? "`` \(value) ``" : "`\(value)`"
    }

    /// A quoted passage (already formatted with `text`/`bold`).
    func blockquote(_ formatted: String) -> String { markdown ? "> " + formatted : "    " + formatted }

    /// A bulleted list.
    func list(_ items: [String]) -> String { items.map { "- " + $0 }.joined(separator: "\n") }

    /// `MarkupContent`.
    func content(_ value: String) -> JSONValue {
        .object([("kind", markdown ? "markdown" : "plaintext"), ("value", .string(value))])
    }
}

/// English names of the language tags the tools suggest.
enum LanguageTagNames {
    static let suggested: [(code: String, name: String)] = [
        ("fr", "French"), ("en", "English"), ("ru", "Russian"), ("kk", "Kazakh"), ("ky", "Kyrgyz"),
        ("uz", "Uzbek"), ("tk", "Turkmen"), ("de", "German"), ("es", "Spanish"),
    ]

    static func name(_ code: String) -> String {
        suggested.first { $0.code == code }?.name ?? code
    }
}

/// Descriptions of declarations, for hover and completion documentation.
enum DeclarationDocs {
    /// "a programme", "an event"…
    static func article(_ kind: BlockKind) -> String {
        kind == .event ? "an event" : "a \(kind.rawValue)"
    }

    /// Where a declaration comes from: the built-in catalogue, or its file and line.
    static func origin(of declaration: Declaration, folder: FolderState, snapshot: Snapshot, markup m: DocMarkup) -> String {
        if declaration.file == BuiltinCatalogue.path { return m.italic("From the built-in catalogue") }
        var text = "Declared in \(m.code(declaration.file))"
        if let lines = snapshot.lineIndex(folder: folder, path: declaration.file) {
            text += ", line \(lines.line(of: declaration.idRange.lowerBound) + 1)"
        }
        if declaration.kind == .party || declaration.kind == .programme,
           BuiltinCatalogue.analysis.model.declarations.contains(where: { $0.kind == declaration.kind && $0.id == declaration.id }) {
            text += " (overrides the built-in catalogue entry)"
        }
        return text
    }

    /// Names in every language, English first, then by code.
    static func names(of declaration: Declaration) -> [(lang: String, name: String)] {
        declaration.names.filter { !$0.key.isEmpty }.sorted { a, b in
            if a.key == "en" || b.key == "en" { return a.key == "en" && b.key != "en" }
            return a.key < b.key
        }.map { ($0.key, $0.value) }
    }

    /// "NATO (North Atlantic Treaty Organization)".
    static func reference(_ name: String, as kind: BlockKind, index: WorkspaceIndex, markup m: DocMarkup) -> String {
        switch index.resolve(name, as: kind) {
        case .declaration(let target) where target.names["en"] != nil && target.names["en"] != name:
            return "\(m.code(name)) (\(m.text(target.names["en"]!)))"
        case .alias(let target):
            return "\(m.code(name)) (alias of \(m.code(target.id)))"
        default:
            return m.code(name)
        }
    }

    /// The full description of a declaration.
    static func describe(_ declaration: Declaration, index: WorkspaceIndex, markup m: DocMarkup, origin: String) -> String {
        var parts: [String] = []
        let english = declaration.names["en"]
        switch declaration.kind {
        case .source:
            let title = declaration.string("title")
            parts.append(m.bold(declaration.id) + (title.map { " — " + m.text($0) } ?? ""))
            var facts: [String] = []
            if let path = declaration.string("path") { facts.append("File: \(m.code(path))") }
            if let kind = declaration.referenceName("kind") { facts.append("Kind: \(m.text(kind))") }
            if let publisher = declaration.referenceName("publisher") {
                facts.append("Publisher: " + reference(publisher, as: .party, index: index, markup: m))
            }
            if let lang = declaration.referenceName("lang") { facts.append("Language: \(m.text(LanguageTagNames.name(lang))) (\(m.code(lang)))") }
            if let updated = declaration.referenceName("updated") { facts.append("Updated: \(m.text(updated))") }
            if let url = declaration.string("url") { facts.append("URL: \(m.text(url))") }
            if !facts.isEmpty { parts.append(m.list(facts)) }
        case .party, .programme:
            parts.append(m.bold(declaration.id) + (english.map { " — " + m.text($0) } ?? ""))
            var summary = declaration.kind == .party ? "Party" : "Programme"
            if let kind = declaration.referenceName("kind") { summary += " (\(m.text(kind)))" }
            if let owner = declaration.referenceName("owner") {
                summary += ", run by " + reference(owner, as: .party, index: index, markup: m)
            }
            parts.append(summary)
            let names = names(of: declaration)
            if !names.isEmpty {
                parts.append(m.list(names.map { "\(LanguageTagNames.name($0.lang)): \(m.text($0.name))" }))
            }
            var facts: [String] = []
            if !declaration.aliases.isEmpty {
                facts.append("Aliases: " + declaration.aliases.map { m.code($0) }.joined(separator: ", "))
            }
            let since = declaration.referenceName("since")
            let until = declaration.referenceName("until")
            switch (since, until) {
            case let (since?, until?): facts.append("From \(m.text(since)) to \(m.text(until))")
            case let (since?, nil): facts.append("Since \(m.text(since))")
            case let (nil, until?): facts.append("Until \(m.text(until))")
            case (nil, nil): break
            }
            if let parent = declaration.referenceName("parent") {
                facts.append("Part of " + reference(parent, as: .programme, index: index, markup: m))
            }
            if let successor = declaration.referenceName("successor") {
                facts.append("Replaced by " + reference(successor, as: .programme, index: index, markup: m))
            }
            if !facts.isEmpty { parts.append(facts.joined(separator: m.markdown ? "  \n" : "\n")) }
        case .relation:
            let title = declaration.string("title")
            parts.append(m.bold(declaration.id) + (title.map { " — " + m.text($0) } ?? ""))
            var facts: [String] = []
            if case .list(let items, _) = declaration.field("parties")?.value {
                let names = items.compactMap(\.scalarText).map { reference($0, as: .party, index: index, markup: m) }
                facts.append("Relation between " + names.joined(separator: ", "))
            }
            if case .list(let items, _) = declaration.field("programmes")?.value, !items.isEmpty {
                facts.append("Programmes: " + items.compactMap(\.scalarText).map { m.code($0) }.joined(separator: ", "))
            }
            let count = declaration.events.count
            facts.append("\(count) event\(count == 1 ? "" : "s")")
            parts.append(facts.joined(separator: m.markdown ? "  \n" : "\n"))
        case .event:
            break
        }
        if let doc = declaration.string("doc") { parts.append(m.text(doc)) }
        if let summary = declaration.string("summary"), declaration.kind == .relation { parts.append(m.text(summary)) }
        parts.append(origin)
        return parts.joined(separator: "\n\n")
    }
}

/// What each block keyword declares.
enum KeywordDocs {
    static func summary(_ kind: BlockKind) -> String {
        switch kind {
        case .source: "Declares a source document that citations quote: a web page saved as text, a press article, a report."
        case .party: "Declares a party: a state or an organisation."
        case .programme: "Declares a programme, or any body through which parties cooperate: a forum, a mechanism, a plan, a centre, an operation, an initiative, a format, a project."
        case .relation: "Declares a relation between two or more parties, holding its events."
        case .event: "A dated event of a relation, backed by citations; its header is an EDTF date. Events declare nothing."
        }
    }

    static func describe(_ kind: BlockKind, markup m: DocMarkup) -> String {
        var parts = [m.bold(kind.rawValue) + " — " + m.text(summary(kind))]
        let fields = BlockSchema.fields(of: kind).map { spec in
            m.code(spec.key) + (spec.required ? " (required)" : "")
        }
        parts.append("Fields: " + fields.joined(separator: ", "))
        if kind == .event { parts.append("Backed by one or more " + m.code("cite SOURCE \"quote\"") + ".") }
        if kind == .relation { parts.append("Holds " + m.code("event") + " blocks, in chronological order.") }
        return parts.joined(separator: "\n\n")
    }

    static let citeSummary = "A citation: ties the event to the exact passage of a source that backs it. The quote must occur exactly once in the source's text."

    static func describeCite(markup m: DocMarkup) -> String {
        m.bold("cite") + " " + m.code("SOURCE \"quote\"") + " — " + m.text(citeSummary)
    }
}

/// Descriptions of fields.
enum FieldDocs {
    static func typeDescription(_ type: ValueType) -> String {
        switch type {
        case .string: "string"
        case .date: "EDTF date"
        case .enumeration(let values): "one of " + values.joined(separator: ", ")
        case .reference(let kind): "\(kind.rawValue) id"
        case .referenceList(let kind): "list of \(kind.rawValue) ids"
        case .stringList: "list of strings"
        case .identifierList: "list of identifiers"
        case .language: "language tag"
        }
    }

    static func describe(_ spec: FieldSpec, key: String, in kind: BlockKind, markup m: DocMarkup) -> String {
        var title = m.bold(key) + " — " + m.text(spec.doc)
        if key != spec.key, let dot = key.firstIndex(of: ".") {
            title += " (" + m.text(LanguageTagNames.name(String(key[key.index(after: dot)...]))) + ")"
        }
        var facts: [String] = []
        switch spec.type {
        case .enumeration(let values): facts.append("Value: one of " + values.map { m.code($0) }.joined(separator: ", "))
        default: facts.append("Value: " + m.text(typeDescription(spec.type)))
        }
        facts.append((spec.required && key == spec.key ? "Required" : "Optional") + " field of " + DeclarationDocs.article(kind) + ".")
        if spec.localized && key == spec.key { facts.append("Localized: add " + m.code("\(spec.key).fr") + " and others for other languages.") }
        return ([title] + facts).joined(separator: "\n\n")
    }
}

/// The sentence around a passage of a source, for showing a quote in context.
enum SourceSentence {
    /// The longest excerpt, in characters.
    static let maximumLength = 300

    /// The sentence around `range`: back to the previous `.`, `!` or `?`
    /// (followed by white space) or line break, forward to the next one;
    /// cut to about 300 characters around the passage, white space
    /// collapsed, the passage in bold.
    static func excerpt(around range: Range<Int>, in bytes: [UInt8], markup m: DocMarkup) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || isBreak(byte) }
        func isEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") }
        var start = lower
        while start > 0 {
            let byte = bytes[start - 1]
            if isBreak(byte) { break }
            if isEnd(byte), start < bytes.count, isSpace(bytes[start]) { break }
            start -= 1
        }
        var end = upper
        if !(end > lower && isEnd(bytes[end - 1])) {
            while end < bytes.count {
                let byte = bytes[end]
                if isBreak(byte) { break }
                end += 1
                if isEnd(byte), end == bytes.count || isSpace(bytes[end]) { break }
            }
        }
        var before = collapse(String(decoding: bytes[start..<lower], as: UTF8.self))
        let passage = collapse(String(decoding: bytes[lower..<upper], as: UTF8.self))
        var after = collapse(String(decoding: bytes[upper..<end], as: UTF8.self))
        before = String(before.drop { $0 == " " })
        after = String(after.reversed().drop { $0 == " " }.reversed())
        let budget = max(0, maximumLength - passage.count)
        if before.count + after.count > budget {
            let half = budget / 2
            let keepAfter = min(after.count, max(half, budget - before.count))
            let keepBefore = min(before.count, budget - keepAfter)
            if before.count > keepBefore { before = "…" + String(before.suffix(keepBefore)) }
            if after.count > keepAfter { after = String(after.prefix(keepAfter)) + "…" }
        }
        return m.blockquote(m.text(before) + (m.markdown ? "**\(m.text(passage))**" : passage) + m.text(after))
    }

    /// Every run of white space (no-break spaces included) as one space.
    static func collapse(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        if pendingSpace { out.append(" ") }
        return out
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/completion` and `completionItem/resolve`.
///
/// Offers, by where the cursor stands (`CompletionContext`):
/// - programme and party ids where a reference is expected (built-in and
///   workspace declarations, workspace ones overriding); typing an alias
///   (`PPP`, `fias`) offers the canonical id first, the typed spelling kept
///   in `filterText` so the client's own filtering keeps the item;
/// - source ids after `cite`;
/// - the fields of the enclosing block at the start of an item line (those
///   not given yet), block keywords (`source`, `party`, `programme`,
///   `relation` at top level, `event` in a relation, `cite` in an event),
///   as snippets when the client takes them;
/// - the values of `kind` and `lang`.
///
/// Every item edits through `textEdit` on the word under the cursor (one
/// line, containing the cursor); the list is complete (`isIncomplete:
/// false`), so the client filters as the user types. Ranking is carried by
/// zero-padded `sortText`: exact id or alias match, prefix matches on id,
/// alias or name, names already used in the file, then the rest. Heavy
/// documentation is left to `completionItem/resolve`, from the item's `data`.
///
/// Trigger characters, beyond identifier characters (which trigger anyway):
/// `[` and `,` open a list element, `=` a value, and the space the value
/// after `= `, `, ` or `cite `. Anywhere else they answer an empty list.
enum CompletionFeature: Feature {
    static let handlers: [String: RequestHandler] = [
        "textDocument/completion": completion,
        "completionItem/resolve": resolve,
    ]

    static let triggerCharacters = ["[", ",", "=", " "]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("completionProvider", .object([
            ("resolveProvider", true),
            ("triggerCharacters", .array(triggerCharacters.map { .string($0) })),
        ]))]
    }

    static func completion(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let offset = try snapshot.requirePosition(context.params, in: file)
        let position = CompletionContext.classify(tree: file.analysis.tree, lineIndex: file.analysis.lineIndex, offset: offset)
        let builder = CompletionItems(snapshot: snapshot, file: file, context: position)
        try context.checkCancelled()
        return .object([("isIncomplete", false), ("items", .array(builder.items()))])
    }

    /// Fills `documentation` from the item's `data`; changes nothing else.
    static func resolve(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        guard let item = context.params, case .object(var fields) = item else { return context.params ?? .null }
        guard let data = item["data"], let kind = data["kind"]?.stringValue, let id = data["id"]?.stringValue else { return item }
        let snapshot = context.snapshot
        let markup = DocMarkup(markdown: snapshot.capabilities.list(["textDocument", "completion", "completionItem", "documentationFormat"],
                                                                 contains: "markdown"))
        let file = data["uri"]?.stringValue.flatMap { snapshot.file($0) }
        let folder = file?.folder ?? snapshot.folders.first
        let index = folder?.workspace.index ?? Workspace().index
        var documentation: String?
        switch kind {
        case "programme", "party", "source":
            if let blockKind = BlockKind(rawValue: kind), let declaration = index.visible[DeclarationKey(blockKind, id)] {
                let origin: String
                if let folder {
                    origin = DeclarationDocs.origin(of: declaration, folder: folder, snapshot: snapshot, markup: markup)
                } else {
                    origin = declaration.file == BuiltinCatalogue.path ? markup.italic("From the built-in catalogue") : "Declared in \(markup.code(declaration.file))"
                }
                documentation = DeclarationDocs.describe(declaration, index: index, markup: markup, origin: origin)
            }
        case "field":
            if let blockKind = data["block"]?.stringValue.flatMap(BlockKind.init(rawValue:)),
               let spec = BlockSchema.field(id, of: blockKind) {
                documentation = FieldDocs.describe(spec, key: id, in: blockKind, markup: markup)
            }
        case "keyword":
            if id == "cite" {
                documentation = KeywordDocs.describeCite(markup: markup)
            } else if let blockKind = BlockKind(rawValue: id) {
                documentation = KeywordDocs.describe(blockKind, markup: markup)
            }
        default:
            break
        }
        guard let documentation else { return item }
        fields.removeAll { $0.0 == "documentation" }
        fields.append(("documentation", markup.markdown ? markup.content(documentation) : .string(documentation)))
        return .object(fields)
    }
}

/// LSP `CompletionItemKind` numbers used here.
enum CompletionItemKind {
    static let field = 5
    static let `class` = 7 // parties
    static let module = 9 // programmes
    static let keyword = 14
    static let snippet = 15
    static let file = 17 // sources
    static let enumMember = 20
}

/// Builds the items for one completion request.
struct CompletionItems {
    let snapshot: Snapshot
    let file: LocatedFile
    let context: CompletionContext

    var index: WorkspaceIndex { file.workspace.index }

    var snippets: Bool {
        snapshot.capabilities.supports("textDocument", "completion", "completionItem", "snippetSupport")
    }

    /// `insertTextMode: asIs` is sent only to clients that list it.
    var asIsSupported: Bool {
        snapshot.capabilities.value("textDocument", "completion", "completionItem", "insertTextModeSupport", "valueSet")?
            .arrayValue?.contains { $0.intValue == 1 } ?? false
    }

    /// The edit range: the word under the cursor.
    var editRange: JSONValue { snapshot.range(context.wordRange, in: file.analysis.lineIndex) }

    func items() -> [JSONValue] {
        switch context.position {
        case .none: []
        case .citeSource: referenceItems(.source, siblings: [])
        case .value(let key): valueItems(key: key, siblings: [])
        case .listElement(let key, let siblings): valueItems(key: key, siblings: siblings)
        case .itemStart: itemStartItems()
        }
    }

    // MARK: - Values

    private func valueItems(key: String, siblings: [String]) -> [JSONValue] {
        guard let type = context.valueType(of: key) else { return [] }
        switch type {
        case .reference(let kind), .referenceList(let kind):
            return referenceItems(kind, siblings: siblings)
        case .enumeration(let values):
            let what = context.blockKind.map { "\($0.rawValue) \(key)" } ?? key
            return values.enumerated().map { number, value in
                item(label: value, kind: CompletionItemKind.enumMember, detail: what, sortText: Self.sortText(number),
                     newText: valueText(value))
            }
        case .language:
            return LanguageTagNames.suggested.enumerated().map { number, language in
                item(label: language.code, kind: CompletionItemKind.enumMember, detail: language.name, sortText: Self.sortText(number),
                     filterText: "\(language.code) \(language.name)", newText: valueText(language.code))
            }
        case .string, .date, .stringList, .identifierList:
            return []
        }
    }

    /// A value as inserted: after `=` or `,` with no space, a space first.
    private func valueText(_ value: String) -> String { context.needsLeadingSpace ? " " + value : value }

    /// Ids of declarations of `kind`, ranked (see the type's documentation).
    private func referenceItems(_ kind: BlockKind, siblings: [String]) -> [JSONValue] {
        let typed = context.prefix
        let lower = typed.lowercased()
        let used = usedIDs(kind)
        let present = Set(siblings.compactMap { canonicalID($0, kind) })
        var ranked: [(tier: Int, declaration: Declaration, alias: String?)] = []
        for declaration in index.declarations(of: kind) {
            let (matchTier, alias) = rank(declaration, lower: lower)
            var tier = matchTier
            if tier >= 2 && used.contains(declaration.id) { tier = 2 }
            if tier >= 2 && present.contains(declaration.id) { tier = 4 } // already in this list
            ranked.append((tier, declaration, alias))
        }
        ranked.sort { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            let (x, y) = (a.declaration.id.lowercased(), b.declaration.id.lowercased())
            return x != y ? x < y : a.declaration.id < b.declaration.id
        }
        return ranked.enumerated().map { number, entry in
            let declaration = entry.declaration
            var filter: [String] = []
            if let alias = entry.alias {
                if entry.tier == 0, typed != alias { filter.append(typed) }
                filter.append(alias)
            } else if entry.tier == 0, typed != declaration.id {
                filter.append(typed)
            }
            filter.append(declaration.id)
            filter.append(contentsOf: declaration.aliases.filter { $0 != entry.alias })
            if let english = declaration.names["en"] { filter.append(english) }
            let detail: String? = switch kind {
            case .source: declaration.string("title") ?? declaration.string("path")
            default: declaration.names["en"]
            }
            let itemKind = switch kind {
            case .programme: CompletionItemKind.module
            case .party: CompletionItemKind.class
            default: CompletionItemKind.file
            }
            return item(label: declaration.id, kind: itemKind, detail: detail, sortText: Self.sortText(number),
                        filterText: filter.joined(separator: " "), newText: valueText(declaration.id),
                        data: [("kind", .string(kind.rawValue)), ("id", .string(declaration.id))])
        }
    }

    /// 0: the typed word is the id or an alias (any case); 1: it starts the
    /// id, an alias or a name; 3: anything else. The alias matched, if any.
    private func rank(_ declaration: Declaration, lower: String) -> (Int, String?) {
        guard !lower.isEmpty else { return (3, nil) }
        if declaration.id.lowercased() == lower { return (0, nil) }
        if let alias = declaration.aliases.first(where: { $0.lowercased() == lower }) { return (0, alias) }
        if declaration.id.lowercased().hasPrefix(lower) { return (1, nil) }
        if let alias = declaration.aliases.first(where: { $0.lowercased().hasPrefix(lower) }) { return (1, alias) }
        if declaration.names.values.contains(where: { $0.lowercased().hasPrefix(lower) }) { return (1, nil) }
        return (3, nil)
    }

    /// The canonical id a name resolves to, through an alias too.
    private func canonicalID(_ name: String, _ kind: BlockKind) -> String? {
        switch index.resolve(name, as: kind) {
        case .declaration(let declaration), .alias(let declaration): declaration.id
        default: nil
        }
    }

    /// Ids of `kind` referenced elsewhere in this file (not the word being
    /// typed). From the file's distinct names, each resolved once (a long
    /// file has tens of thousands of references: resolving each was most
    /// of a completion's time); the references are only scanned, by name,
    /// for another use of the one being typed.
    private func usedIDs(_ kind: BlockKind) -> Set<String> {
        let word = context.wordRange
        let model = file.analysis.model
        func atWord(_ reference: Reference) -> Bool {
            reference.expected == kind && reference.range.lowerBound <= word.upperBound && word.lowerBound <= reference.range.upperBound
        }
        var names = Set(model.referencedKeys.lazy.filter { $0.kind == kind }.map(\.id))
        for typed in model.references where atWord(typed) {
            let length = typed.name.utf8.count
            let usedElsewhere = model.references.contains {
                $0.expected == kind && $0.name.utf8.count == length && $0.name == typed.name && !atWord($0)
            }
            if !usedElsewhere { names.remove(typed.name) }
        }
        return Set(names.compactMap { canonicalID($0, kind) })
    }

    // MARK: - Items at the start of a line

    private func itemStartItems() -> [JSONValue] {
        var entries: [(tier: Int, item: JSONValue)] = []
        let kind = context.blockKind
        if let kind, let block = context.blocks.last {
            let word = context.wordRange
            let present = Set(block.fields.filter { field in
                !(field.key.range.lowerBound <= word.upperBound && word.lowerBound <= field.key.range.upperBound)
            }.map(\.key.text))
            for spec in BlockSchema.fields(of: kind) {
                if !present.contains(spec.key) {
                    entries.append((spec.required ? 0 : 1, fieldItem(spec.key, spec: spec, in: kind)))
                }
                if spec.localized {
                    for language in LanguageTagNames.suggested where language.code != "en" {
                        let key = "\(spec.key).\(language.code)"
                        if !present.contains(key) { entries.append((3, fieldItem(key, spec: spec, in: kind))) }
                    }
                }
            }
        }
        if context.blocks.isEmpty {
            for keyword in [BlockKind.source, .party, .programme, .relation] {
                entries.append((2, keywordItem(keyword.rawValue)))
            }
        } else if kind == .relation {
            entries.append((2, keywordItem("event")))
        } else if kind == .event {
            let hasCitation = !(context.blocks.last?.citations.isEmpty ?? true)
            entries.append((hasCitation ? 2 : 0, keywordItem("cite")))
        }
        // Stable by tier; each item's sortText is its final rank.
        let sorted = entries.enumerated().sorted { ($0.element.tier, $0.offset) < ($1.element.tier, $1.offset) }
        return sorted.enumerated().map { number, entry in
            guard case .object(var fields) = entry.element.item else { return entry.element.item }
            if let index = fields.firstIndex(where: { $0.0 == "sortText" }) { fields[index].1 = .string(Self.sortText(number)) }
            return .object(fields)
        }
    }

    private func fieldItem(_ key: String, spec: FieldSpec, in kind: BlockKind) -> JSONValue {
        let detail = FieldDocs.typeDescription(spec.type) + (spec.required && key == spec.key ? " · required" : "")
        let data: [(String, JSONValue)] = [("kind", "field"), ("block", .string(kind.rawValue)), ("id", .string(key))]
        if context.equalsFollows {
            return item(label: key, kind: CompletionItemKind.field, detail: detail, sortText: "", newText: key, data: data)
        }
        guard snippets else {
            return item(label: key, kind: CompletionItemKind.field, detail: detail, sortText: "", newText: key + " = ", data: data)
        }
        let value = switch spec.type {
        case .string: "\"$0\""
        case .referenceList, .identifierList: "[$0]"
        case .stringList: "[\"$0\"]"
        default: "$0"
        }
        return item(label: key, kind: CompletionItemKind.field, detail: detail, sortText: "",
                    newText: CompletionSnippet.escape(key) + " = " + value, snippet: true, data: data)
    }

    private func keywordItem(_ keyword: String) -> JSONValue {
        let detail = keyword == "cite" ? "cite SOURCE \"quote\"" : BlockKind(rawValue: keyword).map { KeywordDocs.summary($0) } ?? keyword
        let data: [(String, JSONValue)] = [("kind", "keyword"), ("id", .string(keyword))]
        guard snippets, let template = blockSnippet(keyword) else {
            return item(label: keyword, kind: CompletionItemKind.keyword, detail: detail, sortText: "", newText: keyword + " ", data: data)
        }
        return item(label: keyword, kind: CompletionItemKind.snippet, detail: detail, sortText: "", filterText: keyword,
                    newText: template, snippet: true, multiline: template.contains("\n"), data: data)
    }

    /// The snippet that writes a new block (or citation), indented like the cursor's line.
    private func blockSnippet(_ keyword: String) -> String? {
        let newline = "\n" + context.indentation
        var s = CompletionSnippet()
        switch keyword {
        case "source":
            s.literal("source "); s.placeholder(1, "id"); s.literal(" {" + newline + "  path  = \"")
            s.placeholder(2, "sources/document.txt"); s.literal("\"" + newline + "  title = \"")
            s.placeholder(3, "Title"); s.literal("\"" + newline + "  lang  = ")
            s.choice(4, LanguageTagNames.suggested.map(\.code)); s.literal(newline + "}")
        case "party":
            s.literal("party "); s.placeholder(1, "ID"); s.literal(" {" + newline + "  kind = ")
            s.choice(2, BlockSchema.partyKinds); s.literal(newline + "  name = \"")
            s.placeholder(3, "Name"); s.literal("\"" + newline + "}")
        case "programme":
            s.literal("programme "); s.placeholder(1, "ACRONYM"); s.literal(" {" + newline + "  name = \"")
            s.placeholder(2, "Name"); s.literal("\"" + newline + "  kind = ")
            s.choice(3, BlockSchema.programmeKinds); s.literal(newline + "}")
        case "relation":
            s.literal("relation "); s.placeholder(1, "id"); s.literal(" {" + newline + "  parties = [")
            s.placeholder(2, "NATO"); s.literal(", "); s.placeholder(3, "UZ"); s.literal("]" + newline + "}")
        case "event":
            s.literal("event "); s.placeholder(1, "2003-04"); s.literal(" {" + newline + "  kind = ")
            s.choice(2, BlockSchema.eventKinds); s.literal(newline + "  cite ")
            s.choice(3, sourceChoices(), default: "source"); s.literal(" \""); s.placeholder(4, "quote")
            s.literal("\"" + newline + "}")
        case "cite":
            s.literal("cite "); s.choice(1, sourceChoices(), default: "source"); s.literal(" \""); s.placeholder(2, "quote")
            s.literal("\"")
        default:
            return nil
        }
        return s.text
    }

    /// Source ids for a snippet: those declared or cited in this file first.
    private func sourceChoices() -> [String] {
        let local = file.analysis.model.declarations.filter { $0.kind == .source }.map(\.id)
            + file.analysis.model.references.filter { $0.expected == .source }.map(\.name)
        var seen = Set<String>()
        var result: [String] = []
        for id in local + index.declarations(of: .source).map(\.id) where seen.insert(id).inserted {
            guard index.visible[DeclarationKey(.source, id)] != nil else { continue }
            result.append(id)
        }
        return Array(result.prefix(10))
    }

    // MARK: - Item JSON

    private func item(label: String, kind: Int, detail: String?, sortText: String, filterText: String? = nil,
                      newText: String, snippet: Bool = false, multiline: Bool = false,
                      data: [(String, JSONValue)]? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [("label", .string(label)), ("kind", .int(kind))]
        if let detail { fields.append(("detail", .string(detail))) }
        fields.append(("sortText", .string(sortText)))
        if let filterText, filterText != label { fields.append(("filterText", .string(filterText))) }
        fields.append(("textEdit", .object([("range", editRange), ("newText", .string(newText))])))
        fields.append(("insertTextFormat", .int(snippet ? 2 : 1)))
        if snippet && multiline && asIsSupported { fields.append(("insertTextMode", 1)) }
        if let data { fields.append(("data", .object(data + [("uri", .string(file.uri))]))) }
        return .object(fields)
    }

    /// A zero-padded rank, so that clients sorting strings keep the order.
    static func sortText(_ rank: Int) -> String {
        let digits = String(rank)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Builds LSP snippet text, escaping literal parts.
struct CompletionSnippet {
    private(set) var text = ""

    /// `$`, `}` and `\` are escaped in literal text.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "\\" || character == "$" || character == "}" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Inside a choice, `,` and `|` are escaped too.
    static func escapeChoice(_ value: String) -> String {
        var out = ""
        for character in value {
            if "\\$},|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    mutating func literal(_ value: String) { text += Self.escape(value) }

    mutating func placeholder(_ number: Int, _ value: String) { text += "${\(number):\(Self.escape(value))}" }

    /// `${n|a,b|}`; a single option is a placeholder, none the default placeholder.
    mutating func choice(_ number: Int, _ options: [String], default fallback: String = "") {
        switch options.count {
        case 0: placeholder(number, fallback)
        case 1: placeholder(number, options[0])
        default: text += "${\(number)|" + options.map(Self.escapeChoice).joined(separator: ",") + "|}"
        }
    }
}

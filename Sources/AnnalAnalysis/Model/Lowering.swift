import AnnalSyntax

/// Turns one file's syntax tree into its semantic model, reporting every
/// problem that can be seen without looking at other files: syntax, block
/// placement, fields and their values, dates, empty quotes, event order.
struct Lowering {
    let tree: SyntaxTree
    let path: String
    /// The tree's bytes and nodes with it, taken once: read through the
    /// tree (a getter of another module), each use retained and released
    /// them, an atomic count for every event, block and reference.
    private let parts: SyntaxParts
    /// The event fields the model keeps (`eventFieldsKept` of `init`); nil
    /// keeps them all. Every value is checked on its syntax; the others are
    /// never lowered (a `summary`'s text is not even decoded).
    private let keptEventFields: SchemaFieldSet?
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var declarations: [Declaration] = []
    private(set) var references: [Reference] = []
    private var names = NameTable()

    init(tree: SyntaxTree, path: String, eventFieldsKept: [String]? = nil) {
        self.tree = tree
        self.path = path
        parts = SyntaxParts(tree: tree, bytes: tree.bytes, nodes: tree.nodes)
        keptEventFields = eventFieldsKept.map { SchemaFieldSet(keys: $0, of: .event) }
    }

    mutating func run() {
        diagnostics = Self.syntaxDiagnostics(of: tree, path: path)
        for item in tree.file.items {
            switch item {
            case .block(let block):
                lowerTopLevelBlock(block)
            case .field(let field):
                report(.misplacedBlock, field.node.range, "a field must stand inside a block; move `\(field.key.text)` into the block it belongs to")
            case .citation(let citation):
                report(.misplacedBlock, citation.node.range, "a citation must stand inside an event block")
            case .error:
                continue
            }
        }
        sortReferences()
        references.removeSpareCapacity(leaving: Reference(name: "", range: 0..<0, expected: .source))
    }

    /// The lexer's and parser's errors as diagnostics, the first thing
    /// lowering reports.
    static func syntaxDiagnostics(of tree: SyntaxTree, path: String) -> [Diagnostic] {
        tree.errors.map { error in
            let rule: Rule = switch error.kind {
            case .unexpected: .syntaxError
            case .unterminatedString: .unterminatedString
            case .invalidEscape: .invalidEscape
            }
            return Diagnostic(rule, file: path, range: error.range, message: error.message)
        }
    }

    /// References in text order (a relation's fields are lowered before its
    /// events, wherever they stand), so that an incremental update can
    /// splice one event's references in place.
    mutating func sortReferences() {
        references.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    // MARK: - Blocks

    private mutating func lowerTopLevelBlock(_ block: BlockSyntax) {
        guard let kind = blockKind(ofNode: block.node.index) else { return }
        if kind == .event {
            report(.misplacedBlock, block.keyword.range, "an event must stand inside a relation block; move it into the relation it belongs to")
            return
        }
        guard let header = block.header else {
            report(.missingRequiredField, block.keyword.range, "this `\(kind.rawValue)` block needs an id after the keyword, like `\(kind.rawValue) my-id {`")
            return
        }
        let id = header.text
        checkIdentifier(id, header.range, what: "a \(kind.rawValue) id")
        // The tree's parts and the events' schema taken once a block, for
        // every event of it (`SyntaxParts`).
        let parts = self.parts
        let (fields, given) = lowerFields(block, kind: kind, parts: parts)
        // The nested blocks by index (an array of their views cost an
        // allocation and a reference count each).
        var nestedCount = 0
        parts.forEachChild(of: block.node.index, ofKind: .block) { _ in nestedCount += 1 }
        // The events' parts in one table (`EventModel.Table`), their
        // fields and citations in one buffer each (most events keep one
        // field in `annal check` and have one citation: the reservations
        // are estimates).
        var table = EventModel.TableBuilder()
        if kind == .relation { table.reserve(nestedCount) }
        let eventSchema = KindSchema(.event)
        parts.forEachChild(of: block.node.index, ofKind: .block) { index in
            // By index: a view of each event retained the tree (only a
            // diagnostic needs one).
            guard let nestedKind = blockKind(ofNode: index) else { return }
            if kind == .relation && nestedKind == .event {
                lowerEvent(ofNode: index, parts: parts, schema: eventSchema, into: &table)
                return
            }
            let nested = BlockSyntax(SyntaxNode(tree: parts.tree, index: index))!
            if nestedKind == .event {
                report(.misplacedBlock, nested.keyword.range, "events belong in a relation block, not in a \(kind.rawValue)")
            } else {
                report(.misplacedBlock, nested.keyword.range, "a \(nestedKind.rawValue) is declared at the top level of a file, not inside a \(kind.rawValue)")
            }
        }
        let events = table.events()
        for citation in block.citations {
            report(.misplacedBlock, citation.node.range, "citations belong in an event block")
        }
        let headerSpan = block.keyword.range.lowerBound..<header.range.upperBound
        checkRequired(given, kind: kind, required: .required(of: kind), at: headerSpan)
        if kind == .relation {
            checkParties(fields)
            checkEventOrder(events)
        }
        declarations.append(Declaration(kind: kind, id: id, file: path, idRange: header.range,
                                        keywordRange: block.keyword.range, range: block.node.range,
                                        fields: fields, events: events))
    }

    /// The kind named by the keyword of the block at `node`; reports an
    /// unknown keyword.
    private mutating func blockKind(ofNode node: Int) -> BlockKind? {
        // A block's first token is its keyword (the parser opens the block
        // at it): read by index and compared as bytes, events first. A
        // token view, found by walking the block's children, cost about
        // 200 instructions a block.
        let first = Int(parts.nodes[node].firstToken)
        if tree.text(ofToken: first, equals: "event") { return .event }
        if tree.text(ofToken: first, equals: "relation") { return .relation }
        if tree.text(ofToken: first, equals: "source") { return .source }
        if tree.text(ofToken: first, equals: "programme") { return .programme }
        if tree.text(ofToken: first, equals: "party") { return .party }
        let block = BlockSyntax(SyntaxNode(tree: tree, index: node))!
        let keywordToken = block.keyword
        let keyword = keywordToken.text
        if let kind = BlockKind(rawValue: keyword) { return kind }
        let hint = DidYouMean.hint(for: keyword, among: BlockKind.allCases.map(\.rawValue))
        let fixes = DidYouMean.suggestion(for: keyword, among: BlockKind.allCases.map(\.rawValue)).map {
            [Fix(title: "Replace with `\($0)`", edits: [TextEdit(file: path, range: block.keyword.range, newText: $0)])]
        } ?? []
        report(.unknownBlockKeyword, block.keyword.range,
               "`\(keyword)` is not a block keyword (source, party, programme, relation, event)\(hint)", fixes: fixes)
        return nil
    }

    /// Lowers one event of a relation; its diagnostics and references are
    /// appended to this lowering's. Used alone by the incremental update.
    mutating func lowerEvent(_ block: BlockSyntax) -> EventModel {
        var table = EventModel.TableBuilder()
        let parts = self.parts
        lowerEvent(ofNode: block.node.index, parts: parts, schema: KindSchema(.event), into: &table)
        return table.events()[0]
    }

    /// Lowers one event, appending its parts to `table`.
    private mutating func lowerEvent(ofNode node: Int, parts: SyntaxParts, schema: KindSchema,
                                     into table: inout EventModel.TableBuilder) {
        let firstField = table.fields.count
        let firstCitation = table.citations.count
        var date: EDTFValue?
        // Keyword and date by index, like the fields (no views).
        let tree = parts.tree
        let (keyword, header) = tree.blockHead(ofNode: node)
        let keywordRange = tree.range(ofToken: keyword!)
        // Not `header.map(tree.text(ofToken:))`: the method as a value is
        // a closure holding the tree, retained and released at each event.
        let dateText = if let header { tree.text(ofToken: header) } else { "" }
        let dateRange = if let header { tree.range(ofToken: header) } else { keywordRange }
        if header != nil {
            date = checkDate(dateText, at: dateRange.lowerBound)
        } else {
            report(.missingRequiredField, keywordRange, "this event needs a date after `event`, like `event 2003-04 {`")
        }
        let given = lowerFields(ofNode: node, kind: .event, parts: parts, schema: schema, into: &table.fields)
        checkRequired(given, kind: .event, required: schema.required, at: keywordRange.lowerBound..<dateRange.upperBound)
        if !schema.programmeAndProgrammes.isEmpty, given.contains(all: schema.programmeAndProgrammes),
           let programme = firstKeyRange(of: Self.eventProgramme, kind: .event, inNode: node),
           let programmes = firstKeyRange(of: Self.eventProgrammes, kind: .event, inNode: node) {
            let second = programme.lowerBound < programmes.lowerBound ? programmes : programme
            report(.duplicateField, second, "give either `programme` or `programmes`, not both")
        }
        // Walked in place and by index, like the fields: no array of the
        // `cite` lines, no view of a citation, its source or its quote.
        var citationLines = 0
        parts.forEachChild(of: node, ofKind: .citation) { citation in
            citationLines += 1
            let cited = tree.citation(ofNode: citation)
            guard let source = cited.source, let quote = cited.quote else { return }
            let sourceRange = tree.range(ofToken: source)
            let quoteRange = tree.range(ofToken: quote)
            let reference = Reference(name: name(at: sourceRange), range: sourceRange, expected: .source)
            references.append(reference)
            let value = StringLiteral.valueUTF8(ofToken: quote, in: tree)
            if value.isBlankUTF8 {
                report(.emptyQuote, quoteRange, "the quote is empty; copy the passage of the source that backs this event")
            }
            table.citations.append(CitationModel(source: reference, quoteUTF8: value, quoteRange: quoteRange,
                                           range: tree.range(ofNode: citation)))
        }
        if table.citations.count == firstCitation && citationLines == 0 {
            report(.missingCitation, keywordRange.lowerBound..<dateRange.upperBound,
                   "this event has no citation; add `cite SOURCE \"quote\"` with the passage that backs it")
        }
        parts.forEachChild(of: node, ofKind: .block) { nested in
            report(.misplacedBlock, BlockSyntax(SyntaxNode(tree: tree, index: nested))!.keyword.range,
                   "blocks cannot nest inside an event")
        }
        // Moved in, not copied (a copy of a date retained its texts).
        table.dateTexts.append(consume dateText)
        table.dates.append(consume date)
        table.spans.append(EventModel.Spans(fields: firstField..<table.fields.count, citations: firstCitation..<table.citations.count,
                                            dateRange: dateRange, keywordRange: keywordRange, range: tree.range(ofNode: node)))
    }

    // MARK: - Fields

    /// The index of `programme` and of `programmes` among an event's fields.
    fileprivate static let eventProgramme = BlockSchema.fields(of: .event).firstIndex { $0.key == "programme" }!
    fileprivate static let eventProgrammes = BlockSchema.fields(of: .event).firstIndex { $0.key == "programmes" }!

    /// Checks the fields of a block and lowers those the model keeps (all
    /// but an event's fields outside `keptEventFields`); also returns the
    /// schema fields the block gives (each once: a repeated one is reported).
    private mutating func lowerFields(_ block: BlockSyntax, kind: BlockKind, parts: SyntaxParts) -> (fields: [FieldModel], given: SchemaFieldSet) {
        var fields: [FieldModel] = []
        // An event that keeps a few fields keeps one or two: no count walk.
        if kind != .event || keptEventFields == nil { fields.reserveCapacity(block.fieldCount) }
        let given = lowerFields(ofNode: block.node.index, kind: kind, parts: parts, schema: KindSchema(kind), into: &fields)
        return (fields, given)
    }

    /// `lowerFields(_:kind:parts:)` for the block at `node`, appending its
    /// fields to `result`, which may hold other blocks' fields before them
    /// (the events of a relation share one buffer).
    private mutating func lowerFields(ofNode node: Int, kind: BlockKind, parts: SyntaxParts, schema: KindSchema,
                                      into result: inout [FieldModel]) -> SchemaFieldSet {
        let blockStart = result.count
        let kept = kind == .event ? keptEventFields : nil
        var given = SchemaFieldSet()
        // Fields, keys and values by index (`ValueIndex`): a view per
        // field, key and value retained and released the tree, about a
        // fifth of lowering a field. The tree's parts and the schema's
        // arrays are read where they are handed in (a `let` copy of each
        // was a reference count taken and dropped a block).
        let tree = parts.tree
        let specs = schema.specs
        parts.forEachChild(of: node, ofKind: .field) { field in
            // A field's first token is its key (the parser opens the field
            // at it).
            let keyToken = Int(parts.nodes[field].firstToken)
            let keyRange = tree.range(ofToken: keyToken)
            let schemaIndex = BlockSchema.fieldIndex(ofKeyBytes: parts.bytes[keyRange], among: schema.packedKeys)
            let key = schemaIndex.map { specs[$0].key } ?? tree.text(ofToken: keyToken)
            // A key outside the schema may still be a localised one
            // (`name.fr`): its entry is the base key's. By index: a copy of
            // the entry per field retained and released its strings.
            let specIndex = schemaIndex ?? BlockSchema.fieldIndex(key, of: kind)
            // Only an exact schema key can be dropped: an event has no
            // localised field, so any other key of an event is unknown.
            let isKept = schemaIndex.map { kept?.contains($0) ?? true } ?? true
            let value = tree.value(ofField: field)
            guard let specIndex else {
                let known = specs.map(\.key)
                let suggestion = DidYouMean.suggestion(for: key, among: known)
                let fixes = suggestion.map { [Fix(title: "Rename to `\($0)`", edits: [TextEdit(file: path, range: keyRange, newText: $0)])] } ?? []
                report(.unknownField, keyRange,
                       "a \(kind.rawValue) has no field `\(key)`\(suggestion.map { "; did you mean `\($0)`?" } ?? " (fields: \(known.joined(separator: ", ")))")",
                       fixes: fixes)
                return
            }
            if let schemaIndex {
                guard !given.contains(schemaIndex) else {
                    reportRepeated(key, at: keyRange, firstAt: firstKeyRange(of: schemaIndex, kind: kind, inNode: node))
                    return
                }
                given.insert(schemaIndex)
            } else if let first = result[blockStart...].first(where: { $0.key == key }) {
                // A localised key (`name.fr`): kept in every block that has one.
                reportRepeated(key, at: keyRange, firstAt: first.keyRange)
                return
            }
            // A localised key (`name.fr`): its language tag after the
            // schema's key. An exact schema key is the schema's own string.
            if schemaIndex == nil {
                let specKey = specs[specIndex].key
                let lang = String(key.dropFirst(specKey.count + 1))
                if !isLanguageTag(lang) {
                    report(.invalidEnumValue, keyRange, "`\(lang)` is not a language tag; write a code such as `\(specKey).fr` or `\(specKey).en`")
                }
            }
            // Checked on the syntax; only a kept field is made a model (an
            // event's summary, kind and areas are not, in `annal check`).
            if let value {
                checkValue(value, type: schema.valueKinds[specIndex], field: specIndex, of: kind)
            }
            if isKept {
                // Static: an instance method used as a closure
                // (`.map(lowerValue)`) captured a copy of the whole lowering.
                let model = value.map { lowerValue($0) }
                result.append(FieldModel(key: key, keyRange: keyRange, value: model, range: tree.range(ofNode: field)))
            }
        }
        return given
    }

    private mutating func reportRepeated(_ key: String, at keyRange: Range<Int>, firstAt first: Range<Int>?) {
        report(.duplicateField, keyRange, "`\(key)` is already given in this block; keep one",
               related: first.map { [RelatedLocation(file: path, range: $0, message: "first given here")] } ?? [])
    }

    /// The key range of the first field of the block at `node` whose key
    /// is exactly the schema field `index` (asked only when a field is
    /// repeated).
    private func firstKeyRange(of index: Int, kind: BlockKind, inNode node: Int) -> Range<Int>? {
        let block = BlockSyntax(SyntaxNode(tree: tree, index: node))!
        let text = block.node.tree.bytes
        var found: Range<Int>?
        block.forEachField { field in
            guard found == nil else { return }
            let range = field.key.range
            if BlockSchema.fieldIndex(ofKeyBytes: text[range], in: kind) == index { found = range }
        }
        return found
    }

    /// The name the file's bytes at `range` spell (an id), made once a
    /// file (`NameTable`).
    @inline(__always)
    private mutating func name(at range: Range<Int>) -> String {
        parts.bytes.withUnsafeBufferPointer { names.name(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// `lowerValue(_:in:)` with a word's text from the file's names: a
    /// kept `programme` names what the file's references name.
    private mutating func lowerValue(_ value: ValueIndex) -> ValueModel {
        guard case .word(let token) = value else { return Self.lowerValue(value, in: tree) }
        let range = tree.range(ofToken: token)
        return .word(name(at: range), range)
    }

    private static func lowerValue(_ value: ValueIndex, in tree: SyntaxTree) -> ValueModel {
        switch value {
        case .string(let token):
            .string(StringLiteral.value(ofToken: token, in: tree), tree.range(ofToken: token))
        case .word(let token): .word(tree.text(ofToken: token), tree.range(ofToken: token))
        case .list(let node):
            .list(lowerElements(ofList: node, in: tree), tree.range(ofNode: node))
        }
    }

    private static func lowerElements(ofList node: Int, in tree: SyntaxTree) -> [ValueModel] {
        var items: [ValueModel] = []
        tree.forEachElement(ofList: node) { items.append(lowerValue($0, in: tree)) }
        return items
    }

    /// Checks a value against its field's type, on the syntax: a value
    /// the model drops is never lowered. Reports what is wrong and records
    /// the references it makes.
    /// `field`: the index of the value's field among `fields(of: kind)`.
    private mutating func checkValue(_ value: ValueIndex, type: ValueKind, field: Int, of kind: BlockKind) {
        // The field's schema key is read for a message only
        // (`schemaKey`; a copy of it at each field was two reference
        // counts), from the block's kind, which `.reference(let kind)`
        // below shadows.
        let blockKind = kind
        switch type {
        case .string:
            guard case .string = value else {
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes a string in double quotes", fixes: quoteFix(value))
                return
            }
        case .date:
            switch value {
            case .word(let token):
                _ = checkDate(tree.text(ofToken: token), at: tree.range(ofToken: token).lowerBound)
            case .string(let token):
                let range = tree.range(ofToken: token)
                report(.invalidValue, range, "`\(Self.schemaKey(field, of: blockKind))` takes a date written without quotes, like `2003-04`",
                       fixes: [Fix(title: "Remove the quotes",
                                   edits: [TextEdit(file: path, range: range, newText: StringLiteral.value(ofToken: token, in: tree))])])
            case .list(let node):
                report(.invalidValue, tree.range(ofNode: node), "`\(Self.schemaKey(field, of: blockKind))` takes one date, not a list")
            }
        case .enumeration:
            guard case .word(let token) = value else {
                let allowed = BlockSchema.enumerationWords(field: field, of: kind)
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes one of: \(allowed.joined(separator: ", "))")
                return
            }
            // Compared packed: no String for an allowed word (an event's
            // kind is one of 16).
            let range = tree.range(ofToken: token)
            let word = parts.bytes.withUnsafeBufferPointer { BlockSchema.PackedKey(UnsafeBufferPointer(rebasing: $0[range])) }
            if !(word.map(BlockSchema.allowedWords(of: kind)[field].contains) ?? false) {
                let text = tree.text(ofToken: token)
                let allowed = BlockSchema.enumerationWords(field: field, of: kind)
                let suggestion = DidYouMean.suggestion(for: text, among: allowed)
                report(.invalidEnumValue, range,
                       "`\(text)` is not a \(Self.schemaKey(field, of: blockKind)); use one of: \(allowed.joined(separator: ", "))",
                       fixes: suggestion.map { [Fix(title: "Replace with `\($0)`", edits: [TextEdit(file: path, range: range, newText: $0)])] } ?? [])
            }
        case .language:
            guard case .word(let token) = value else {
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes a language code such as fr or en, without quotes")
                return
            }
            let text = tree.text(ofToken: token)
            if !isLanguageTag(text) {
                report(.invalidEnumValue, tree.range(ofToken: token), "`\(text)` is not a language code; write a code such as fr or en")
            }
        case .reference(let kind):
            guard case .word(let token) = value else {
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes the id of a \(kind.rawValue), without quotes", fixes: unquoteFix(value))
                return
            }
            checkReference(token, kind: kind)
        case .referenceList(let kind):
            guard case .list(let list) = value else {
                var fixes: [Fix] = []
                if case .word(let token) = value {
                    fixes = [Fix(title: "Make it a list", edits: [TextEdit(file: path, range: tree.range(ofToken: token), newText: "[\(tree.text(ofToken: token))]")])]
                }
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes a list of \(kind.rawValue) ids, like [NATO, UZ]", fixes: fixes)
                return
            }
            tree.forEachElement(ofList: list) { item in
                guard case .word(let token) = item else {
                    report(.invalidValue, tree.range(of: item), "each element of `\(Self.schemaKey(field, of: blockKind))` is a \(kind.rawValue) id, without quotes", fixes: unquoteFix(item))
                    return
                }
                checkReference(token, kind: kind)
            }
        case .stringList:
            guard case .list(let list) = value else {
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes a list of strings, like [\"energy security\"]")
                return
            }
            tree.forEachElement(ofList: list) { item in
                if case .string = item { return }
                report(.invalidValue, tree.range(of: item), "each element of `\(Self.schemaKey(field, of: blockKind))` is a string in double quotes", fixes: quoteFix(item))
            }
        case .identifierList:
            guard case .list(let list) = value else {
                report(.invalidValue, tree.range(of: value), "`\(Self.schemaKey(field, of: blockKind))` takes a list of identifiers, like [PPP]")
                return
            }
            tree.forEachElement(ofList: list) { item in
                guard case .word(let token) = item else {
                    report(.invalidValue, tree.range(of: item), "each element of `\(Self.schemaKey(field, of: blockKind))` is an identifier, without quotes", fixes: unquoteFix(item))
                    return
                }
                checkIdentifier(tree.text(ofToken: token), tree.range(ofToken: token), what: "an alias")
            }
        }
    }

    /// The key of schema field `field` of `kind` (`BlockSchema.fields`).
    private static func schemaKey(_ field: Int, of kind: BlockKind) -> String {
        BlockSchema.fields(of: kind)[field].key
    }

    /// A word naming a declaration: checked as an identifier, and recorded
    /// as a reference when it is one.
    private mutating func checkReference(_ token: Int, kind: BlockKind) {
        let range = tree.range(ofToken: token)
        // Checked on the bytes: most references are valid, and a String is
        // made once, for the reference.
        let valid = parts.bytes.withUnsafeBufferPointer { Identifier.isValid(bytes: UnsafeBufferPointer(rebasing: $0[range])) }
        if valid {
            references.append(Reference(name: name(at: range), range: range, expected: kind))
        } else {
            checkIdentifier(tree.text(ofToken: token), range, what: "a \(kind.rawValue) id")
        }
    }

    private func quoteFix(_ value: ValueIndex) -> [Fix] {
        guard case .word(let token) = value else { return [] }
        return [Fix(title: "Put it in quotes",
                    edits: [TextEdit(file: path, range: tree.range(ofToken: token), newText: "\"\(StringLiteral.escape(tree.text(ofToken: token)))\"")])]
    }

    private func unquoteFix(_ value: ValueIndex) -> [Fix] {
        guard case .string(let token) = value else { return [] }
        let text = StringLiteral.value(ofToken: token, in: tree)
        guard Identifier.isValid(text) else { return [] }
        return [Fix(title: "Remove the quotes", edits: [TextEdit(file: path, range: tree.range(ofToken: token), newText: text)])]
    }

    /// `required`: the kind's required fields, which an event's schema
    /// holds (taken once a relation: each read of the global set checked
    /// that it was made).
    private mutating func checkRequired(_ given: SchemaFieldSet, kind: BlockKind, required: SchemaFieldSet,
                                        at range: Range<Int>) {
        // Most blocks give every required field: one test of bits, no walk
        // over the schema (each spec it read was copied and released).
        if given.contains(all: required) { return }
        for (index, spec) in BlockSchema.fields(of: kind).enumerated() where spec.required && !given.contains(index) {
            report(.missingRequiredField, range, "this \(kind.rawValue) lacks the required field `\(spec.key)`: \(spec.doc.prefix(1).lowercased() + spec.doc.dropFirst())")
        }
    }

    private mutating func checkParties(_ fields: [FieldModel]) {
        guard let field = fields.first(where: { $0.key == "parties" }), case .list(let items, let listRange) = field.value else { return }
        if items.count < 2 {
            report(.tooFewParties, listRange, "a relation has at least two parties; this one names \(items.count)")
        }
    }

    /// Hints where an event starts before an earlier-listed event.
    mutating func checkEventOrder(_ events: [EventModel]) {
        // The latest start so far and its event's place: the events are
        // read in place and a date's text only for a message (a copy of
        // each event, and of the latest one's text, were reference counts
        // taken and dropped at most events).
        var latestStart: DayStamp?
        var latest = 0
        for index in events.indices {
            guard let start = events[index].dateSpan?.earliest else { continue }
            if let previous = latestStart, start < previous {
                report(.eventsOutOfOrder, events[index].dateRange,
                       "this event (\(events[index].dateText)) starts before an event listed above it (\(events[latest].dateText)); keep events in chronological order")
            }
            if latestStart == nil || start > latestStart! {
                latestStart = start
                latest = index
            }
        }
    }

    // MARK: - Words

    /// Parses an EDTF date and reports what is wrong with it.
    private mutating func checkDate(_ text: String, at offset: Int) -> EDTFValue? {
        switch EDTF.parse(text) {
        case .success(let value):
            return value
        case .failure(let error):
            let rule: Rule = switch error.kind {
            case .syntax: .invalidDate
            case .calendar: .impossibleDate
            case .reversed: .reversedInterval
            case .unsupportedLevel: .unsupportedDateLevel
            }
            let length = max(1, min(error.length, text.utf8.count - error.offset))
            let start = offset + min(max(error.offset, 0), max(text.utf8.count - 1, 0))
            let range = text.isEmpty ? offset..<offset : start..<(start + length)
            var fixes: [Fix] = []
            if let suggestion = error.suggestion {
                fixes = [Fix(title: "Write `\(suggestion)`", edits: [TextEdit(file: path, range: offset..<(offset + text.utf8.count), newText: suggestion)])]
            }
            report(rule, range, error.message, fixes: fixes)
            return nil
        }
    }

    @discardableResult
    private mutating func checkIdentifier(_ name: String, _ range: Range<Int>, what: @autoclosure () -> String) -> Bool {
        if Identifier.isValid(name) { return true }
        report(.invalidIdentifier, range, "`\(name)` is not valid as \(what()): start with a letter, then letters, digits, `-`, `_`, `.` or `+`")
        return false
    }

    /// A language tag such as `fr`, `en` or `pt-BR`: two or three
    /// lowercase ASCII letters, then `-` parts of one to eight ASCII
    /// letters or digits. Read as bytes (splitting made arrays of parts).
    private func isLanguageTag(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var partIndex = 0
            var partLength = 0
            func partIsValid() -> Bool { partIndex == 0 ? (2...3).contains(partLength) : (1...8).contains(partLength) }
            for byte in bytes {
                if byte == UInt8(ascii: "-") {
                    guard partIsValid() else { return false }
                    partIndex += 1
                    partLength = 0
                    continue
                }
                let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                let isOther = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard isLower || (partIndex > 0 && isOther) else { return false }
                partLength += 1
            }
            return partIsValid()
        }
    }

    private mutating func report(_ rule: Rule, _ range: Range<Int>, _ message: String,
                                 related: [RelatedLocation] = [], fixes: [Fix] = []) {
        diagnostics.append(Diagnostic(rule, file: path, range: range, message: message, related: related, fixes: fixes))
    }
}

/// The parts of a file's tree that lowering reads, taken from the tree
/// once, copied once a top-level block and handed to the lowering of each
/// of its events and fields. Each `let` copy of them in an event's lowering, and each
/// walk of a node's children through the tree's getters, took and dropped
/// reference counts (atomic ones: about twenty an event, half of them these).
struct SyntaxParts {
    let tree: SyntaxTree
    let bytes: [UInt8]
    let nodes: [NodeRecord]

    /// Calls `body` with the index of each direct child node of `node` of
    /// `kind`, in order, on the nodes held here.
    @inline(__always)
    func forEachChild(of node: Int, ofKind kind: SyntaxKind, _ body: (Int) -> Void) {
        NodeRecord.forEachChild(of: node, ofKind: kind, in: nodes, body)
    }
}

/// A block kind's fields and their value types (`BlockSchema`), taken once
/// for all the events of a relation.
struct KindSchema {
    let specs: [FieldSpec]
    let valueKinds: [ValueKind]
    /// The keys of `specs`, packed (`BlockSchema.PackedKey`): read here,
    /// not from the global arrays, each read of which checked that it
    /// was made (a call a field).
    let packedKeys: [BlockSchema.PackedKey]
    /// The fields a block of the kind must give.
    let required: SchemaFieldSet
    /// Both `programme` and `programmes` (an event gives one or the
    /// other); empty for a kind without them.
    let programmeAndProgrammes: SchemaFieldSet

    init(_ kind: BlockKind) {
        specs = BlockSchema.fields(of: kind)
        valueKinds = BlockSchema.valueKinds(of: kind)
        packedKeys = BlockSchema.packedKeys(of: kind)
        required = .required(of: kind)
        programmeAndProgrammes = kind == .event ? Self.eventProgrammeFields : SchemaFieldSet()
    }

    /// `Lowering.eventProgramme` and `Lowering.eventProgrammes` as a set.
    private static let eventProgrammeFields: SchemaFieldSet = {
        var fields = SchemaFieldSet()
        fields.insert(Lowering.eventProgramme)
        fields.insert(Lowering.eventProgrammes)
        return fields
    }()
}

/// The identifier syntax: a letter, then letters, digits, `-`, `_`, `.`, `+`.
public enum Identifier {
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isValid(bytes: $0) }
    }

    /// `isValid(_:)` of the text spelt by `bytes`.
    static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, isLetter(first) else { return false }
        for byte in bytes.dropFirst() {
            guard isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
            else { return false }
        }
        return true
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}

import AnnalAnalysis

/// Builds the `ExportedDataset` of a workspace: names resolved to their
/// canonical ids (an alias such as `OTAN` becomes `NATO`), quotes located,
/// the built-in catalogue entries the dataset refers to added, and
/// everything in a deterministic order.
public enum DatasetBuilder {
    /// The dataset of `workspace`. `diagnostics` are the workspace's
    /// diagnostics when the caller already has them (they are only counted);
    /// nil computes them.
    public static func build(_ workspace: Workspace, diagnostics: [Diagnostic]? = nil) -> ExportedDataset {
        let diagnostics = diagnostics ?? workspace.allDiagnostics()
        let paths = workspace.files.keys.sorted()
        let names = NameResolver(index: workspace.index)

        // The first workspace declaration of each kind and id (duplicates are errors).
        var declared: [DeclarationKey: Declaration] = [:]
        var relations: [Declaration] = []
        for path in paths {
            for declaration in workspace.files[path]!.model.declarations {
                if declaration.kind == .relation { relations.append(declaration) }
                let key = DeclarationKey(declaration.kind, declaration.id)
                if declared[key] == nil { declared[key] = declaration }
            }
        }

        var locator = CitationLocator(workspace: workspace)
        let exportedRelations = relations.map { relation(workspace, $0, names, &locator) }
        let sources = declared.values.filter { $0.kind == .source }.map { source(workspace, $0, names) }.sorted { $0.id < $1.id }

        // Parties and programmes: the workspace's, plus the built-in ones
        // referred to, followed through owners, parents and successors.
        var entities: [DeclarationKey: ExportedEntity] = [:]
        var pending: [DeclarationKey] = []
        for (key, declaration) in declared where key.kind == .party || key.kind == .programme {
            entities[key] = entity(workspace, declaration, names, builtin: false)
            pending.append(key)
        }
        func refer(_ id: String?, _ kind: BlockKind) {
            guard let id else { return }
            let key = DeclarationKey(kind, id)
            guard entities[key] == nil, let declaration = workspace.index.visible[key],
                  declaration.file == BuiltinCatalogue.path else { return }
            entities[key] = entity(workspace, declaration, names, builtin: true)
            pending.append(key)
        }
        for relation in exportedRelations {
            relation.parties.forEach { refer($0, .party) }
            relation.programmes.forEach { refer($0, .programme) }
            for event in relation.events {
                event.parties.forEach { refer($0, .party) }
                event.programmes.forEach { refer($0, .programme) }
            }
        }
        for source in sources { refer(source.publisher, .party) }
        while let key = pending.popLast() {
            let entity = entities[key]!
            refer(entity.owner, .party)
            refer(entity.parent, .programme)
            refer(entity.successor, .programme)
        }
        let parties = entities.filter { $0.key.kind == .party }.map(\.value).sorted { $0.id < $1.id }
        let programmes = entities.filter { $0.key.kind == .programme }.map(\.value).sorted { $0.id < $1.id }

        let events = exportedRelations.reduce(0) { $0 + $1.events.count }
        let citations = exportedRelations.reduce(0) { $0 + $1.events.reduce(0) { $0 + $1.citations.count } }
        let summary = ExportSummary(files: paths.count, relations: exportedRelations.count, events: events, citations: citations,
                                    errors: diagnostics.count { $0.severity == .error },
                                    warnings: diagnostics.count { $0.severity == .warning })
        return ExportedDataset(files: paths, sources: sources, parties: parties, programmes: programmes,
                               relations: exportedRelations, summary: summary)
    }

    // MARK: - Declarations

    private static func line(_ workspace: Workspace, _ declaration: Declaration) -> Int {
        guard let file = workspace.files[declaration.file] else { return 0 }
        return file.lineIndex.line(of: declaration.keywordRange.lowerBound) + 1
    }

    private static func source(_ workspace: Workspace, _ declaration: Declaration, _ names: NameResolver) -> ExportedSource {
        let path = workspace.sourcePath(of: declaration)
        return ExportedSource(
            id: declaration.id, file: declaration.file, line: line(workspace, declaration), path: path,
            title: declaration.string("title"), kind: word(declaration.field("kind"), in: BlockSchema.sourceKinds),
            publisher: declaration.referenceName("publisher").map { names.canonical($0, .party) },
            lang: word(declaration.field("lang")), updated: date(declaration.field("updated")),
            url: declaration.string("url"),
            available: path.flatMap { workspace.sources[$0]?.text } != nil)
    }

    private static func entity(_ workspace: Workspace, _ declaration: Declaration, _ names: NameResolver,
                               builtin: Bool) -> ExportedEntity {
        let isProgramme = declaration.kind == .programme
        func reference(_ key: String, _ kind: BlockKind) -> String? {
            guard isProgramme else { return nil }
            return declaration.referenceName(key).map { names.canonical($0, kind) }
        }
        return ExportedEntity(
            id: declaration.id, builtin: builtin,
            file: builtin ? nil : declaration.file, line: builtin ? nil : line(workspace, declaration),
            kind: word(declaration.field("kind"), in: isProgramme ? BlockSchema.programmeKinds : BlockSchema.partyKinds),
            names: declaration.names.sorted { $0.key < $1.key }.map { LocalizedName(lang: $0.key, name: $0.value) },
            aliases: declaration.aliases, doc: declaration.string("doc"),
            owner: reference("owner", .party), parent: reference("parent", .programme),
            successor: reference("successor", .programme),
            since: isProgramme ? date(declaration.field("since")) : nil,
            until: isProgramme ? date(declaration.field("until")) : nil)
    }

    private static func relation(_ workspace: Workspace, _ declaration: Declaration, _ names: NameResolver,
                                 _ locator: inout CitationLocator) -> ExportedRelation {
        let parties = words(declaration.field("parties")).map { names.canonical($0, .party) }
        let lineIndex = workspace.files[declaration.file]?.lineIndex
        let events = declaration.events.enumerated().map { index, event -> ExportedEvent in
            let own = event.field("parties")
            return ExportedEvent(
                index: index, file: declaration.file,
                line: (lineIndex?.line(of: event.keywordRange.lowerBound) ?? -1) + 1,
                date: ExportedDate(text: event.dateText, value: event.date),
                kind: word(event.field("kind"), in: BlockSchema.eventKinds),
                programmes: event.programmes.map { names.canonical($0, .programme) },
                parties: own == nil ? parties : words(own).map { names.canonical($0, .party) },
                partiesFromRelation: own == nil,
                place: string(event.field("place")), summary: string(event.field("summary")),
                areas: strings(event.field("areas")),
                citations: event.citations.map { locator.locate($0) })
        }
        return ExportedRelation(
            id: declaration.id, file: declaration.file, line: line(workspace, declaration),
            title: declaration.string("title"), summary: declaration.string("summary"), parties: parties,
            programmes: words(declaration.field("programmes")).map { names.canonical($0, .programme) },
            events: events)
    }

    // MARK: - Values

    /// A word value (an enumeration or a language tag).
    private static func word(_ field: FieldModel?) -> String? {
        if case .word(let text, _) = field?.value { return text }
        return nil
    }

    /// A word of an enumeration; nil when it is not one of `allowed` (an
    /// error the export leaves out rather than pass on).
    private static func word(_ field: FieldModel?, in allowed: [String]) -> String? {
        word(field).flatMap { allowed.contains($0) ? $0 : nil }
    }

    private static func string(_ field: FieldModel?) -> String? {
        if case .string(let text, _) = field?.value { return text }
        return nil
    }

    /// The words of a list (or a lone word written without brackets).
    private static func words(_ field: FieldModel?) -> [String] {
        switch field?.value {
        case .word(let text, _): [text]
        case .list(let items, _): items.compactMap { if case .word(let text, _) = $0 { text } else { nil } }
        default: []
        }
    }

    private static func strings(_ field: FieldModel?) -> [String] {
        switch field?.value {
        case .string(let text, _): [text]
        case .list(let items, _): items.compactMap { if case .string(let text, _) = $0 { text } else { nil } }
        default: []
        }
    }

    private static func date(_ field: FieldModel?) -> ExportedDate? {
        guard let text = word(field) else { return nil }
        return ExportedDate(text: text)
    }
}

/// Resolves a name to its declaration's canonical id: an alias becomes the
/// id it stands for; an unknown name stays as written.
struct NameResolver {
    let index: WorkspaceIndex

    func canonical(_ name: String, _ kind: BlockKind) -> String {
        switch index.resolve(name, as: kind) {
        case .declaration(let declaration), .alias(let declaration): declaration.id
        case .wrongKind, .unknown: name
        }
    }
}

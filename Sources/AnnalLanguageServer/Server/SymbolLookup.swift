import AnnalAnalysis
import AnnalSyntax

/// What stands at a position of a `.annal` file, for navigation, hover and rename.
enum SymbolAtPosition: Sendable {
    /// A name used where a declaration is expected.
    case reference(Reference)
    /// The id in a declaration's header.
    case declaration(Declaration)
    /// The quote of a citation.
    case quote(CitationModel)
    /// The `path` string of a source declaration.
    case sourcePath(Declaration, range: Range<Int>)
    /// An event's date.
    case eventDate(EventModel)
    /// A date field value (`since`, `until`, `updated`).
    case dateValue(String, range: Range<Int>)
}

enum SymbolLookup {
    /// The symbol at a byte offset; the end of a token counts as inside it,
    /// so a cursor just after a name still finds the name.
    static func symbol(at offset: Int, in model: FileModel) -> SymbolAtPosition? {
        func contains(_ range: Range<Int>) -> Bool { range.lowerBound <= offset && offset <= range.upperBound }
        for reference in model.references where contains(reference.range) { return .reference(reference) }
        for declaration in model.declarations {
            guard contains(declaration.range) else { continue }
            if contains(declaration.idRange) { return .declaration(declaration) }
            if declaration.kind == .source, let field = declaration.field("path"), case .string(_, let range) = field.value, contains(range) {
                return .sourcePath(declaration, range: range)
            }
            for field in declaration.fields {
                if case .word(let text, let range) = field.value, contains(range),
                   BlockSchema.field(field.key, of: declaration.kind)?.type == .date {
                    return .dateValue(text, range: range)
                }
            }
            for event in declaration.events where contains(event.range) {
                if contains(event.dateRange), !event.dateText.isEmpty { return .eventDate(event) }
                for citation in event.citations where contains(citation.quoteRange) { return .quote(citation) }
            }
        }
        return nil
    }

    /// The declaration a symbol names (through an alias too), if any.
    static func declaration(of symbol: SymbolAtPosition, in index: WorkspaceIndex) -> Declaration? {
        switch symbol {
        case .declaration(let declaration):
            return index.visible[DeclarationKey(declaration.kind, declaration.id)] ?? declaration
        case .reference(let reference):
            switch index.resolve(reference.name, as: reference.expected) {
            case .declaration(let declaration), .alias(let declaration), .wrongKind(let declaration): return declaration
            case .unknown: return nil
            }
        case .quote(let citation):
            if case .declaration(let source) = index.resolve(citation.source.name, as: .source) { return source }
            return nil
        case .sourcePath(let declaration, _):
            return declaration
        case .eventDate, .dateValue:
            return nil
        }
    }

    /// Every reference in the workspace that resolves to `target`, by file
    /// (single-reference fields such as `owner` included: lowering records them).
    static func references(to target: Declaration, in workspace: Workspace) -> [(path: String, reference: Reference)] {
        var result: [(String, Reference)] = []
        for path in workspace.files.keys.sorted() {
            guard let file = workspace.files[path] else { continue }
            for reference in file.model.references {
                guard reference.expected == target.kind || reference.name == target.id else { continue }
                switch workspace.index.resolve(reference.name, as: reference.expected) {
                case .declaration(let found), .alias(let found), .wrongKind(let found):
                    if found.id == target.id && found.kind == target.kind && found.file == target.file { result.append((path, reference)) }
                case .unknown:
                    continue
                }
            }
        }
        return result
    }
}

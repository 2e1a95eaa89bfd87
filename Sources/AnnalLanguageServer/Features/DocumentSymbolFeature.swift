import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/documentSymbol`: the outline of a file. Sources, parties,
/// programmes and relations, with each relation's events as children.
///
/// Hierarchical `DocumentSymbol[]` when the client announces
/// `hierarchicalDocumentSymbolSupport`, else flat `SymbolInformation[]`
/// (events then name their relation as `containerName`). A block's
/// `range` is the whole block; its `selectionRange` is the id (or an
/// event's date), which lies inside it. Blocks missing their `}` still
/// appear: the parser closes them where the next block starts.
enum DocumentSymbolFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/documentSymbol": documentSymbols]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("documentSymbolProvider", true)]
    }

    static func documentSymbols(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let lines = file.analysis.lineIndex
        let declarations = file.analysis.model.declarations
        if snapshot.capabilities.supports("textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport") {
            var symbols: [JSONValue] = []
            for declaration in declarations {
                try context.checkCancelled()
                var fields: [(String, JSONValue)] = [("name", .string(declaration.id))]
                if let detail = SymbolText.detail(of: declaration) { fields.append(("detail", .string(detail))) }
                fields.append(("kind", .int(SymbolText.kind(of: declaration.kind))))
                fields.append(("range", snapshot.range(declaration.range, in: lines)))
                fields.append(("selectionRange", snapshot.range(declaration.idRange, in: lines)))
                if declaration.kind == .relation {
                    fields.append(("children", .array(declaration.events.map { event in
                        var item: [(String, JSONValue)] = [("name", .string(SymbolText.name(of: event)))]
                        if let detail = SymbolText.detail(of: event) { item.append(("detail", .string(detail))) }
                        item.append(("kind", .int(SymbolText.eventKind)))
                        item.append(("range", snapshot.range(event.range, in: lines)))
                        item.append(("selectionRange", snapshot.range(event.dateRange, in: lines)))
                        return .object(item)
                    })))
                }
                symbols.append(.object(fields))
            }
            return .array(symbols)
        }
        // Flat SymbolInformation: locations are the whole blocks.
        var symbols: [JSONValue] = []
        for declaration in declarations {
            try context.checkCancelled()
            symbols.append(.object([
                ("name", .string(declaration.id)),
                ("kind", .int(SymbolText.kind(of: declaration.kind))),
                ("location", LSP.location(uri: file.uri, range: snapshot.range(declaration.range, in: lines))),
            ]))
            for event in declaration.events {
                symbols.append(.object([
                    ("name", .string(SymbolText.name(of: event))),
                    ("kind", .int(SymbolText.eventKind)),
                    ("location", LSP.location(uri: file.uri, range: snapshot.range(event.range, in: lines))),
                    ("containerName", .string(declaration.id)),
                ]))
            }
        }
        return .array(symbols)
    }
}

/// Symbol kinds, names and details shared by document and workspace symbols.
enum SymbolText {
    /// LSP `SymbolKind.Event`.
    static let eventKind = 24

    /// LSP `SymbolKind` of a declaration: File for a source, Class for a
    /// party, Module for a programme, Namespace for a relation.
    static func kind(of kind: BlockKind) -> Int {
        switch kind {
        case .source: 1     // File
        case .party: 5      // Class
        case .programme: 2  // Module
        case .relation: 3   // Namespace
        case .event: eventKind
        }
    }

    /// What a declaration is called, in words: a party's or programme's
    /// English name, a source's or relation's title; nil when it has none.
    static func title(of declaration: Declaration) -> String? {
        let text: String? = switch declaration.kind {
        case .party, .programme: declaration.names["en"]
        case .source, .relation: declaration.string("title")
        case .event: nil
        }
        guard let text = text.map(oneLine), !text.isEmpty else { return nil }
        return text
    }

    /// The detail shown next to a declaration's id in the outline.
    static func detail(of declaration: Declaration) -> String? {
        if let title = title(of: declaration) { return title }
        if declaration.kind == .relation, case .list(let items, _) = declaration.field("parties")?.value {
            let names = items.compactMap(\.scalarText)
            return names.isEmpty ? nil : names.joined(separator: " – ")
        }
        return nil
    }

    /// An event's name: its date as written (never empty).
    static func name(of event: EventModel) -> String {
        event.dateText.isEmpty ? "event (no date)" : event.dateText
    }

    /// An event's detail: kind, programmes and the start of its summary,
    /// e.g. "exercise · EADRCC · Uzbekistan hosts the first EADRCC exercise…".
    static func detail(of event: EventModel) -> String? {
        var parts: [String] = []
        if let kind = event.field("kind")?.value?.scalarText { parts.append(kind) }
        let programmes = event.programmes
        if !programmes.isEmpty { parts.append(programmes.joined(separator: ", ")) }
        if case .string(let summary, _) = event.field("summary")?.value {
            let line = oneLine(summary)
            if !line.isEmpty { parts.append(prefix(line, 48)) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The text on one line, runs of white space made one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// At most `count` characters, with an ellipsis when cut.
    static func prefix(_ text: String, _ count: Int) -> String {
        guard text.count > count else { return text }
        var cut = String(text.prefix(count))
        while let last = cut.last, last.isWhitespace { cut.removeLast() }
        return cut + "…"
    }
}

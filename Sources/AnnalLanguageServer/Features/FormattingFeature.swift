import AnnalFormat
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/formatting`, `rangeFormatting` and `onTypeFormatting`
/// (after `}`), all through the one canonical formatter. The client's
/// `tabSize` is not used: the layout is canonical by design.
enum FormattingFeature: Feature {
    static let handlers: [String: RequestHandler] = [
        "textDocument/formatting": document,
        "textDocument/rangeFormatting": range,
        "textDocument/onTypeFormatting": onType,
    ]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [
            ("documentFormattingProvider", true),
            ("documentRangeFormattingProvider", true),
            ("documentOnTypeFormattingProvider", .object([("firstTriggerCharacter", "}")])),
        ]
    }

    static func document(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let file = try context.snapshot.requireFile(context.params)
        let tree = file.analysis.tree
        let formatted = Formatter().format(tree)
        guard formatted != tree.text else { return .array([]) }
        let whole = context.snapshot.range(0..<tree.bytes.count, in: file.analysis.lineIndex)
        return .array([.object([("range", whole), ("newText", .string(formatted))])])
    }

    static func range(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        guard let (start, end) = LSP.readRange(context.params?["range"]) else { throw LSP.invalidParams("params.range must be a range") }
        let index = file.analysis.lineIndex
        let lower = snapshot.offset(start, in: index)
        let upper = max(lower, snapshot.offset(end, in: index))
        return edits(Formatter().formatItems(in: file.analysis.tree, intersecting: lower..<upper), file: file, snapshot: snapshot)
    }

    static func onType(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        guard context.params?["ch"]?.stringValue == "}" else { return .array([]) }
        let offset = try snapshot.requirePosition(context.params, in: file)
        return edits(Formatter().formatItems(in: file.analysis.tree, intersecting: offset..<offset), file: file, snapshot: snapshot)
    }

    private static func edits(_ items: [(range: Range<Int>, text: String)], file: LocatedFile, snapshot: Snapshot) -> JSONValue {
        let tree = file.analysis.tree
        return .array(items.compactMap { item in
            guard tree.text(item.range) != item.text else { return nil }
            return .object([("range", snapshot.range(item.range, in: file.analysis.lineIndex)), ("newText", .string(item.text))])
        })
    }
}

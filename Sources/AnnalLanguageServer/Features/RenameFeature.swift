import AnnalAnalysis
import AnnalJSON
import JSONRPC

/// `textDocument/prepareRename` and `textDocument/rename`: renames a
/// declaration's id and every reference to it, across files. Built-in
/// catalogue entries cannot be renamed (declare one in the workspace to
/// override it); aliases keep their spelling.
enum RenameFeature: Feature {
    static let handlers: [String: RequestHandler] = [
        "textDocument/prepareRename": prepareRename,
        "textDocument/rename": rename,
    ]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        if client.supports("textDocument", "rename", "prepareSupport") {
            return [("renameProvider", .object([("prepareProvider", true)]))]
        }
        return [("renameProvider", true)]
    }

    /// The declaration to rename and the range of the name under the cursor.
    private static func target(_ context: RequestContext) throws(JSONRPCError) -> (LocatedFile, Declaration, Range<Int>)? {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let offset = try snapshot.requirePosition(context.params, in: file)
        guard let symbol = SymbolLookup.symbol(at: offset, in: file.analysis.model) else { return nil }
        let range: Range<Int>
        switch symbol {
        case .reference(let reference): range = reference.range
        case .declaration(let declaration): range = declaration.idRange
        default: return nil
        }
        guard let declaration = SymbolLookup.declaration(of: symbol, in: file.workspace.index) else { return nil }
        if declaration.file == BuiltinCatalogue.path {
            throw JSONRPCError(code: JSONRPCError.requestFailed,
                               message: "`\(declaration.id)` is a built-in catalogue entry; declare it in the workspace to override it before renaming", data: nil)
        }
        return (file, declaration, range)
    }

    static func prepareRename(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        guard let (file, declaration, range) = try target(context) else { return .null }
        return .object([
            ("range", context.snapshot.range(range, in: file.analysis.lineIndex)),
            ("placeholder", .string(declaration.id)),
        ])
    }

    static func rename(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        guard let newName = context.params?["newName"]?.stringValue else { throw LSP.invalidParams("params.newName must be a string") }
        guard Identifier.isValid(newName) else {
            throw JSONRPCError(code: JSONRPCError.requestFailed,
                               message: "`\(newName)` is not an identifier: start with a letter, then letters, digits, `-`, `_`, `.` or `+`", data: nil)
        }
        guard let (file, declaration, _) = try target(context) else { return .null }
        let snapshot = context.snapshot
        if let clash = file.workspace.index.declarationsByID[newName]?.first, newName != declaration.id {
            throw JSONRPCError(code: JSONRPCError.requestFailed, message: "`\(newName)` is already the id of a \(clash.kind.rawValue)", data: nil)
        }
        var edits: [(path: String, range: Range<Int>)] = [(declaration.file, declaration.idRange)]
        for (path, reference) in SymbolLookup.references(to: declaration, in: file.workspace) where reference.name == declaration.id {
            edits.append((path, reference.range))
        }
        var changes: [(String, [JSONValue])] = []
        for path in Set(edits.map(\.path)).sorted() {
            guard let index = snapshot.lineIndex(folder: file.folder, path: path) else { continue }
            let fileEdits = edits.filter { $0.path == path }.sorted { $0.range.lowerBound < $1.range.lowerBound }.map {
                JSONValue.object([("range", snapshot.range($0.range, in: index)), ("newText", .string(newName))])
            }
            changes.append((snapshot.uri(folder: file.folder, path: path), fileEdits))
        }
        return .object([("changes", .object(changes.map { ($0.0, .array($0.1)) }))])
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/codeAction`: quick fixes for the diagnostics of the file
/// whose range meets the requested range. The diagnostics are computed
/// afresh (`context.diagnostics` are only hints of what the client shows).
///
/// Each fix the analysis attaches to a diagnostic becomes a `quickfix`
/// action: an alias replaced by the canonical acronym (AN103), a
/// did-you-mean (AN101, AN202, AN205, AN005), the closest passage quoted
/// (AN410), quotes removed or a value made a list (AN204), a date spelled
/// the level-1 way (AN304). An unknown party, programme or source (AN101)
/// also gets "Declare …": a skeleton block appended to the file.
///
/// Literal `CodeAction`s need `codeActionLiteralSupport`; a client without
/// it gets `[]` (this server offers no commands) and the plain `true`
/// capability. `context.only` filters by kind prefix. Edits go in
/// `documentChanges` (with the open document's version) when the client
/// takes them, else in `changes`, never both; the edits of one action never
/// overlap. `isPreferred` marks the first fix of an alias or did-you-mean,
/// for clients that announce `isPreferredSupport`.
enum CodeActionFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/codeAction": codeActions]

    static let quickFix = "quickfix"

    /// Rules whose first fix is the obvious one (an alias, a did-you-mean).
    static let preferredRules: Set<Rule> = [.aliasInsteadOfAcronym, .unknownReference, .unknownField, .invalidEnumValue, .unknownBlockKeyword]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        if supportsLiterals(client) {
            return [("codeActionProvider", .object([("codeActionKinds", .array([.string(quickFix)]))]))]
        }
        return [("codeActionProvider", true)]
    }

    static func supportsLiterals(_ client: ClientCapabilities) -> Bool {
        client.value("textDocument", "codeAction", "codeActionLiteralSupport") != nil
    }

    /// One action before it is written as JSON.
    struct Action {
        var title: String
        var diagnostics: [AnnalDiagnostic]
        var edits: [TextEdit]
        var isPreferred: Bool
    }

    static func codeActions(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        guard let (start, end) = LSP.readRange(context.params?["range"]) else {
            throw LSP.invalidParams("params.range must be {start, end} positions")
        }
        guard supportsLiterals(snapshot.capabilities) else { return .array([]) }
        // An absent or empty `only` filters nothing.
        if let only = context.params?["context"]?["only"]?.arrayValue, !only.isEmpty {
            guard wants(quickFix, only: only.compactMap(\.stringValue)) else { return .array([]) }
        }
        let lines = file.analysis.lineIndex
        let lower = snapshot.offset(start, in: lines)
        let upper = max(lower, snapshot.offset(end, in: lines))
        let diagnostics = file.workspace.diagnostics(for: file.path).filter {
            $0.range.lowerBound <= upper && lower <= $0.range.upperBound
        }
        try context.checkCancelled()
        let actions = self.actions(for: diagnostics, in: file)
        let preferredSupport = snapshot.capabilities.supports("textDocument", "codeAction", "isPreferredSupport")
        var result: [JSONValue] = []
        for action in actions {
            guard let edit = workspaceEdit(action.edits, folder: file.folder, snapshot: snapshot) else { continue }
            var fields: [(String, JSONValue)] = [
                ("title", .string(action.title)),
                ("kind", .string(quickFix)),
                ("diagnostics", .array(LanguageServer.lspDiagnostics(action.diagnostics, folder: file.folder, snapshot: snapshot))),
            ]
            if preferredSupport, action.isPreferred { fields.append(("isPreferred", true)) }
            fields.append(("edit", edit))
            result.append(.object(fields))
        }
        return .array(result)
    }

    /// True when an action of `kind` passes the client's `only` filter: a
    /// requested kind equal to it or a prefix of it up to a dot (`quickfix`
    /// lets `quickfix.x` through); the empty kind lets everything through.
    static func wants(_ kind: String, only: [String]) -> Bool {
        only.contains { requested in requested.isEmpty || kind == requested || kind.hasPrefix(requested + ".") }
    }

    /// The actions for the diagnostics, in their order: each diagnostic's
    /// fixes, then, for an unknown reference, one "Declare …" per name.
    static func actions(for diagnostics: [AnnalDiagnostic], in file: LocatedFile) -> [Action] {
        var actions: [Action] = []
        var declareActions: [DeclarationKey: Int] = [:]
        let references = file.analysis.model.references
        for diagnostic in diagnostics {
            for (position, fix) in diagnostic.fixes.enumerated() where !fix.edits.isEmpty {
                actions.append(Action(title: fix.title, diagnostics: [diagnostic], edits: fix.edits,
                                      isPreferred: position == 0 && preferredRules.contains(diagnostic.rule)))
            }
            guard diagnostic.rule == .unknownReference,
                  let reference = references.first(where: { $0.range == diagnostic.range }),
                  let skeleton = skeleton(reference.expected, reference.name, in: file.analysis) else { continue }
            let key = DeclarationKey(reference.expected, reference.name)
            if let existing = declareActions[key] {
                actions[existing].diagnostics.append(diagnostic)
                continue
            }
            declareActions[key] = actions.count
            let end = file.analysis.tree.bytes.count
            actions.append(Action(title: "Declare \(reference.expected.rawValue) `\(reference.name)`", diagnostics: [diagnostic],
                                  edits: [TextEdit(file: file.path, range: end..<end, newText: skeleton)], isPreferred: false))
        }
        actions.append(contentsOf: suppressionActions(for: diagnostics, in: file))
        return actions
    }

    /// Rules a suppression comment cannot usefully silence: syntax errors
    /// (the tree is broken there) and the suppression rules themselves.
    static let unsuppressible: Set<Rule> = [.syntaxError, .unterminatedString, .invalidEscape, .unusedSuppression, .invalidSuppression]

    /// "Ignore CODE on line N": an `# annal-ignore CODE` comment inserted
    /// above the diagnostic's line, at its indentation; one per code and line.
    static func suppressionActions(for diagnostics: [AnnalDiagnostic], in file: LocatedFile) -> [Action] {
        let lines = file.analysis.lineIndex
        var seen: [String: Int] = [:]
        var actions: [Action] = []
        for diagnostic in diagnostics where !unsuppressible.contains(diagnostic.rule) {
            let line = lines.line(of: diagnostic.range.lowerBound)
            let key = "\(line) \(diagnostic.rule.code)"
            if let existing = seen[key] {
                actions[existing].diagnostics.append(diagnostic)
                continue
            }
            let start = lines.lineStart(line)
            let indentation = lines.lineBytes(line).prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let comment = String(decoding: indentation, as: UTF8.self) + "# annal-ignore \(diagnostic.rule.code)" + lineBreak(in: file.analysis.tree.bytes)
            seen[key] = actions.count
            actions.append(Action(title: "Ignore \(diagnostic.rule.code) (\(diagnostic.rule.descriptor.name)) on line \(line + 1)",
                                  diagnostics: [diagnostic], edits: [TextEdit(file: file.path, range: start..<start, newText: comment)],
                                  isPreferred: false))
        }
        return actions
    }

    /// The text that appends a minimal declaration to the end of a file,
    /// after a blank line, in the file's own line breaks; nil for kinds
    /// that cannot be declared this way.
    static func skeleton(_ kind: BlockKind, _ id: String, in file: FileAnalysis) -> String? {
        guard Identifier.isValid(id) else { return nil }
        let bytes = file.tree.bytes
        let nl = lineBreak(in: bytes)
        let body: [String]
        switch kind {
        case .programme: body = ["name = \"\(StringLiteral.escape(id))\""]
        case .party: body = ["kind = state", "name = \"\(StringLiteral.escape(id))\""]
        case .source: body = ["path = \"sources/\(StringLiteral.escape(id)).txt\""]
        case .relation, .event: return nil
        }
        let block = "\(kind.rawValue) \(id) {" + nl + body.map { "  " + $0 + nl }.joined() + "}" + nl
        let lines = file.lineIndex
        let last = lines.lineCount - 1
        func isBlank(_ line: Int) -> Bool {
            lines.lineBytes(line).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        }
        let prefix: String
        if bytes.isEmpty || (last == 0 && isBlank(0)) {
            prefix = ""
        } else if !isBlank(last) {
            prefix = nl + nl // the last line has text and no line break
        } else if last >= 1, isBlank(last - 1) {
            prefix = "" // already ends with a blank line
        } else {
            prefix = nl
        }
        return prefix + block
    }

    /// The file's first line break, or `\n`.
    static func lineBreak(in bytes: [UInt8]) -> String {
        guard let index = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return "\n" }
        if bytes[index] == 0x0A { return "\n" }
        return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? "\r\n" : "\r"
    }

    /// A `WorkspaceEdit` for byte-range edits; nil when two edits of one
    /// file overlap or a file cannot be located.
    static func workspaceEdit(_ edits: [TextEdit], folder: FolderState, snapshot: Snapshot) -> JSONValue? {
        let documentChanges = snapshot.capabilities.supports("workspace", "workspaceEdit", "documentChanges")
        var changes: [(String, JSONValue)] = []
        var documentEdits: [JSONValue] = []
        for path in Set(edits.map(\.file)).sorted() {
            guard let index = snapshot.lineIndex(folder: folder, path: path) else { return nil }
            let fileEdits = edits.filter { $0.file == path }.sorted { $0.range.lowerBound < $1.range.lowerBound }
            for (a, b) in zip(fileEdits, fileEdits.dropFirst()) where a.range.upperBound > b.range.lowerBound {
                return nil
            }
            let items = JSONValue.array(fileEdits.map { edit in
                .object([("range", snapshot.range(edit.range, in: index)), ("newText", .string(edit.newText))])
            })
            let uri = snapshot.uri(folder: folder, path: path)
            if documentChanges {
                let version: JSONValue = snapshot.openDocuments[folder.absolutePath(of: path)].map { .int($0.version) } ?? .null
                documentEdits.append(.object([
                    ("textDocument", .object([("uri", .string(uri)), ("version", version)])),
                    ("edits", items),
                ]))
            } else {
                changes.append((uri, items))
            }
        }
        return documentChanges ? .object([("documentChanges", .array(documentEdits))]) : .object([("changes", .object(changes))])
    }
}

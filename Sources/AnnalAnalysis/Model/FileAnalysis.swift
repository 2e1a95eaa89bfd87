import AnnalSyntax

/// One `.annal` file parsed and lowered: its tree, line index, semantic
/// model and the diagnostics that need no other file. Immutable; built once
/// per version of the text, so the server re-analyses only the file edited,
/// and within it only the event edited (`applying(_:)`).
public final class FileAnalysis: Sendable {
    /// Workspace-relative path.
    public let path: String
    public let tree: SyntaxTree
    public let lineIndex: LineIndex
    public let model: FileModel
    /// Diagnostics found in this file alone.
    public let localDiagnostics: [Diagnostic]
    /// The file's `annal-ignore` comments.
    public let suppressions: [Suppression]
    /// The part of `localDiagnostics` that lowering found (the rest are
    /// suppression problems), kept for incremental updates.
    let loweringDiagnostics: [Diagnostic]

    public convenience init(path: String, text: String) {
        self.init(path: path, tree: SyntaxTree.parse(bytes: Array(text.utf8)))
    }

    /// Parses and lowers a file given as UTF-8 bytes (already validated:
    /// the tree's texts are decoded from them as they are).
    public convenience init(path: String, bytes: [UInt8]) {
        self.init(path: path, tree: SyntaxTree.parse(bytes: bytes))
    }

    /// Lowers a tree parsed already.
    public convenience init(path: String, tree: SyntaxTree) {
        var lowering = Lowering(tree: tree, path: path)
        lowering.run()
        self.init(path: path, tree: tree,
                  model: FileModel(path: path, declarations: lowering.declarations, references: lowering.references),
                  loweringDiagnostics: lowering.diagnostics)
    }

    /// The same analysis with the syntax tree's tokens and nodes released
    /// (`SyntaxTree.releasingSyntax()`): model, line index, diagnostics and
    /// suppressions stay, which is all the workspace rules and reports read.
    /// For batch hosts (`annal check`, `annal export`); an analysis that may
    /// be edited, formatted or queried by an editor keeps its tree.
    public func releasingSyntax() -> FileAnalysis {
        FileAnalysis(path: path, tree: tree.releasingSyntax(), lineIndex: lineIndex, model: model,
                     localDiagnostics: localDiagnostics, suppressions: suppressions, loweringDiagnostics: loweringDiagnostics)
    }

    /// `releasingSyntax()` that drops the text too, keeping only where
    /// its lines start (`LineIndex.droppingText()`): for `annal check`,
    /// which re-reads a file's text when it prints the file's findings.
    /// The workspace rules never read a file's text.
    public func releasingText() -> FileAnalysis {
        FileAnalysis(path: path, tree: tree.releasingText(), lineIndex: lineIndex.droppingText(), model: model,
                     localDiagnostics: localDiagnostics, suppressions: suppressions, loweringDiagnostics: loweringDiagnostics)
    }

    fileprivate init(path: String, tree: SyntaxTree, lineIndex: LineIndex, model: FileModel, localDiagnostics: [Diagnostic],
                 suppressions: [Suppression], loweringDiagnostics: [Diagnostic]) {
        self.path = path
        self.tree = tree
        self.lineIndex = lineIndex
        self.model = model
        self.localDiagnostics = localDiagnostics
        self.suppressions = suppressions
        self.loweringDiagnostics = loweringDiagnostics
    }

    init(path: String, tree: SyntaxTree, model: FileModel, loweringDiagnostics: [Diagnostic]) {
        self.path = path
        self.tree = tree
        lineIndex = LineIndex(bytes: tree.bytes)
        self.model = model
        self.loweringDiagnostics = loweringDiagnostics
        let (suppressions, problems) = SuppressionParser.suppressions(in: tree, lineIndex: lineIndex, path: path)
        self.suppressions = suppressions
        localDiagnostics = loweringDiagnostics + problems
    }
}

extension FileAnalysis {
    /// The same analysis with each event's fields cut to those a workspace
    /// rule reads (`WorkspaceRules.eventFieldsRead`): its date, citations
    /// and programmes stay, its summary, kind, places and other details go.
    /// Local diagnostics were found on the whole model and stay as they
    /// are. For `annal check`, which reads nothing else once a file is
    /// lowered: at 50 MB the event details are a third of the model.
    public func keepingOnlyWhatWorkspaceRulesRead() -> FileAnalysis {
        let kept = WorkspaceRules.eventFieldsRead
        let declarations = model.declarations.map { declaration in
            declaration.events.isEmpty ? declaration : declaration.keepingEventFields(kept)
        }
        return FileAnalysis(path: path, tree: tree, lineIndex: lineIndex,
                            model: FileModel(path: path, declarations: declarations, references: model.references),
                            localDiagnostics: localDiagnostics, suppressions: suppressions, loweringDiagnostics: loweringDiagnostics)
    }
}

extension Declaration {
    /// The declaration with its events' fields cut to `keys`.
    func keepingEventFields(_ keys: [String]) -> Declaration {
        Declaration(kind: kind, id: id, file: file, idRange: idRange, keywordRange: keywordRange, range: range, fields: fields,
                    events: events.map { event in
                        EventModel(dateText: event.dateText, dateRange: event.dateRange, date: event.date,
                                   fields: event.fields.filter { keys.contains($0.key) }, citations: event.citations,
                                   keywordRange: event.keywordRange, range: event.range)
                    })
    }
}

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
    /// What the citation rule found for each citation of this version,
    /// handed on to the next version by an edit inside one event.
    let citationResults: CitationResults
    /// What AN501 found for each event of this version, handed on alike.
    let eventDateResults: EventDateResults

    public convenience init(path: String, text: String) {
        self.init(path: path, tree: SyntaxTree.parse(text))
    }

    /// Parses and lowers a file given as UTF-8 bytes, which must be valid
    /// (validated by the host: the tree's texts are made from them without
    /// validating them again).
    public convenience init(path: String, bytes: [UInt8]) {
        self.init(path: path, tree: SyntaxTree.parse(validUTF8: bytes))
    }

    /// Lowers a tree parsed already.
    public convenience init(path: String, tree: SyntaxTree) {
        self.init(path: path, tree: tree, eventFieldsKept: nil)
    }

    /// Parses and lowers a file for `annal check`, which reads nothing but
    /// what the workspace rules read once a file is lowered: each event
    /// keeps its date, citations and the fields of
    /// `WorkspaceRules.eventFieldsRead` (its summary, kind, places and other
    /// details, a third of the model at 50 MB, are checked and dropped; a
    /// summary's text is not even decoded). Local diagnostics are those of
    /// the whole model. `bytes` must be valid UTF-8, as for `init(path:bytes:)`.
    public static func keepingOnlyWhatWorkspaceRulesRead(path: String, bytes: [UInt8]) -> FileAnalysis {
        FileAnalysis(path: path, tree: SyntaxTree.parse(validUTF8: bytes), eventFieldsKept: WorkspaceRules.eventFieldsRead)
    }

    private convenience init(path: String, tree: SyntaxTree, eventFieldsKept: [String]?) {
        var lowering = Lowering(tree: tree, path: path, eventFieldsKept: eventFieldsKept)
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
                     localDiagnostics: localDiagnostics, suppressions: suppressions, loweringDiagnostics: loweringDiagnostics,
                     citationResults: citationResults, eventDateResults: eventDateResults)
    }

    /// `releasingSyntax()` that drops the text too, keeping only where
    /// its lines start (`LineIndex.droppingText()`): for `annal check`,
    /// which re-reads a file's text when it prints the file's findings.
    /// The workspace rules never read a file's text.
    public func releasingText() -> FileAnalysis {
        FileAnalysis(path: path, tree: tree.releasingText(), lineIndex: lineIndex.droppingText(), model: model,
                     localDiagnostics: localDiagnostics, suppressions: suppressions, loweringDiagnostics: loweringDiagnostics,
                     citationResults: citationResults, eventDateResults: eventDateResults)
    }

    fileprivate init(path: String, tree: SyntaxTree, lineIndex: LineIndex, model: FileModel, localDiagnostics: [Diagnostic],
                 suppressions: [Suppression], loweringDiagnostics: [Diagnostic], citationResults: CitationResults,
                 eventDateResults: EventDateResults) {
        self.path = path
        self.tree = tree
        self.lineIndex = lineIndex
        self.model = model
        self.localDiagnostics = localDiagnostics
        self.suppressions = suppressions
        self.loweringDiagnostics = loweringDiagnostics
        self.citationResults = citationResults
        self.eventDateResults = eventDateResults
    }

    /// `lineIndex`: the new text's, when the caller updated the old one.
    init(path: String, tree: SyntaxTree, model: FileModel, loweringDiagnostics: [Diagnostic],
         citationResults: CitationResults = CitationResults(), eventDateResults: EventDateResults = EventDateResults(),
         lineIndex: LineIndex? = nil) {
        self.path = path
        self.tree = tree
        self.lineIndex = lineIndex ?? LineIndex(tree: tree)
        self.model = model
        self.loweringDiagnostics = loweringDiagnostics
        self.citationResults = citationResults
        self.eventDateResults = eventDateResults
        let (suppressions, problems) = SuppressionParser.suppressions(in: tree, lineIndex: self.lineIndex, path: path)
        self.suppressions = suppressions
        localDiagnostics = loweringDiagnostics + problems
    }
}

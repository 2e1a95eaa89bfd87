import AnnalSyntax

/// One `.annal` file parsed and lowered: its tree, line index, semantic
/// model and the diagnostics that need no other file. Immutable; built once
/// per version of the text, so the server re-analyses only the file edited.
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

    public init(path: String, text: String) {
        self.path = path
        let bytes = Array(text.utf8)
        tree = SyntaxTree.parse(bytes: bytes)
        lineIndex = LineIndex(bytes: bytes)
        var lowering = Lowering(tree: tree, path: path)
        lowering.run()
        model = FileModel(path: path, declarations: lowering.declarations, references: lowering.references)
        let (suppressions, problems) = SuppressionParser.suppressions(in: tree, lineIndex: lineIndex, path: path)
        self.suppressions = suppressions
        localDiagnostics = lowering.diagnostics + problems
    }
}

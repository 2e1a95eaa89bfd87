/// What a cross-file rule sees: the file it checks and the whole workspace.
struct RuleContext {
    let file: FileAnalysis
    let index: WorkspaceIndex
    let sources: [String: SourceDocument]
    let sourceRoot: String?

    /// The workspace path a source declaration's `path` resolves to, or nil
    /// when it leads outside the workspace (see `Workspace.sourcePath(of:)`).
    func resolvedPath(of source: Declaration) -> String? {
        Workspace.sourcePath(of: source, sourceRoot: sourceRoot)
    }
}

/// A rule that needs more than one file to decide. Each lives in its own
/// file under Rules/, with the codes it reports.
protocol WorkspaceRule: Sendable {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic])
}

/// The cross-file rules, run in this order on every file.
enum WorkspaceRules {
    static let all: [any WorkspaceRule.Type] = [
        ReferenceRule.self,
        DuplicateDeclarationRule.self,
        SourceFileRule.self,
        CitationRule.self,
        ProgrammeDatesRule.self,
        UnusedDeclarationRule.self,
    ]
}

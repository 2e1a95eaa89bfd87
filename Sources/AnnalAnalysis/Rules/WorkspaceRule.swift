/// What a cross-file rule sees: the file it checks and the whole workspace.
struct RuleContext {
    let file: FileAnalysis
    let index: WorkspaceIndex
    let sources: [String: SourceDocument]
    let sourceRoot: String?
    /// Whether the rules keep their results for the file's next version
    /// (`Workspace.keepsResultsForEdits`).
    let keepsResults: Bool

    /// The workspace path a source declaration's `path` resolves to, or nil
    /// when it leads outside the workspace (see `Workspace.sourcePath(of:)`).
    func resolvedPath(of source: Declaration) -> String? {
        Workspace.sourcePath(of: source, sourceRoot: sourceRoot)
    }
}

/// A rule that needs more than one file to decide. Each lives in its own
/// file under Rules/, with the codes it reports.
protocol WorkspaceRule: Sendable {
    /// Every code the rule reports. A rule whose codes the configuration
    /// all turns off is not run (a test checks that each rule reports
    /// only these, on every fixture).
    static var codes: Set<Rule> { get }
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic])
}

/// The cross-file rules, run in this order on every file.
enum WorkspaceRules {
    /// The only event fields the rules read (through
    /// `EventModel.forEachProgramme`); a batch check drops the others once
    /// a file is lowered (`FileAnalysis.keepingOnlyWhatWorkspaceRulesRead`).
    /// A rule that reads another event field must add it here; a test
    /// compares the diagnostics of whole and cut models on every fixture.
    static let eventFieldsRead: [String] = ["programme", "programmes"]

    static let all: [any WorkspaceRule.Type] = [
        ReferenceRule.self,
        DuplicateDeclarationRule.self,
        SourceFileRule.self,
        CitationRule.self,
        ProgrammeDatesRule.self,
        UnusedDeclarationRule.self,
    ]
}

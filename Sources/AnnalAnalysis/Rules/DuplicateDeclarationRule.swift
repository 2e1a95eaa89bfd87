/// AN102 duplicate-declaration: declarations of all kinds share one
/// namespace, so an id names one thing in the workspace. A workspace
/// declaration that shares an id with a built-in catalogue entry overrides
/// it and is not a duplicate.
enum DuplicateDeclarationRule: WorkspaceRule {
    static let codes: Set<Rule> = [.duplicateDeclaration]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for declaration in context.file.model.declarations {
            guard let all = context.index.declarationsByID[declaration.id], all.count > 1, let first = all.first,
                  first.file != declaration.file || first.range != declaration.range
            else { continue }
            let what = first.kind == declaration.kind ? "the \(declaration.kind.rawValue)" : "a \(first.kind.rawValue)"
            diagnostics.append(Diagnostic(
                .duplicateDeclaration, file: context.file.path, range: declaration.idRange,
                message: "the id `\(declaration.id)` is already declared, by \(what); ids name one thing in a workspace: rename one",
                related: [RelatedLocation(file: first.file, range: first.idRange, message: "first declared here")]))
        }
    }
}

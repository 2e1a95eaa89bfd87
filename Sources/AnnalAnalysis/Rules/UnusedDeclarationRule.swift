/// AN502 unused-declaration (hint): a source, party or programme declared
/// in the workspace that nothing references is probably left over.
enum UnusedDeclarationRule: WorkspaceRule {
    static let codes: Set<Rule> = [.unusedDeclaration]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        for declaration in context.file.model.declarations where declaration.kind != .relation {
            let key = DeclarationKey(declaration.kind, declaration.id)
            guard !context.index.referenced.contains(key) else { continue }
            // A local override of a catalogue entry is used wherever the entry is.
            diagnostics.append(Diagnostic(
                .unusedDeclaration, file: context.file.path, range: declaration.idRange,
                message: "the \(declaration.kind.rawValue) `\(declaration.id)` is never referenced; use it or remove it"))
        }
    }
}

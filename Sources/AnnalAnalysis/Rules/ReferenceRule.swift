/// AN101 unknown-reference, AN103 alias-instead-of-acronym,
/// AN104 wrong-reference-kind: every name used where a declaration is
/// expected must name one, by its canonical id.
enum ReferenceRule: WorkspaceRule {
    static let codes: Set<Rule> = [.unknownReference, .aliasInsteadOfAcronym, .wrongReferenceKind]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let path = context.file.path
        // Each distinct name is looked up once (a file names a few hundred
        // declarations in tens of thousands of references); only the
        // references naming an undeclared one are visited, found once per
        // set of such names (`ReferencePlaces`, handed from version to
        // version while an edit leaves the names alone).
        let model = context.file.model
        let undeclared = model.referencedKeys.filter { !context.index.declares($0.id, as: $0.kind) }
        guard !undeclared.isEmpty else { return }
        for place in model.referencePlaces.places(of: undeclared, in: model.references) {
            let reference = model.references[place]
            let kind = reference.expected.rawValue
            switch context.index.resolve(reference.name, as: reference.expected) {
            case .declaration:
                continue
            case .alias(let target):
                diagnostics.append(Diagnostic(
                    .aliasInsteadOfAcronym, file: path, range: reference.range,
                    message: "`\(reference.name)` is an alias of the \(kind) `\(target.id)`; write the canonical `\(target.id)`",
                    related: [RelatedLocation(file: target.file, range: target.idRange, message: "`\(target.id)` is declared here")],
                    fixes: [Fix(title: "Replace `\(reference.name)` with `\(target.id)`",
                                edits: [TextEdit(file: path, range: reference.range, newText: target.id)])]))
            case .wrongKind(let other):
                diagnostics.append(Diagnostic(
                    .wrongReferenceKind, file: path, range: reference.range,
                    message: "`\(reference.name)` is a \(other.kind.rawValue), but a \(kind) is expected here",
                    related: [RelatedLocation(file: other.file, range: other.idRange, message: "the \(other.kind.rawValue) `\(other.id)`")]))
            case .unknown:
                // A misspelt name is often used many times, in many
                // files: the index makes one suggestion for it.
                let suggestion = context.index.suggestion(for: reference.name, as: reference.expected)
                var fixes: [Fix] = []
                var message = "no \(kind) `\(reference.name)` is declared"
                if let suggestion {
                    message += "; did you mean `\(suggestion)`?"
                    fixes.append(Fix(title: "Replace with `\(suggestion)`",
                                     edits: [TextEdit(file: path, range: reference.range, newText: suggestion)]))
                } else {
                    message += "; declare it with `\(kind) \(reference.name) { … }`"
                }
                diagnostics.append(Diagnostic(.unknownReference, file: path, range: reference.range, message: message, fixes: fixes))
            }
        }
    }
}

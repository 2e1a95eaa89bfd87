/// AN401–AN405: a source's `path` must name a readable UTF-8 file inside
/// the workspace, within the size limit. Reported on the `path` value.
enum SourceFileRule: WorkspaceRule {
    static let codes: Set<Rule> = [.sourceMissing, .sourceUnreadable, .sourceNotUTF8, .sourceOutsideWorkspace, .sourceTooLarge]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let path = context.file.path
        for source in context.file.model.declarations where source.kind == .source {
            guard let field = source.field("path"), case .string(let written, let range) = field.value else { continue }
            guard let resolved = context.resolvedPath(of: source) else {
                diagnostics.append(Diagnostic(.sourceOutsideWorkspace, file: path, range: range,
                                              message: "`\(written)` leads outside the workspace; keep source documents inside it, with a relative path"))
                continue
            }
            guard let document = context.sources[resolved] else { continue }
            switch document.load {
            case .text, .utf8:
                continue
            case .missing:
                diagnostics.append(Diagnostic(.sourceMissing, file: path, range: range,
                                              message: "no file at `\(resolved)`; check the path, relative to this file's folder"))
            case .unreadable(let reason):
                diagnostics.append(Diagnostic(.sourceUnreadable, file: path, range: range,
                                              message: "`\(resolved)` cannot be read (\(reason)); check its permissions"))
            case .notUTF8(let offset):
                diagnostics.append(Diagnostic(.sourceNotUTF8, file: path, range: range,
                                              message: "`\(resolved)` is not UTF-8 text (bad byte at offset \(offset)); convert it to UTF-8"))
            case .outsideWorkspace:
                diagnostics.append(Diagnostic(.sourceOutsideWorkspace, file: path, range: range,
                                              message: "`\(written)` leads outside the workspace (through a link); keep source documents inside it"))
            case .tooLarge(let bytes):
                diagnostics.append(Diagnostic(.sourceTooLarge, file: path, range: range,
                                              message: "`\(resolved)` has \(bytes) bytes, over the size limit; cite an excerpt, or raise `max-bytes` in annal.toml"))
            }
        }
    }
}

import AnnalAnalysis
import AnnalJSON

/// `--format json`: one object with every diagnostic and a summary.
/// Positions are 1-based lines and code-point columns; byte offsets too.
extension Report {
    func renderJSON() -> String {
        var items: [JSONValue] = []
        for diagnostic in diagnostics {
            let (start, end) = positions(diagnostic.file, diagnostic.range)
            items.append(.object([
                ("file", .string(displayPath(diagnostic.file))),
                ("line", .int(start.line)),
                ("column", .int(start.column)),
                ("endLine", .int(end.line)),
                ("endColumn", .int(end.column)),
                ("startByte", .int(diagnostic.range.lowerBound)),
                ("endByte", .int(diagnostic.range.upperBound)),
                ("severity", .string(diagnostic.severity.rawValue)),
                ("code", .string(diagnostic.rule.code)),
                ("name", .string(diagnostic.rule.descriptor.name)),
                ("message", .string(diagnostic.message)),
                ("related", .array(diagnostic.related.map { related in
                    let (at, _) = positions(related.file, related.range)
                    return .object([("file", .string(displayPath(related.file))), ("line", .int(at.line)),
                                    ("column", .int(at.column)), ("message", .string(related.message))])
                })),
                ("fixes", .array(diagnostic.fixes.map { fix in
                    .object([("title", .string(fix.title)), ("edits", .array(fix.edits.map { edit in
                        .object([("file", .string(displayPath(edit.file))), ("startByte", .int(edit.range.lowerBound)),
                                 ("endByte", .int(edit.range.upperBound)), ("newText", .string(edit.newText))])
                    }))])
                })),
            ]))
        }
        let summary: JSONValue = .object([
            ("files", .int(fileCount)),
            ("errors", .int(count(.error))),
            ("warnings", .int(count(.warning))),
            ("infos", .int(count(.info))),
            ("hints", .int(count(.hint))),
        ])
        return JSONWriter.pretty(.object([("version", 1), ("diagnostics", .array(items)), ("summary", summary)])) + "\n"
    }
}

import AnnalSyntax

/// AN410 quote-not-found, AN411 quote-ambiguous: a citation's quote must
/// occur exactly once in its source under the folding rules. Citations into
/// a source that could not be loaded are not checked (the source's own
/// diagnostic says why).
enum CitationRule: WorkspaceRule {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let path = context.file.path
        // A file cites few sources many times: resolve each source id, and
        // find its document, once (this runs on every keystroke).
        var documentByID: [String: (path: String, document: SourceDocument)?] = [:]
        func document(_ id: String) -> (path: String, document: SourceDocument)? {
            if let known = documentByID[id] { return known }
            var found: (path: String, document: SourceDocument)?
            if case .declaration(let source) = context.index.resolve(id, as: .source),
               let resolved = context.resolvedPath(of: source), let document = context.sources[resolved] {
                found = (resolved, document)
            }
            documentByID[id] = .some(found)
            return found
        }
        for relation in context.file.model.relations {
            for event in relation.events {
                for citation in event.citations where !citation.quote.isBlank {
                    guard let (resolved, source) = document(citation.source.name),
                          let result = source.find(citation.quote)
                    else { continue }
                    switch result {
                    case .found, .emptyQuote:
                        continue
                    case .ambiguous(let ranges):
                        diagnostics.append(Diagnostic(
                            .quoteAmbiguous, file: path, range: citation.quoteRange,
                            message: "the quote occurs \(ranges.count) times in `\(resolved)`; quote a longer passage so that it names one place"))
                    case .notFound(let closest):
                        var message = "the quote is not in `\(resolved)`"
                        var fixes: [Fix] = []
                        if let closest {
                            message += "; the closest passage is \"\(closest.text)\""
                            if let text = source.text {
                                let original = String(decoding: Array(text.utf8)[closest.range], as: UTF8.self)
                                fixes.append(Fix(title: "Quote the closest passage",
                                                 edits: [TextEdit(file: path, range: citation.quoteRange,
                                                                  newText: "\"" + StringLiteral.escape(collapseWhiteSpace(original)) + "\"")]))
                            }
                        }
                        diagnostics.append(Diagnostic(.quoteNotFound, file: path, range: citation.quoteRange, message: message, fixes: fixes))
                    }
                }
            }
        }
    }

    private static func collapseWhiteSpace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

import AnnalSyntax

/// AN410 quote-not-found, AN411 quote-ambiguous: a citation's quote must
/// occur exactly once in its source under the folding rules. Citations into
/// a source that could not be loaded are not checked (the source's own
/// diagnostic says why).
enum CitationRule: WorkspaceRule {
    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let path = context.file.path
        // A file cites few sources many times, mostly the same one in a row:
        // resolve each source id, and find its document, once (this runs on
        // every keystroke). A class box costs one retain per look-up where
        // the document's struct cost a dozen.
        final class Target {
            let path: String
            let document: SourceDocument
            init(path: String, document: SourceDocument) { self.path = path; self.document = document }
        }
        var targetByID: [String: Target?] = [:]
        var last: (id: String, target: Target?)?
        func target(_ id: String) -> Target? {
            if let last, last.id == id { return last.target }
            let found: Target?
            if let known = targetByID[id] {
                found = known
            } else {
                if case .declaration(let source) = context.index.resolve(id, as: .source),
                   let resolved = context.resolvedPath(of: source), let document = context.sources[resolved] {
                    found = Target(path: resolved, document: document)
                } else {
                    found = nil
                }
                targetByID[id] = .some(found)
            }
            last = (id, found)
            return found
        }
        for relation in context.file.model.relations {
            for event in relation.events {
                for citation in event.citations where !citation.quote.isBlank {
                    guard let target = target(citation.source.name),
                          let result = target.document.find(citation.quote)
                    else { continue }
                    let resolved = target.path
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
                            if let source = target.document.folded {
                                // Only the passage: not the whole source made a String.
                                let original = String(decoding: source.originalBytes[closest.range], as: UTF8.self)
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

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
            let document: SourceDocument
            init(document: SourceDocument) { self.document = document }
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
                    found = Target(document: document)
                } else {
                    found = nil
                }
                targetByID[id] = .some(found)
            }
            last = (id, found)
            return found
        }
        // What this version of the file found before, or was handed by the
        // version it was edited from: by the citation's place in the file.
        // Kept only once a document that remembers its searches is met: a
        // batch check looks each quote up once and keeps nothing.
        let known = context.file.citationResults.snapshot()
        var found: [CitationResults.Entry?] = []
        var keeping = false
        var place = -1
        func startKeeping() {
            keeping = true
            found = Array(repeating: nil, count: place)
            found.reserveCapacity(max(known.count, place + 1))
        }
        for relation in context.file.model.relations {
            for event in relation.events {
                for citation in event.citations {
                    place += 1
                    guard let target = target(citation.source.name) else {
                        if keeping { found.append(nil) }
                        continue
                    }
                    let document = target.document
                    let finding: CitationResults.Finding?
                    if place < known.count, let known = known[place], known.document.isSameVersion(as: document) {
                        // Never kept for a blank quote.
                        if !keeping { startKeeping() }
                        found.append(known)
                        finding = known.finding
                    } else if citation.quote.isBlank {
                        if keeping { found.append(nil) }
                        continue
                    } else {
                        let result = document.find(citation.quote)
                        finding = result.flatMap { Self.finding($0, in: document) }
                        if !keeping, document.remembersSearches { startKeeping() }
                        // A batch check makes no entry: nothing is kept.
                        if keeping { found.append(CitationResults.Entry(document: document, result: result, finding: finding)) }
                    }
                    guard let finding else { continue }
                    let fixes = finding.replacement.map {
                        [Fix(title: "Quote the closest passage", edits: [TextEdit(file: path, range: citation.quoteRange, newText: $0)])]
                    }
                    diagnostics.append(Diagnostic(finding.rule, file: path, range: citation.quoteRange, message: finding.message,
                                                  fixes: fixes ?? []))
                }
            }
        }
        if keeping { context.file.citationResults.store(found) }
    }

    /// What a search's result calls for, worded once per search (the
    /// server re-checks a file on every keystroke; the entry keeps it).
    private static func finding(_ result: QuoteSearchResult, in document: SourceDocument) -> CitationResults.Finding? {
        switch result {
        case .found, .emptyQuote:
            return nil
        case .ambiguous(let ranges):
            return CitationResults.Finding(
                rule: .quoteAmbiguous,
                message: "the quote occurs \(ranges.count) times in `\(document.path)`; quote a longer passage so that it names one place",
                replacement: nil)
        case .notFound(let closest):
            var message = "the quote is not in `\(document.path)`"
            var replacement: String?
            if let closest {
                message += "; the closest passage is \"\(closest.text)\""
                if let source = document.folded {
                    // Only the passage: not the whole source made a String.
                    let original = String(decoding: source.originalBytes[closest.range], as: UTF8.self)
                    replacement = "\"" + StringLiteral.escape(collapseWhiteSpace(original)) + "\""
                }
            }
            return CitationResults.Finding(rule: .quoteNotFound, message: message, replacement: replacement)
        }
    }

    private static func collapseWhiteSpace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

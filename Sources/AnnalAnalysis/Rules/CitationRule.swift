import AnnalSyntax

/// AN410 quote-not-found, AN411 quote-ambiguous: a citation's quote must
/// occur exactly once in its source under the folding rules. Citations into
/// a source that could not be loaded are not checked (the source's own
/// diagnostic says why).
enum CitationRule: WorkspaceRule {
    static let codes: Set<Rule> = [.quoteNotFound, .quoteAmbiguous]

    static func check(_ context: RuleContext, into diagnostics: inout [Diagnostic]) {
        let path = context.file.path
        // A file cites a few sources many times, often the same one in a
        // row: each source id is resolved, and its document found, once.
        var documentByID: [String: SourceDocument?] = [:]
        // The last id asked and its document, set only when the id changes
        // (kept as one optional pair, each citation copied and dropped both).
        var lastID: String?
        var lastDocument: SourceDocument?
        func document(citing id: String) -> SourceDocument? {
            if lastID == id { return lastDocument }
            let found: SourceDocument?
            if let known = documentByID[id] {
                found = known
            } else {
                if case .declaration(let source) = context.index.resolve(id, as: .source),
                   let resolved = context.resolvedPath(of: source) {
                    found = context.sources[resolved]
                } else {
                    found = nil
                }
                documentByID[id] = .some(found)
            }
            lastID = id
            lastDocument = found
            return found
        }

        // What this version of the file found before, or was handed by the
        // version it was edited from, by the citation's place in the file.
        // When every source id it met still names the same document
        // version (checked once per id), a result is reused on the id's
        // text alone; otherwise on the document found for the citation.
        // A command that checks each file once keeps nothing.
        let keeping = context.keepsResults
        let known = keeping ? context.file.citationResults.snapshot() : CitationResults.Known()
        // A loop, not a closure: `document(citing:)` called from a closure
        // could escape with it, and the variables it captures were then
        // boxed and checked for exclusive access at every citation.
        var sourcesAsBefore = !known.entries.isEmpty
        for (id, before) in known.basis ?? [:] where sourcesAsBefore {
            sourcesAsBefore = switch (before, document(citing: id)) {
            case (nil, nil): true
            case let (before?, now?): before.isSameVersion(as: now)
            default: false
            }
        }
        var found: [CitationResult?] = []
        if keeping {
            found.reserveCapacity(known.entries.count)
        } else {
            // Each event's citations and each quote's first byte, loaded
            // ahead of the searches (`FileModel.readAhead`).
            context.file.model.readAhead { event in
                let citations = event.citations
                var count = citations.count
                for citation in citations.indices { count &+= Int(citations[citation].quoteUTF8.first ?? 0) }
                return count
            }
        }
        var place = -1
        for relation in context.file.model.relations {
            // By index: this runs on every keystroke, and a copy of each
            // event and citation retained and released all their parts.
            let events = relation.events
            for eventIndex in events.indices {
                let citations = events[eventIndex].citations
                for citationIndex in citations.indices {
                    place += 1
                    let id = citations[citationIndex].source.name
                    let entry: CitationResult?
                    let reused = place < known.entries.count ? known.entries[place] : nil
                    if sourcesAsBefore, let reused, reused.sourceID == id {
                        entry = reused
                    } else if let document = document(citing: id) {
                        if let reused, reused.document.isSameVersion(as: document) {
                            entry = reused
                        } else if citations[citationIndex].quoteUTF8.isBlankUTF8 {
                            entry = nil
                        } else if keeping {
                            let result = document.find(utf8: citations[citationIndex].quoteUTF8)
                            let finding = result.flatMap { Self.finding(QuoteVerdict($0), in: document) }
                            if let finding { report(finding, at: citations[citationIndex].quoteRange) }
                            found.append(CitationResult(sourceID: id, document: document, result: result, finding: finding))
                            continue
                        } else {
                            // Checked once and not kept: the verdict is all
                            // that is reported (a document of a batch check
                            // is folded for nothing more).
                            let verdict = document.verdict(utf8: citations[citationIndex].quoteUTF8)
                            if let finding = verdict.flatMap({ Self.finding($0, in: document) }) {
                                report(finding, at: citations[citationIndex].quoteRange)
                            }
                            continue
                        }
                    } else {
                        entry = nil
                    }
                    if keeping { found.append(entry) }
                    if let finding = entry?.finding { report(finding, at: citations[citationIndex].quoteRange) }
                }
            }
        }
        if keeping { context.file.citationResults.store(.init(entries: found, basis: documentByID)) }

        func report(_ finding: CitationResult.Finding, at range: Range<Int>) {
            let fixes = finding.replacement.map {
                [Fix(title: "Quote the closest passage", edits: [TextEdit(file: path, range: range, newText: $0)])]
            }
            diagnostics.append(Diagnostic(finding.rule, file: path, range: range, message: finding.message, fixes: fixes ?? []))
        }
    }

    /// What a search's verdict calls for, worded once per search (the
    /// server re-checks a file on every keystroke; the entry keeps it).
    private static func finding(_ verdict: QuoteVerdict, in document: SourceDocument) -> CitationResult.Finding? {
        switch verdict {
        case .found, .emptyQuote:
            return nil
        case .ambiguous(let count):
            return CitationResult.Finding(
                rule: .quoteAmbiguous,
                message: "the quote occurs \(count) times in `\(document.path)`; quote a longer passage so that it names one place",
                replacement: nil)
        case .notFound(let closest):
            var message = "the quote is not in `\(document.path)`"
            var replacement: String?
            if let closest {
                message += "; the closest passage is \"\(closest.text)\""
                // Only the passage: not the whole source made a String.
                replacement = document.text(of: closest.range).map { "\"" + StringLiteral.escape(collapseWhiteSpace($0)) + "\"" }
            }
            return CitationResult.Finding(rule: .quoteNotFound, message: message, replacement: replacement)
        }
    }

    /// Runs of white space characters made one space, none at either end.
    static func collapseWhiteSpace(_ text: String) -> String {
        // By scalars when every scalar is a character of its own (as the
        // closest passage's text is); splitting into characters cost about
        // 77 K instructions a passage.
        var text = text
        if let scalars = text.withUTF8({ ClosestPassage.collapsedScalars($0, cutAt: nil) }) {
            return ClosestPassage.string(of: scalars)
        }
        return collapseWhiteSpaceByCharacters(text)
    }

    static func collapseWhiteSpaceByCharacters(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

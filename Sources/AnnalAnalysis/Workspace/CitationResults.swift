import AnnalConcurrency

/// What each citation of one version of a file found in its source, by the
/// citation's place in the file (relations, their events and citations in
/// order), kept for the next version.
///
/// The server checks the edited file again on every keystroke. An edit
/// inside one event lowers that event alone (`FileAnalysis.relowering`),
/// which hands the results of every other citation on to the new version
/// (`carried(replacing:newCount:)`): the citation rule then searches, or
/// looks up in the document's cache, only the edited event's quotes,
/// rather than hashing all of a file's quotes to find them in the cache.
/// A result is reused only for the very document version it was found in.
final class CitationResults: @unchecked Sendable {
    /// One citation's search: the document searched and what was found.
    /// A class: an entry handed on is one reference to copy, where the
    /// result's enum cost a dozen instructions of value witnesses.
    final class Entry: Sendable {
        let document: SourceDocument
        let result: QuoteSearchResult?
        /// What the citation rule reports of the result, worded once.
        let finding: Finding?

        init(document: SourceDocument, result: QuoteSearchResult?, finding: Finding?) {
            self.document = document
            self.result = result
            self.finding = finding
        }
    }

    /// A diagnostic on a citation's quote, but for where the quote is.
    struct Finding: Sendable {
        let rule: Rule
        let message: String
        /// The quote's replacement offered as a fix, if any.
        let replacement: String?
    }

    private let lock = Lock()
    /// Empty while nothing is known; else one entry per citation, nil for
    /// a citation that was not searched (blank quote, unknown source).
    private var entries: [Entry?]

    init() { entries = [] }

    private init(entries: [Entry?]) { self.entries = entries }

    /// The results known so far.
    func snapshot() -> [Entry?] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    /// Records the results of a check of this version.
    func store(_ entries: [Entry?]) {
        lock.lock()
        self.entries = entries
        lock.unlock()
    }

    /// The results handed to the next version of the file, in which the
    /// citations at `replaced` (places in this version) became `newCount`
    /// citations not searched yet.
    func carried(replacing replaced: Range<Int>, newCount: Int) -> CitationResults {
        let known = snapshot()
        guard !known.isEmpty, replaced.upperBound <= known.count else { return CitationResults() }
        var next: [Entry?] = []
        next.reserveCapacity(known.count - replaced.count + newCount)
        next += known[..<replaced.lowerBound]
        next += repeatElement(nil, count: newCount)
        next += known[replaced.upperBound...]
        return CitationResults(entries: next)
    }
}

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
        /// The source id the citation names.
        let sourceID: String
        let document: SourceDocument
        let result: QuoteSearchResult?
        /// What the citation rule reports of the result, worded once.
        let finding: Finding?

        init(sourceID: String, document: SourceDocument, result: QuoteSearchResult?, finding: Finding?) {
            self.sourceID = sourceID
            self.document = document
            self.result = result
            self.finding = finding
        }
    }

    /// What one check found.
    struct Known {
        /// One entry per citation; nil for a citation not searched (blank
        /// quote, unknown source). Empty while nothing is known.
        var entries: [Entry?] = []
        /// The document each source id named then (nil: none): while each
        /// still names the same version, an entry holds for a citation of
        /// the same id without finding its document again.
        var documentByID: [String: SourceDocument?] = [:]
    }

    /// A diagnostic on a citation's quote, but for where the quote is.
    struct Finding: Sendable {
        let rule: Rule
        let message: String
        /// The quote's replacement offered as a fix, if any.
        let replacement: String?
    }

    private let lock = Lock()
    private var known: Known

    init() { known = Known() }

    private init(known: Known) { self.known = known }

    /// The results known so far.
    func snapshot() -> Known {
        lock.lock()
        defer { lock.unlock() }
        return known
    }

    /// Records the results of a check of this version.
    func store(_ known: Known) {
        lock.lock()
        self.known = known
        lock.unlock()
    }

    /// The results handed to the next version of the file, in which the
    /// citations at `replaced` (places in this version) became `newCount`
    /// citations not searched yet.
    func carried(replacing replaced: Range<Int>, newCount: Int) -> CitationResults {
        let known = snapshot()
        guard !known.entries.isEmpty, replaced.upperBound <= known.entries.count else { return CitationResults() }
        var entries: [Entry?] = []
        entries.reserveCapacity(known.entries.count - replaced.count + newCount)
        entries += known.entries[..<replaced.lowerBound]
        entries += repeatElement(nil, count: newCount)
        entries += known.entries[replaced.upperBound...]
        return CitationResults(known: Known(entries: entries, documentByID: known.documentByID))
    }
}

/// What each citation of one version of a file found in its source, kept
/// for the next version (`ResultsByPlace`): the citation rule searches, or
/// looks up in the document's cache, only the edited event's quotes,
/// rather than hashing all of a file's quotes to find them in the cache.
/// The basis is the document each source id named then (nil: none): while
/// each still names the same version, a result holds for a citation of the
/// same id without finding its document again.
typealias CitationResults = ResultsByPlace<CitationResult, [String: SourceDocument?]>

/// One citation's search: the document searched and what was found. A
/// class: a result handed on is one reference to copy, where the search
/// result's enum cost a dozen instructions of value witnesses.
final class CitationResult: Sendable {
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

    /// A diagnostic on a citation's quote, but for where the quote is.
    struct Finding: Sendable {
        let rule: Rule
        let message: String
        /// The quote's replacement offered as a fix, if any.
        let replacement: String?
    }
}

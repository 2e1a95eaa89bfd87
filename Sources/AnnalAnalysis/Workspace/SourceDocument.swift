/// Limits the analysis enforces on the documents it is handed.
public enum AnalysisLimits {
    /// A source document larger than this is not read (AN405).
    public static let maxSourceBytes = 16 * 1024 * 1024
    /// At most this many diagnostics are reported per file; the rest are
    /// summarised in one last diagnostic.
    public static let maxDiagnosticsPerFile = 1000
}

/// What the host found when it tried to load a cited source document.
public enum SourceLoad: Sendable, Hashable {
    /// The document's text.
    case text(String)
    /// No file at that path.
    case missing
    /// The file exists but could not be read; the reason is the system's.
    case unreadable(String)
    /// The bytes are not valid UTF-8; the offset of the first bad byte.
    case notUTF8(offset: Int)
    /// The path leads outside the workspace (e.g. through a symbolic link).
    case outsideWorkspace
    /// The file is larger than the limit.
    case tooLarge(bytes: Int)
}

/// A loaded source document, folded once for quote matching.
public struct SourceDocument: Sendable {
    /// Workspace-relative path.
    public let path: String
    public let load: SourceLoad
    /// The folded text, when the load gave text.
    public let folded: FoldedText?
    let quotes = QuoteCache()

    public init(path: String, load: SourceLoad) {
        self.path = path
        self.load = load
        if case .text(let text) = load { folded = FoldedText(text) } else { folded = nil }
    }

    /// Finds a quote in this document (cached per document version).
    public func find(_ quote: String) -> QuoteSearchResult? {
        guard let folded else { return nil }
        return quotes.result(for: quote) { QuoteMatcher.find(quote, in: folded) }
    }

    public var text: String? {
        if case .text(let text) = load { return text }
        return nil
    }
}

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
    /// The document's text as UTF-8 bytes already validated, as a host that
    /// read them from disk has them (a `String` would validate them again).
    case utf8([UInt8])
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
///
/// Its parts live in one immutable object: a document is copied for every
/// citation checked (out of dictionaries, into rule contexts), and copying
/// the folded text, its map and the load cost a dozen reference counts
/// where the box costs one.
public struct SourceDocument: Sendable {
    private final class Storage: Sendable {
        let path: String
        let load: SourceLoad
        let folded: FoldedText?
        let quotes: QuoteCache?

        init(path: String, load: SourceLoad, folded: FoldedText?, quotes: QuoteCache?) {
            self.path = path
            self.load = load
            self.folded = folded
            self.quotes = quotes
        }
    }

    private let storage: Storage

    /// Workspace-relative path.
    public var path: String { storage.path }
    public var load: SourceLoad { storage.load }
    /// The folded text, when the load gave text.
    public var folded: FoldedText? { storage.folded }
    /// Searches already made in this version; nil when not remembered.
    var quotes: QuoteCache? { storage.quotes }

    /// Whether both are the same version of a document: made by the same
    /// `init`, so that a search in one holds for the other.
    func isSameVersion(as other: SourceDocument) -> Bool { storage === other.storage }

    /// `remembersSearches`: keep every search's result for the next time
    /// the same quote is looked up (an editor re-checks a file on every
    /// keystroke). A batch run looks each quote up once and leaves it off:
    /// the cache was about 6 % of `annal check`'s memory. `folding`: fold
    /// the text for quote searches; a check that searches no quote (AN410
    /// and AN411 off) needs only the load, and `folded` is then nil.
    public init(path: String, load: SourceLoad, remembersSearches: Bool = true, folding: Bool = true) {
        let folded: FoldedText? = switch load {
        case .text(let text) where folding: FoldedText(text)
        case .utf8(let bytes) where folding: FoldedText(validUTF8: bytes)
        default: nil
        }
        storage = Storage(path: path, load: load, folded: folded, quotes: remembersSearches ? QuoteCache() : nil)
    }

    /// Finds a quote in this document (cached per document version when
    /// searches are remembered).
    public func find(_ quote: String) -> QuoteSearchResult? {
        find(utf8: Array(quote.utf8))
    }

    /// `find(_:)` for a quote given as its UTF-8 bytes, as the model keeps it.
    public func find(utf8 quote: [UInt8]) -> QuoteSearchResult? {
        let storage = storage
        guard let folded = storage.folded else { return nil }
        guard let quotes = storage.quotes else { return QuoteMatcher.find(utf8: quote, in: folded) }
        return quotes.result(for: quote) { QuoteMatcher.find(utf8: quote, in: folded) }
    }

    public var text: String? {
        switch storage.load {
        case .text(let text): text
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}

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

/// What a source document is folded for.
public enum SourceFolding: Sendable {
    /// Not folded: only the load is read (AN401–AN405; quotes not searched).
    case none
    /// For verdicts (`SourceDocument.verdict(utf8:)`): a plainly NFC text,
    /// nearly every source, is folded without the map back to its bytes
    /// (`UnmappedFold`); the map is made only for a quote not found, whose
    /// closest passage needs it. What `annal check` needs.
    case forVerdicts
    /// For searches that say where a quote is (go-to-source, the export).
    case located
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
        /// The folded text and its map; nil when not folded, or folded
        /// without a map (`unmapped`).
        let folded: FoldedText?
        let unmapped: UnmappedFold?
        let quotes: QuoteCache?

        init(path: String, load: SourceLoad, folded: FoldedText?, unmapped: UnmappedFold?, quotes: QuoteCache?) {
            self.path = path
            self.load = load
            self.folded = folded
            self.unmapped = unmapped
            self.quotes = quotes
        }
    }

    private let storage: Storage

    /// Workspace-relative path.
    public var path: String { storage.path }
    public var load: SourceLoad { storage.load }
    /// The folded text, when the load gave text and the document is
    /// folded. A document folded for verdicts without a map folds it again
    /// for each call (only a quote not found asks).
    public var folded: FoldedText? {
        if let unmapped = storage.unmapped { return FoldedText(validUTF8: unmapped.original) }
        return storage.folded
    }
    /// Searches already made in this version; nil when not remembered.
    var quotes: QuoteCache? { storage.quotes }
    /// Whether the text is folded without a map (for tests).
    var isFoldedWithoutMap: Bool { storage.unmapped != nil }

    /// Whether both are the same version of a document: made by the same
    /// `init`, so that a search in one holds for the other.
    func isSameVersion(as other: SourceDocument) -> Bool { storage === other.storage }

    /// `remembersSearches`: keep every search's result for the next time
    /// the same quote is looked up (an editor re-checks a file on every
    /// keystroke). A batch run looks each quote up once and leaves it off:
    /// the cache was about 6 % of `annal check`'s memory. `folding`: what
    /// the text is folded for (`SourceFolding`).
    public init(path: String, load: SourceLoad, remembersSearches: Bool = true, folding: SourceFolding = .located) {
        var unmapped: UnmappedFold?
        if folding == .forVerdicts {
            switch load {
            case .utf8(let bytes): unmapped = UnmappedFold(validUTF8: bytes)
            case .text(let text): unmapped = UnmappedFold(validUTF8: Array(text.utf8))
            default: break
            }
        }
        let folded: FoldedText? = switch load {
        case _ where folding == .none || unmapped != nil: nil
        case .text(let text): FoldedText(text)
        case .utf8(let bytes): FoldedText(validUTF8: bytes)
        default: nil
        }
        storage = Storage(path: path, load: load, folded: folded, unmapped: unmapped,
                          quotes: remembersSearches ? QuoteCache() : nil)
    }

    /// Finds a quote in this document (cached per document version when
    /// searches are remembered).
    public func find(_ quote: String) -> QuoteSearchResult? {
        find(utf8: Array(quote.utf8))
    }

    /// `find(_:)` for a quote given as its UTF-8 bytes, as the model keeps it.
    public func find(utf8 quote: [UInt8]) -> QuoteSearchResult? {
        let storage = storage
        guard let folded = self.folded else { return nil }
        guard let quotes = storage.quotes else { return QuoteMatcher.find(utf8: quote, in: folded) }
        return quotes.result(for: quote) { QuoteMatcher.find(utf8: quote, in: folded) }
    }

    /// The verdict on a quote (UTF-8): what `find(utf8:)` would say of it,
    /// but not where it is. Nil when the document has no folded text.
    public func verdict(utf8 quote: [UInt8]) -> QuoteVerdict? {
        guard let unmapped = storage.unmapped else { return find(utf8: quote).map(QuoteVerdict.init) }
        if let verdict = QuoteMatcher.verdict(utf8: quote, in: unmapped) { return verdict }
        // Not found: the located search, on the text folded with its map,
        // finds the closest passage (and has the last word).
        return QuoteVerdict(QuoteMatcher.find(utf8: quote, in: FoldedText(validUTF8: unmapped.original)))
    }

    public var text: String? {
        switch storage.load {
        case .text(let text): text
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The original text of `range` (UTF-8 offsets of the loaded text);
    /// nil when the document has no text or the range is not in it.
    public func text(of range: Range<Int>) -> String? {
        switch storage.load {
        case .text(let text):
            let utf8 = text.utf8
            guard range.lowerBound >= 0, range.upperBound <= utf8.count else { return nil }
            return String(decoding: utf8.dropFirst(range.lowerBound).prefix(range.count), as: UTF8.self)
        case .utf8(let bytes):
            guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
            return String(decoding: bytes[range], as: UTF8.self)
        default:
            return nil
        }
    }
}

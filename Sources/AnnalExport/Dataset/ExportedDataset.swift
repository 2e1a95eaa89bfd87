import AnnalAnalysis

// The dataset as the exports see it: every name resolved, every quote
// located, in a deterministic order. Built from a `Workspace` by
// `DatasetBuilder`; written by `DatasetExport` (JSON), `EventTable` (CSV)
// and `TimelineRenderer` (SVG, HTML).

/// A `source` declaration.
public struct ExportedSource: Sendable, Hashable {
    public let id: String
    /// The `.annal` file that declares it (workspace-relative).
    public let file: String
    public let line: Int
    /// The document's workspace-relative path; nil when it leads outside the workspace.
    public let path: String?
    public let title: String?
    public let kind: String?
    /// The publisher's canonical party id.
    public let publisher: String?
    public let lang: String?
    public let updated: ExportedDate?
    public let url: String?
    /// Whether the document's text was loaded.
    public let available: Bool
}

/// A `party` or `programme` declaration (programme-only fields are nil for parties).
public struct ExportedEntity: Sendable, Hashable {
    public let id: String
    /// True for an entry of the built-in catalogue.
    public let builtin: Bool
    /// The declaring file; nil for a built-in entry.
    public let file: String?
    public let line: Int?
    public let kind: String?
    /// Names by language tag, sorted by tag.
    public let names: [LocalizedName]
    public let aliases: [String]
    public let doc: String?
    // Programmes only: canonical ids and dates.
    public let owner: String?
    public let parent: String?
    public let successor: String?
    public let since: ExportedDate?
    public let until: ExportedDate?

    /// The English name, else the first one.
    public var name: String? { names.first { $0.lang == "en" }?.name ?? names.first?.name }

}

/// A name in one language: `name` is English (`en`), `name.fr` French.
public struct LocalizedName: Sendable, Hashable {
    public let lang: String
    public let name: String
}

/// A 1-based line and column (Unicode code points) in a text.
public struct TextPosition: Sendable, Hashable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Where a quote was found, or why not.
public enum QuoteLocation: Sendable, Hashable {
    /// Found once: the byte range in the source and the 1-based line and
    /// code-point column of its first character and of the position just
    /// after its last.
    case found(bytes: Range<Int>, start: TextPosition, end: TextPosition)
    /// Found more than once.
    case ambiguous(count: Int)
    case notFound
    /// The quote is empty.
    case empty
    /// The source document could not be loaded (missing, unreadable, outside the workspace…).
    case sourceUnavailable
    /// The citation names no declared source.
    case unknownSource

    /// The word the export writes: `found`, `not-found`, `ambiguous`, `empty`,
    /// `source-unavailable`, `unknown-source`.
    public var status: String {
        switch self {
        case .found: "found"
        case .ambiguous: "ambiguous"
        case .notFound: "not-found"
        case .empty: "empty"
        case .sourceUnavailable: "source-unavailable"
        case .unknownSource: "unknown-source"
        }
    }

    /// Every status, in the order the schema lists them.
    public static let statuses = ["found", "not-found", "ambiguous", "empty", "source-unavailable", "unknown-source"]
}

/// `cite SOURCE "quote"`.
public struct ExportedCitation: Sendable, Hashable {
    /// The source id as written.
    public let source: String
    /// The source document's workspace-relative path, when the source is declared.
    public let sourcePath: String?
    /// The quote as written (escapes resolved).
    public let quote: String
    public let location: QuoteLocation

    /// The 1-based line of the quote in its source, when found.
    public var line: Int? {
        if case .found(_, let start, _) = location { return start.line }
        return nil
    }
}

/// An `event` of a relation.
public struct ExportedEvent: Sendable, Hashable {
    /// Position in its relation, from 0.
    public let index: Int
    public let file: String
    /// 1-based line of the `event` keyword.
    public let line: Int
    public let date: ExportedDate
    public let kind: String?
    /// Canonical programme ids, as listed.
    public let programmes: [String]
    /// Canonical party ids: the event's `parties`, else the relation's.
    public let parties: [String]
    /// True when `parties` come from the relation (the event names none).
    public let partiesFromRelation: Bool
    public let place: String?
    public let summary: String?
    public let areas: [String]
    public let citations: [ExportedCitation]

    /// The programme acronyms, else the kind: the label of a timeline mark.
    public var label: String {
        if !programmes.isEmpty { return programmes.joined(separator: ", ") }
        return kind ?? "event"
    }
}

/// A `relation` and its events.
public struct ExportedRelation: Sendable, Hashable {
    public let id: String
    public let file: String
    public let line: Int
    public let title: String?
    public let summary: String?
    public let parties: [String]
    public let programmes: [String]
    public let events: [ExportedEvent]
}

/// Counts of the dataset and of the diagnostics found when it was built.
public struct ExportSummary: Sendable, Hashable {
    public let files: Int
    public let relations: Int
    public let events: Int
    public let citations: Int
    public let errors: Int
    public let warnings: Int
}

/// The whole dataset, ready to write.
public struct ExportedDataset: Sendable, Hashable {
    /// The `.annal` files, sorted.
    public let files: [String]
    /// Sorted by id.
    public let sources: [ExportedSource]
    /// Workspace parties, and the built-in ones the dataset refers to; sorted by id.
    public let parties: [ExportedEntity]
    /// Workspace programmes, and the built-in ones the dataset refers to; sorted by id.
    public let programmes: [ExportedEntity]
    /// By file, then position in the file.
    public let relations: [ExportedRelation]
    public let summary: ExportSummary

    public func party(_ id: String) -> ExportedEntity? { parties.first { $0.id == id } }
    public func programme(_ id: String) -> ExportedEntity? { programmes.first { $0.id == id } }
    public func source(_ id: String) -> ExportedSource? { sources.first { $0.id == id } }
}

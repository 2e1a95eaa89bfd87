import AnnalAnalysis
import AnnalJSON

/// The dataset as JSON (`annal export --format json`), described by
/// `schema/annal-export.schema.json`, and as JSON Lines (`--format jsonl`):
/// one self-contained object per event.
///
/// Every key is always present (null or empty when the file says nothing),
/// in a fixed order, so the output is byte-for-byte reproducible.
public enum DatasetExport {
    /// The version of the export's structure; bumped on incompatible change.
    public static let version = 1

    /// The whole dataset as one pretty-printed JSON object, ending with a line feed.
    public static func json(_ dataset: ExportedDataset) -> String {
        JSONWriter.pretty(value(dataset)) + "\n"
    }

    /// One compact JSON object per event, one per line (JSON Lines), in
    /// dataset order; each carries its relation and the names it uses.
    public static func jsonLines(_ dataset: ExportedDataset) -> String {
        var out = ""
        for relation in dataset.relations {
            for event in relation.events {
                out += JSONWriter.string(record(event, of: relation, in: dataset)) + "\n"
            }
        }
        return out
    }

    /// The dataset as a JSON value.
    public static func value(_ dataset: ExportedDataset) -> JSONValue {
        .object([
            ("format", "annal-export"),
            ("version", .int(version)),
            ("files", .array(dataset.files.map { .string($0) })),
            ("summary", summary(dataset.summary)),
            ("sources", .array(dataset.sources.map(source))),
            ("parties", .array(dataset.parties.map(party))),
            ("programmes", .array(dataset.programmes.map(programme))),
            ("relations", .array(dataset.relations.map(relation))),
        ])
    }

    /// One JSON Lines record: the event's members after its relation's id,
    /// title and parties, followed by the English names of the parties,
    /// programmes and sources it names.
    public static func record(_ event: ExportedEvent, of relation: ExportedRelation, in dataset: ExportedDataset) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("relation", .string(relation.id)),
            ("relationTitle", optional(relation.title)),
            ("relationParties", strings(relation.parties)),
        ]
        if case .object(let own) = self.event(event) { members += own }
        func names(_ ids: [String], _ lookup: (String) -> String?) -> JSONValue {
            var seen = Set<String>()
            return .object(ids.filter { seen.insert($0).inserted }.map { ($0, optional(lookup($0))) })
        }
        members += [
            ("partyNames", names(event.parties, { dataset.party($0)?.name })),
            ("programmeNames", names(event.programmes, { dataset.programme($0)?.name })),
            ("sourceTitles", names(event.citations.map(\.source), { dataset.source($0)?.title })),
        ]
        return .object(members)
    }

    // MARK: - Parts

    static func summary(_ summary: ExportSummary) -> JSONValue {
        .object([
            ("files", .int(summary.files)),
            ("relations", .int(summary.relations)),
            ("events", .int(summary.events)),
            ("citations", .int(summary.citations)),
            ("errors", .int(summary.errors)),
            ("warnings", .int(summary.warnings)),
        ])
    }

    static func source(_ source: ExportedSource) -> JSONValue {
        .object([
            ("id", .string(source.id)),
            ("file", .string(source.file)),
            ("line", .int(source.line)),
            ("path", optional(source.path)),
            ("available", .bool(source.available)),
            ("title", optional(source.title)),
            ("kind", optional(source.kind)),
            ("publisher", optional(source.publisher)),
            ("lang", optional(source.lang)),
            ("updated", source.updated.map(date) ?? .null),
            ("url", optional(source.url)),
        ])
    }

    static func party(_ party: ExportedEntity) -> JSONValue {
        .object(entityHead(party) + [
            ("kind", optional(party.kind)),
            ("names", names(party)),
            ("aliases", strings(party.aliases)),
            ("doc", optional(party.doc)),
        ])
    }

    static func programme(_ programme: ExportedEntity) -> JSONValue {
        .object(entityHead(programme) + [
            ("kind", optional(programme.kind)),
            ("names", names(programme)),
            ("aliases", strings(programme.aliases)),
            ("owner", optional(programme.owner)),
            ("parent", optional(programme.parent)),
            ("successor", optional(programme.successor)),
            ("since", programme.since.map(date) ?? .null),
            ("until", programme.until.map(date) ?? .null),
            ("doc", optional(programme.doc)),
        ])
    }

    private static func entityHead(_ entity: ExportedEntity) -> [(String, JSONValue)] {
        [
            ("id", .string(entity.id)),
            ("builtin", .bool(entity.builtin)),
            ("file", optional(entity.file)),
            ("line", entity.line.map { .int($0) } ?? .null),
        ]
    }

    private static func names(_ entity: ExportedEntity) -> JSONValue {
        .object(entity.names.map { ($0.lang, .string($0.name)) })
    }

    static func relation(_ relation: ExportedRelation) -> JSONValue {
        .object([
            ("id", .string(relation.id)),
            ("file", .string(relation.file)),
            ("line", .int(relation.line)),
            ("title", optional(relation.title)),
            ("summary", optional(relation.summary)),
            ("parties", strings(relation.parties)),
            ("programmes", strings(relation.programmes)),
            ("events", .array(relation.events.map(event))),
        ])
    }

    static func event(_ event: ExportedEvent) -> JSONValue {
        .object([
            ("index", .int(event.index)),
            ("file", .string(event.file)),
            ("line", .int(event.line)),
            ("date", date(event.date)),
            ("kind", optional(event.kind)),
            ("programmes", strings(event.programmes)),
            ("parties", strings(event.parties)),
            ("partiesFromRelation", .bool(event.partiesFromRelation)),
            ("place", optional(event.place)),
            ("summary", optional(event.summary)),
            ("areas", strings(event.areas)),
            ("citations", .array(event.citations.map(citation))),
        ])
    }

    static func date(_ date: ExportedDate) -> JSONValue {
        .object([
            ("text", .string(date.text)),
            ("valid", .bool(date.isValid)),
            ("interval", .bool(date.isInterval)),
            ("meaning", optional(date.meaning)),
            ("start", date.start.map(end) ?? .null),
            ("end", date.end.map(end) ?? .null),
        ])
    }

    private static func end(_ end: ExportedDate.End) -> JSONValue {
        .object([
            ("bound", .string(end.bound.rawValue)),
            ("date", optional(end.iso)),
            ("precision", optional(end.precision?.rawValue)),
            ("qualifier", optional(end.qualifier.map(ExportedDate.word))),
        ])
    }

    static func citation(_ citation: ExportedCitation) -> JSONValue {
        var bytes: JSONValue = .null
        var start: JSONValue = .null
        var end: JSONValue = .null
        var matches: JSONValue = .null
        switch citation.location {
        case .found(let range, let first, let last):
            bytes = .object([("start", .int(range.lowerBound)), ("end", .int(range.upperBound))])
            start = position(first)
            end = position(last)
            matches = 1
        case .ambiguous(let count):
            matches = .int(count)
        case .notFound:
            matches = 0
        case .empty, .sourceUnavailable, .unknownSource:
            break
        }
        return .object([
            ("source", .string(citation.source)),
            ("sourcePath", optional(citation.sourcePath)),
            ("quote", .string(citation.quote)),
            ("status", .string(citation.location.status)),
            ("matches", matches),
            ("bytes", bytes),
            ("start", start),
            ("end", end),
        ])
    }

    private static func position(_ position: TextPosition) -> JSONValue {
        .object([("line", .int(position.line)), ("column", .int(position.column))])
    }

    private static func optional(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }

    private static func strings(_ items: [String]) -> JSONValue {
        .array(items.map { .string($0) })
    }
}

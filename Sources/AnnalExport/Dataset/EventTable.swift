/// The dataset as a table with one row per event (`annal export --format csv`).
///
/// Columns: relation, parties (`;`-joined; the relation's when the event
/// names none), date (as written), start and end (ISO days; empty for an
/// open or unknown end), precision and qualifier (one word for a date;
/// `START/END` for an interval, as in `year/..`), kind, programmes
/// (`;`-joined), summary, and the event's first citation: source id, quote
/// as written, and line of the quote in its source (empty when not found).
/// The JSON export has every citation.
public enum EventTable {
    public static let columns = [
        "relation", "parties", "date", "start", "end", "precision", "qualifier",
        "kind", "programmes", "summary", "source", "quote", "line",
    ]

    /// The rows, in dataset order.
    public static func rows(_ dataset: ExportedDataset) -> [[String]] {
        dataset.relations.flatMap { relation in
            relation.events.map { event in
                let citation = event.citations.first
                return [
                    relation.id,
                    event.parties.joined(separator: ";"),
                    event.date.text,
                    event.date.start?.iso ?? "",
                    event.date.end?.iso ?? "",
                    event.date.precisionText,
                    event.date.qualifierText,
                    event.kind ?? "",
                    event.programmes.joined(separator: ";"),
                    event.summary ?? "",
                    citation?.source ?? "",
                    citation?.quote ?? "",
                    citation?.line.map(String.init) ?? "",
                ]
            }
        }
    }

    /// The CSV document: a header row, then one row per event.
    public static func csv(_ dataset: ExportedDataset, byteOrderMark: Bool = false) -> String {
        CSV.document(header: columns, rows: rows(dataset), byteOrderMark: byteOrderMark)
    }
}

import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/codeLens`: on each relation's header, how many events it
/// holds and the span of years they cover, e.g. "12 events · 1993–2023".
/// The lens is informative: its command is empty, so clicking does nothing.
enum CodeLensFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/codeLens": codeLenses]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("codeLensProvider", .object([("resolveProvider", false)]))]
    }

    static func codeLenses(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        var lenses: [JSONValue] = []
        for relation in file.analysis.model.relations {
            let header = relation.keywordRange.lowerBound..<max(relation.keywordRange.upperBound, relation.idRange.upperBound)
            let title = Self.title(relation.events)
            lenses.append(.object([
                ("range", snapshot.range(header, in: file.analysis.lineIndex)),
                ("command", .object([("title", .string(title)), ("command", "")])),
            ]))
        }
        return .array(lenses)
    }

    /// "3 events · 1993–2023", "1 event · 2003", "2 events" when no date is known.
    static func title(_ events: [EventModel]) -> String {
        var title = "\(events.count) event\(events.count == 1 ? "" : "s")"
        var years: [Int] = []
        for event in events {
            if let earliest = event.date?.earliest { years.append(earliest.year) }
            if let latest = event.date?.latest { years.append(latest.year) }
        }
        if let first = years.min(), let last = years.max() {
            title += " · " + (first == last ? "\(first)" : "\(first)–\(last)")
        }
        return title
    }
}

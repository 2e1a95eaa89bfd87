/// The standalone HTML page of a timeline: the SVG drawing, then a table of
/// every event. No script, no external resource: one file that opens
/// anywhere.
enum TimelinePage {
    static func html(_ dataset: ExportedDataset, heading: String, caption: String, svg: String) -> String {
        let e = XML.escape
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="annal timeline">
        <title>\(e(heading))</title>
        <style>
        body { font-family: \(TimelineRenderer.fontFamily); color: #1a1a1a; margin: 24px; line-height: 1.4; }
        h1 { font-size: 1.4em; margin: 0 0 0.5em; }
        h2 { font-size: 1.15em; margin: 1.5em 0 0.5em; }
        .timeline { overflow-x: auto; border: 1px solid #dde1e6; border-radius: 4px; }
        .timeline svg { display: block; }
        .annal-timeline .event { cursor: pointer; }
        .annal-timeline .event:hover text { text-decoration: underline; }
        table { border-collapse: collapse; font-size: 0.9em; width: 100%; }
        th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { background: #f3f5f8; position: sticky; top: 0; }
        td.date { min-width: 9em; }
        td.date code { white-space: nowrap; font-size: 1.05em; }
        td.summary { min-width: 16em; }
        td.quote { min-width: 20em; }
        td.source { white-space: nowrap; }
        tr.relation th { background: #e8ecf1; font-size: 1.05em; padding-top: 8px; }
        tr.relation th .muted { font-weight: normal; }
        td.quote { font-style: italic; color: #3c4043; }
        tr:target { background: #fff4c2; }
        .muted { color: #5f6368; }
        .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.3em; vertical-align: -0.05em; }
        </style>
        </head>
        <body>
        <h1>\(e(heading))</h1>
        <p class="muted">\(e(caption))</p>
        <div class="timeline">

        """
        out += svg
        out += """
        </div>
        <h2>Events</h2>
        <table>
        <thead><tr><th>Date</th><th>Kind</th><th>Programmes</th><th>Parties</th><th>Summary</th><th>Quote</th><th>Source</th></tr></thead>
        <tbody>

        """
        for relation in dataset.relations {
            let parties = relation.parties.joined(separator: ", ")
            out += "<tr class=\"relation\" id=\"relation-\(XML.identifier(relation.id))\"><th colspan=\"7\">"
                + "\(e(relation.title ?? relation.id)) <span class=\"muted\">\(e(relation.id)) · \(e(parties))</span></th></tr>\n"
            for event in relation.events {
                let date = event.date.meaning.map { "<br><span class=\"muted\">\(e($0))</span>" } ?? ""
                let swatch = "<span class=\"swatch\" style=\"background: \(Palette.color(event.kind))\"></span>"
                let programmes = event.programmes.map { id in
                    let name = dataset.programme(id)?.name.map { " title=\"\(e($0))\"" } ?? ""
                    return "<abbr\(name)>\(e(id))</abbr>"
                }.joined(separator: ", ")
                let quotes = event.citations.map { "“\(e($0.quote))”" }.joined(separator: "<br>")
                let sources = event.citations.map { citation in
                    e(citation.source) + (citation.line.map { ", line \($0)" } ?? " <span class=\"muted\">(\(e(citation.location.status)))</span>")
                }.joined(separator: "<br>")
                out += "<tr id=\"\(anchor(relation, event))\">"
                out += "<td class=\"date\"><code>\(e(event.date.text))</code>\(date)</td>"
                out += "<td>\(swatch)\(e(event.kind ?? ""))</td>"
                out += "<td>\(programmes)</td>"
                out += "<td>\(e(event.parties.joined(separator: ", ")))</td>"
                out += "<td class=\"summary\">\(e(event.summary ?? ""))</td>"
                out += "<td class=\"quote\">\(quotes)</td>"
                out += "<td class=\"source\">\(sources)</td>"
                out += "</tr>\n"
            }
        }
        out += """
        </tbody>
        </table>
        </body>
        </html>

        """
        return out
    }

    /// The id of an event's table row.
    static func anchor(_ relation: ExportedRelation, _ event: ExportedEvent) -> String {
        "event-" + XML.identifier(relation.id) + "-\(event.index)"
    }
}

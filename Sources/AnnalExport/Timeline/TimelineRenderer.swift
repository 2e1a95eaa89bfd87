import AnnalAnalysis

/// Draws the dataset as a timeline: one lane per relation (its title and
/// parties on the left), a time axis with year ticks over every known date,
/// and each event placed by its date with its precision shown:
///
/// - a day: a circle;
/// - a month, season, year, decade or century: a translucent band as wide
///   as the period (the event happened some time in it);
/// - an interval between two dates: a solid bar;
/// - an open or unknown end (`1993/..`): a bar fading out toward the right
///   edge; an open or unknown start (`../2023-10-13`): fading in from the left;
/// - uncertain or approximate dates (`?`, `~`, `%`): a dashed outline.
///
/// Colours stand for event kinds; each mark is labelled by its programmes
/// (else its kind) and carries a `<title>` tooltip with the date, kind,
/// summary and quotes. Marks that would overlap are stacked in sub-rows.
/// The SVG uses no external resource; the HTML page embeds it and adds a
/// table of the events.
public struct TimelineRenderer: Sendable {
    /// The width of the drawing in pixels (at least 600).
    public var width: Double
    /// The heading; nil gives "Timeline".
    public var title: String?

    public init(width: Double = 1200, title: String? = nil) {
        self.width = width
        self.title = title
    }

    /// A standalone SVG document.
    public func svg(_ dataset: ExportedDataset) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + drawing(dataset, inPage: false)
    }

    /// A standalone HTML page: the timeline, then a table of the events.
    /// Each mark links to its row.
    public func html(_ dataset: ExportedDataset) -> String {
        TimelinePage.html(dataset, heading: heading, caption: caption(dataset), svg: drawing(dataset, inPage: true))
    }

    var heading: String { title ?? "Timeline" }

    /// "4 relations · 49 events · 1992–2023".
    func caption(_ dataset: ExportedDataset) -> String {
        let scale = TimelineLayout(dataset, width: width).scale
        let events = dataset.relations.reduce(0) { $0 + $1.events.count }
        return "\(dataset.relations.count) relation\(dataset.relations.count == 1 ? "" : "s") · "
            + "\(events) event\(events == 1 ? "" : "s") · \(scale.firstYear)–\(scale.lastYear)"
    }

    // MARK: - Drawing

    static let fontFamily = "'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
    static let ink = "#1a1a1a"
    static let muted = "#5f6368"

    /// The `<svg>` element. In a page (`inPage`), the page shows the
    /// heading, and each mark links to its row of the table.
    func drawing(_ dataset: ExportedDataset, inPage: Bool) -> String {
        let linkEvents = inPage
        let layout = TimelineLayout(dataset, width: width, top: inPage ? 4 : 64)
        let legend = TimelineLegend(dataset: dataset, width: layout.width, top: layout.lanesBottom + 34)
        let height = legend.bottom + TimelineLayout.margin
        let w = SVGBuilder.number(layout.width)
        let h = SVGBuilder.number(height)
        let n = SVGBuilder.number
        let caption = caption(dataset)

        var svg = SVGBuilder()
        svg.element("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"),
            ("font-family", Self.fontFamily), ("font-size", "11"), ("role", "img"), ("class", "annal-timeline"),
        ]) { svg in
            svg.leaf("title", [], text: "\(heading): \(caption)")
            svg.element("defs") { defs in
                TimelineLegend.gradients(&defs)
            }
            svg.empty("rect", [("x", "0"), ("y", "0"), ("width", w), ("height", h), ("fill", "#ffffff")])
            if !inPage {
                svg.leaf("text", [("x", n(TimelineLayout.margin)), ("y", "28"), ("font-size", "17"), ("font-weight", "bold"),
                                  ("fill", Self.ink)], text: heading)
                svg.leaf("text", [("x", n(TimelineLayout.margin)), ("y", "46"), ("font-size", "12"), ("fill", Self.muted)],
                         text: caption)
            }

            // Lane backgrounds, then the year grid over them, then the lanes.
            svg.element("g", [("class", "lane-backgrounds")]) { g in
                for (i, lane) in layout.lanes.enumerated() {
                    g.empty("rect", [("x", n(TimelineLayout.margin / 2)), ("y", n(lane.top)),
                                     ("width", n(layout.width - TimelineLayout.margin)), ("height", n(lane.height)),
                                     ("fill", i % 2 == 0 ? "#f3f5f8" : "#ffffff")])
                }
            }
            axis(&svg, layout)
            svg.element("g", [("class", "lanes")]) { g in
                for lane in layout.lanes { self.lane(&g, lane, dataset: dataset, linkEvents: linkEvents) }
            }
            legend.draw(&svg)
        }
        return svg.text
    }

    private func axis(_ svg: inout SVGBuilder, _ layout: TimelineLayout) {
        let scale = layout.scale
        let n = SVGBuilder.number
        let top = layout.axisTop
        let bottom = layout.lanesBottom
        let labelled = Set(scale.labelledYears(minimumGap: 38))
        svg.element("g", [("class", "axis")]) { g in
            if scale.pixelsPerYear >= 5 {
                for year in scale.firstYear...(scale.lastYear + 1) where !labelled.contains(year) {
                    let x = n(scale.x(year: year))
                    g.empty("line", [("x1", x), ("y1", n(top)), ("x2", x), ("y2", n(bottom)), ("stroke", "#e3e6ea"), ("stroke-width", "1")])
                }
            }
            for year in labelled.sorted() {
                let x = n(scale.x(year: year))
                g.empty("line", [("class", "tick"), ("x1", x), ("y1", n(top - 4)), ("x2", x), ("y2", n(bottom + 4)),
                                 ("stroke", "#c4c9d0"), ("stroke-width", "1")])
                for (y, baseline) in [(top - 8, "auto"), (bottom + 17, "auto")] {
                    g.leaf("text", [("x", x), ("y", n(y)), ("text-anchor", "middle"), ("fill", Self.muted),
                                    ("font-size", "11"), ("dominant-baseline", baseline)], text: String(year))
                }
            }
            g.empty("line", [("x1", n(scale.x0)), ("y1", n(top)), ("x2", n(scale.x1)), ("y2", n(top)), ("stroke", "#9aa0a6")])
            g.empty("line", [("x1", n(scale.x0)), ("y1", n(bottom)), ("x2", n(scale.x1)), ("y2", n(bottom)), ("stroke", "#9aa0a6")])
        }
    }

    private func lane(_ svg: inout SVGBuilder, _ lane: TimelineLayout.Lane, dataset: ExportedDataset, linkEvents: Bool) {
        let n = SVGBuilder.number
        svg.element("g", [("class", "lane"), ("id", "lane-" + XML.identifier(lane.relation.id)), ("data-relation", lane.relation.id)]) { g in
            let x = TimelineLayout.margin
            var y = lane.top + TimelineLayout.lanePadding + TimelineLayout.titleSize
            g.element("text", [("class", "lane-title"), ("x", n(x)), ("y", n(y)), ("font-size", n(TimelineLayout.titleSize)),
                               ("font-weight", "bold"), ("fill", Self.ink)]) { text in
                for (i, line) in lane.titleLines.enumerated() {
                    text.leaf("tspan", [("x", n(x)), ("y", n(y + Double(i) * TimelineLayout.titleLineHeight))], text: line)
                }
            }
            y += Double(lane.titleLines.count - 1) * TimelineLayout.titleLineHeight + 15
            let undrawn = lane.undrawn > 0 ? " (\(lane.undrawn) with an invalid date, not shown)" : ""
            g.leaf("text", [("class", "lane-subtitle"), ("x", n(x)), ("y", n(y)), ("font-size", n(TimelineLayout.subtitleSize)),
                            ("fill", Self.muted)], text: lane.subtitle + undrawn)
            for mark in lane.marks { self.mark(&g, mark, dataset: dataset, linkEvents: linkEvents) }
        }
    }

    private func mark(_ svg: inout SVGBuilder, _ mark: TimelineLayout.Mark, dataset: ExportedDataset, linkEvents: Bool) {
        let n = SVGBuilder.number
        let color = Palette.color(mark.event.kind)
        let shapeName: String
        switch mark.shape {
        case .point: shapeName = "point"
        case .period: shapeName = "period"
        case .interval: shapeName = "interval"
        case .fadeOut: shapeName = "open-end"
        case .fadeIn: shapeName = "open-start"
        }
        var attributes: [(String, String)] = [
            ("class", "event"), ("data-shape", shapeName), ("data-date", mark.event.date.text),
            ("data-kind", mark.event.kind ?? ""),
        ]
        if mark.dashed { attributes.append(("data-qualified", "true")) }
        let body: (inout SVGBuilder) -> Void = { g in
            g.leaf("title", [], text: Self.tooltip(mark, dataset: dataset))
            let dash: [(String, String)] = mark.dashed ? [("stroke-dasharray", "4 2.5")] : []
            let y = mark.y
            let half = TimelineLayout.barHeight / 2
            let h = n(TimelineLayout.barHeight)
            // The colour under an inside label: the kind's colour, or the lane's for a translucent shape.
            var solidUnderLabel = false
            switch mark.shape {
            case .point(let x):
                g.empty("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(TimelineLayout.pointRadius)),
                                   ("fill", mark.dashed ? "#ffffff" : color), ("stroke", color),
                                   ("stroke-width", mark.dashed ? "2" : "1.5")] + (mark.dashed ? [("stroke-dasharray", "2.5 1.5")] : []))
            case .period(let x0, let x1):
                g.empty("rect", [("x", n(x0)), ("y", n(y - half)), ("width", n(x1 - x0)), ("height", h), ("rx", "2"),
                                 ("fill", color), ("fill-opacity", "0.25"), ("stroke", color), ("stroke-width", "1.3")] + dash)
            case .interval(let x0, let x1):
                solidUnderLabel = !mark.dashed
                g.empty("rect", [("x", n(x0)), ("y", n(y - half)), ("width", n(x1 - x0)), ("height", h), ("rx", "2"),
                                 ("fill", color), ("fill-opacity", mark.dashed ? "0.4" : "0.9"), ("stroke", color),
                                 ("stroke-width", "1.3")] + dash)
            case .fadeOut(let x0, let x1), .fadeIn(let x0, let x1):
                // Solid under the label, then fading to nothing at the open end.
                let fadeOut = shapeName == "open-end"
                let id = "fade-" + XML.identifier(mark.relation.id) + "-\(mark.event.index)"
                let width = max(x1 - x0, 1)
                let solid = min(max((mark.labelInside ? mark.labelWidth + 10 : 6) / width, 0), 0.9)
                let opacity = mark.dashed ? "0.45" : "0.9"
                solidUnderLabel = !mark.dashed
                g.element("defs") { defs in
                    defs.element("linearGradient", [("id", id), ("gradientUnits", "userSpaceOnUse"), ("x1", n(x0)), ("y1", "0"),
                                                     ("x2", n(x1)), ("y2", "0")]) { gradient in
                        let stops = fadeOut ? [(0.0, opacity), (solid, opacity), (1.0, "0")]
                                            : [(0.0, "0"), (1 - solid, opacity), (1.0, opacity)]
                        for (offset, alpha) in stops {
                            gradient.empty("stop", [("offset", format3(offset)), ("stop-color", color), ("stop-opacity", alpha)])
                        }
                    }
                }
                let paint = "url(#\(id))"
                g.empty("rect", [("x", n(x0)), ("y", n(y - half)), ("width", n(width)), ("height", h), ("fill", paint)]
                        + (mark.dashed ? [("stroke", paint), ("stroke-width", "1.3")] + dash : []))
            }
            var text: [(String, String)] = [("x", n(mark.labelX)), ("y", n(y)), ("dy", "0.35em"),
                                            ("text-anchor", mark.labelAnchor.rawValue),
                                            ("font-size", n(TimelineLayout.labelSize)), ("font-weight", "bold")]
            if mark.labelInside {
                text.append(("fill", solidUnderLabel && Palette.isDark(color) ? "#ffffff" : Self.ink))
            } else {
                // A white halo keeps the label readable over grid lines and other marks.
                text += [("fill", Self.ink), ("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"),
                         ("paint-order", "stroke")]
            }
            g.leaf("text", text, text: mark.label)
        }
        svg.element("g", attributes) { g in
            if linkEvents {
                g.element("a", [("href", "#" + TimelinePage.anchor(mark.relation, mark.event))], body)
            } else {
                body(&g)
            }
        }
    }

    /// A gradient offset with at most three decimals.
    private func format3(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The tooltip: relation and date, kind and programmes, summary, quotes.
    static func tooltip(_ mark: TimelineLayout.Mark, dataset: ExportedDataset) -> String {
        let event = mark.event
        var lines: [String] = []
        let meaning = event.date.meaning.map { " (\($0))" } ?? ""
        lines.append("\(event.date.text)\(meaning) — \(mark.relation.title ?? mark.relation.id)")
        var what = [event.kind ?? "event"]
        if !event.programmes.isEmpty {
            what.append(event.programmes.map { id in dataset.programme(id)?.name.map { "\(id) (\($0))" } ?? id }.joined(separator: ", "))
        }
        if let place = event.place { what.append(place) }
        lines.append(what.joined(separator: " · "))
        if !event.partiesFromRelation { lines.append("parties: " + event.parties.joined(separator: ", ")) }
        if let summary = event.summary { lines.append(summary) }
        for citation in event.citations {
            let line = citation.line.map { ", line \($0)" } ?? ""
            lines.append("“\(citation.quote)” — \(citation.source)\(line)")
        }
        return lines.joined(separator: "\n")
    }
}

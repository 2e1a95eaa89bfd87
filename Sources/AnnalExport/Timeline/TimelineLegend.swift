import AnnalAnalysis

/// The key under the timeline: what each shape means, and the colour of
/// each event kind present. Laid out in lines that wrap at the width.
struct TimelineLegend {
    enum Sample { case point, period, interval, fadeOut, fadeIn, dashed, swatch(String) }

    struct Item {
        let sample: Sample
        let text: String
        let x: Double
        let y: Double
    }

    private(set) var items: [Item] = []
    private(set) var headings: [(text: String, y: Double)] = []
    let bottom: Double

    static let sampleWidth = 26.0
    static let lineHeight = 20.0
    static let textSize = 11.0
    static let indent = 60.0

    init(dataset: ExportedDataset, width: Double, top: Double) {
        let shapes: [(Sample, String)] = [
            (.point, "a day"),
            (.period, "some time in a month, season, year or decade"),
            (.interval, "from one date to another"),
            (.fadeOut, "since a date, ongoing"),
            (.fadeIn, "until a date (start not stated)"),
            (.dashed, "uncertain or approximate"),
        ]
        let present = Set(dataset.relations.flatMap(\.events).map { $0.kind ?? "" })
        let kinds = (BlockSchema.eventKinds.filter(present.contains) + (present.contains("") ? [""] : []))
            .map { (Sample.swatch($0), $0.isEmpty ? "no kind" : $0) }
        var y = top
        let left = TimelineLayout.margin
        let right = width - TimelineLayout.margin
        for (heading, group) in [("Dates", shapes), ("Kinds", kinds)] where !group.isEmpty {
            headings.append((heading, y))
            var x = left + Self.indent
            for (sample, text) in group {
                let itemWidth = Self.sampleWidth + 6 + TextMetrics.width(text, size: Self.textSize) + 18
                if x + itemWidth > right && x > left + Self.indent {
                    x = left + Self.indent
                    y += Self.lineHeight
                }
                items.append(Item(sample: sample, text: text, x: x, y: y))
                x += itemWidth
            }
            y += Self.lineHeight + 6
        }
        bottom = y
    }

    func draw(_ svg: inout SVGBuilder) {
        let n = SVGBuilder.number
        let neutral = "#5f6368"
        svg.element("g", [("class", "legend")]) { g in
            for heading in headings {
                g.leaf("text", [("x", n(TimelineLayout.margin)), ("y", n(heading.y)), ("dy", "0.35em"), ("font-weight", "bold"),
                                ("fill", TimelineRenderer.ink), ("font-size", n(Self.textSize))], text: heading.text)
            }
            for item in items {
                let x = item.x
                let y = item.y
                let w = Self.sampleWidth
                switch item.sample {
                case .point:
                    g.empty("circle", [("cx", n(x + w / 2)), ("cy", n(y)), ("r", "5"), ("fill", neutral), ("stroke", neutral)])
                case .period:
                    g.empty("rect", [("x", n(x)), ("y", n(y - 7)), ("width", n(w)), ("height", "14"), ("rx", "2"), ("fill", neutral),
                                     ("fill-opacity", "0.28"), ("stroke", neutral), ("stroke-width", "1.3")])
                case .interval:
                    g.empty("rect", [("x", n(x)), ("y", n(y - 7)), ("width", n(w)), ("height", "14"), ("rx", "2"), ("fill", neutral),
                                     ("fill-opacity", "0.85")])
                case .fadeOut:
                    g.empty("rect", [("x", n(x)), ("y", n(y - 7)), ("width", n(w)), ("height", "14"), ("fill", "url(#legend-fade-out)")])
                case .fadeIn:
                    g.empty("rect", [("x", n(x)), ("y", n(y - 7)), ("width", n(w)), ("height", "14"), ("fill", "url(#legend-fade-in)")])
                case .dashed:
                    g.empty("rect", [("x", n(x)), ("y", n(y - 7)), ("width", n(w)), ("height", "14"), ("rx", "2"), ("fill", neutral),
                                     ("fill-opacity", "0.15"), ("stroke", neutral), ("stroke-width", "1.3"), ("stroke-dasharray", "4 2.5")])
                case .swatch(let kind):
                    let color = Palette.color(kind.isEmpty ? nil : kind)
                    g.empty("rect", [("x", n(x + w / 2 - 6)), ("y", n(y - 6)), ("width", "12"), ("height", "12"), ("rx", "2"),
                                     ("fill", color)])
                }
                g.leaf("text", [("x", n(x + w + 6)), ("y", n(y)), ("dy", "0.35em"), ("fill", TimelineRenderer.ink),
                                ("font-size", n(Self.textSize))], text: item.text)
            }
        }
    }

    /// The gradients the samples use, for the `<defs>`.
    static func gradients(_ defs: inout SVGBuilder) {
        for (direction, from, to) in [("out", "0.9", "0"), ("in", "0", "0.9")] {
            defs.element("linearGradient", [("id", "legend-fade-\(direction)"), ("x1", "0"), ("y1", "0"), ("x2", "1"), ("y2", "0")]) { g in
                g.empty("stop", [("offset", "0"), ("stop-color", "#5f6368"), ("stop-opacity", from)])
                g.empty("stop", [("offset", "1"), ("stop-color", "#5f6368"), ("stop-opacity", to)])
            }
        }
    }
}

/// The geometry of a timeline: one lane per relation, a time axis, and each
/// event placed by its date and stacked in sub-rows of its lane so that
/// marks and labels do not overlap. Pure arithmetic; `TimelineRenderer`
/// writes it as SVG.
struct TimelineLayout {
    /// How an event's date is drawn.
    enum Shape: Equatable {
        /// A day: a circle at `x`.
        case point(x: Double)
        /// A single date coarser than a day (month, season, year, decade,
        /// century): a translucent band as wide as the period.
        case period(x0: Double, x1: Double)
        /// An interval between two dates: a solid bar.
        case interval(x0: Double, x1: Double)
        /// An interval with an open or unknown end: a bar fading out toward the right edge.
        case fadeOut(x0: Double, x1: Double)
        /// An interval with an open or unknown start: a bar fading in from the left edge.
        case fadeIn(x0: Double, x1: Double)

        var span: (Double, Double) {
            switch self {
            case .point(let x): (x, x)
            case .period(let x0, let x1), .interval(let x0, let x1), .fadeOut(let x0, let x1), .fadeIn(let x0, let x1): (x0, x1)
            }
        }
    }

    enum Anchor: String { case start, end }

    struct Mark {
        let relation: ExportedRelation
        let event: ExportedEvent
        let shape: Shape
        /// Uncertain or approximate: drawn dashed.
        let dashed: Bool
        let label: String
        let labelX: Double
        let labelAnchor: Anchor
        /// Whether the label stands on the shape (a bar wide enough) rather than beside it.
        let labelInside: Bool
        /// The label's estimated width.
        let labelWidth: Double
        /// Horizontal room taken by the shape and its label.
        let extent: ClosedRange<Double>
        var row = 0
        /// The vertical centre of the mark's row.
        var y = 0.0
    }

    struct Lane {
        let relation: ExportedRelation
        let titleLines: [String]
        let subtitle: String
        let top: Double
        let height: Double
        let rows: Int
        let marks: [Mark]
        /// Events whose date is invalid: not drawn.
        let undrawn: Int
    }

    // Geometry, in pixels.
    static let margin = 16.0
    static let labelColumn = 200.0
    static let rowHeight = 22.0
    static let lanePadding = 9.0
    static let labelSize = 11.0
    static let titleSize = 13.0
    static let titleLineHeight = 16.0
    static let subtitleSize = 11.0
    static let pointRadius = 5.0
    /// The height of bars and bands.
    static let barHeight = 14.0
    static let minimumBarWidth = 4.0
    static let gap = 8.0

    let width: Double
    let scale: TimeScale
    let axisTop: Double
    let lanes: [Lane]
    /// Where the lanes end.
    let lanesBottom: Double

    /// `top` is where the axis labels start (room above for a heading).
    init(_ dataset: ExportedDataset, width: Double, top: Double = 64) {
        self.width = max(width, 600)
        let days = dataset.relations.flatMap(\.events).flatMap { event in
            [event.date.start, event.date.end].compactMap { $0?.day }
        }
        let x0 = Self.margin + Self.labelColumn + 14
        scale = TimeScale(days: days, x0: x0, x1: self.width - Self.margin - 10)
        axisTop = top + 18
        var top = axisTop + 6
        var lanes: [Lane] = []
        for relation in dataset.relations {
            let lane = Self.lane(relation, dataset: dataset, top: top, scale: scale, width: self.width)
            lanes.append(lane)
            top += lane.height
        }
        self.lanes = lanes
        lanesBottom = top
    }

    private static func lane(_ relation: ExportedRelation, dataset: ExportedDataset, top: Double, scale: TimeScale,
                             width: Double) -> Lane {
        var marks = relation.events.compactMap { mark($0, relation, scale: scale, width: width) }
        // Dated marks first, by start; the bars with an open start (facts
        // known only by a page's date) after them, in rows of their own.
        let order = marks.indices.sorted { a, b in
            let left = (marks[a].isFadeIn ? 1 : 0, marks[a].extent.lowerBound, marks[a].event.index)
            let right = (marks[b].isFadeIn ? 1 : 0, marks[b].extent.lowerBound, marks[b].event.index)
            return left < right
        }
        var rows: [[ClosedRange<Double>]] = []
        for i in order {
            let extent = marks[i].extent
            let free = rows.firstIndex { row in row.allSatisfy { $0.upperBound + gap <= extent.lowerBound || extent.upperBound + gap <= $0.lowerBound } }
            let row = free ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(extent)
            marks[i].row = row
            marks[i].y = top + lanePadding + (Double(row) + 0.5) * rowHeight
        }
        let titleLines = TextMetrics.wrap(relation.title ?? relation.id, size: titleSize, bold: true,
                                          maxWidth: labelColumn, maxLines: 3)
        let parties = relation.parties.joined(separator: " · ")
        let count = relation.events.count
        let subtitle = TextMetrics.truncate("\(parties) — \(count) event\(count == 1 ? "" : "s")", size: subtitleSize,
                                            maxWidth: labelColumn)
        let labelHeight = Double(titleLines.count) * titleLineHeight + 16
        let height = max(Double(max(rows.count, 1)) * rowHeight, labelHeight) + 2 * lanePadding
        return Lane(relation: relation, titleLines: titleLines, subtitle: subtitle, top: top, height: height,
                    rows: rows.count, marks: marks.sorted { $0.event.index < $1.event.index },
                    undrawn: relation.events.count - marks.count)
    }

    /// The mark of one event; nil when its date is invalid.
    static func mark(_ event: ExportedEvent, _ relation: ExportedRelation, scale: TimeScale, width: Double) -> Mark? {
        guard let start = event.date.start, let end = event.date.end else { return nil }
        let shape: Shape
        switch (start.day, end.day) {
        case (let first?, let last?):
            if !event.date.isInterval && start.precision == .day {
                shape = .point(x: scale.xMiddle(first))
            } else {
                let (x0, x1) = widened(scale.x(first), scale.xAfter(last))
                shape = event.date.isInterval ? .interval(x0: x0, x1: x1) : .period(x0: x0, x1: x1)
            }
        case (let first?, nil):
            shape = .fadeOut(x0: scale.x(first), x1: scale.x1)
        case (nil, let last?):
            shape = .fadeIn(x0: scale.x0, x1: scale.xAfter(last))
        case (nil, nil):
            return nil
        }
        let label = event.label
        let labelWidth = TextMetrics.width(label, size: labelSize, bold: true)
        let right = width - margin
        let (x0, x1) = shape.span
        var labelX: Double
        var anchor = Anchor.start
        var inside = false
        var extent: ClosedRange<Double>
        switch shape {
        case .point(let x):
            labelX = x + pointRadius + 4
            extent = (x - pointRadius)...(labelX + labelWidth)
            if labelX + labelWidth > right {
                labelX = x - pointRadius - 4
                anchor = .end
                extent = (labelX - labelWidth)...(x + pointRadius)
            }
        case .period, .interval:
            if labelWidth + 8 <= x1 - x0 {
                labelX = x0 + 4
                inside = true
                extent = x0...x1
            } else if x1 + 4 + labelWidth <= right {
                labelX = x1 + 4
                extent = x0...(labelX + labelWidth)
            } else {
                labelX = x0 - 4
                anchor = .end
                extent = (labelX - labelWidth)...x1
            }
        case .fadeOut:
            if labelWidth + 8 <= (x1 - x0) * 0.7 {
                labelX = x0 + 4
                inside = true
                extent = x0...x1
            } else {
                labelX = x0 - 4
                anchor = .end
                extent = (labelX - labelWidth)...x1
            }
        case .fadeIn:
            if labelWidth + 8 <= (x1 - x0) * 0.7 || x1 + 4 + labelWidth > right {
                labelX = x1 - 4
                anchor = .end
                inside = true
                extent = x0...x1
            } else {
                labelX = x1 + 4
                extent = x0...(labelX + labelWidth)
            }
        }
        return Mark(relation: relation, event: event, shape: shape, dashed: event.date.isQualified, label: label,
                    labelX: labelX, labelAnchor: anchor, labelInside: inside, labelWidth: labelWidth, extent: extent)
    }

    /// A span at least `minimumBarWidth` wide, around the same centre.
    private static func widened(_ x0: Double, _ x1: Double) -> (Double, Double) {
        guard x1 - x0 < minimumBarWidth else { return (x0, x1) }
        let centre = (x0 + x1) / 2
        return (centre - minimumBarWidth / 2, centre + minimumBarWidth / 2)
    }
}

extension TimelineLayout.Mark {
    var isFadeIn: Bool {
        if case .fadeIn = shape { return true }
        return false
    }
}

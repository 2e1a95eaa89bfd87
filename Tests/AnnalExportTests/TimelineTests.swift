import AnnalAnalysis
import AnnalExport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// An SVG element, as parsed by Foundation's XMLParser.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""
    weak var parent: XMLNode?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every descendant (not self), in document order.
    var descendants: [XMLNode] { children.flatMap { [$0] + $0.descendants } }

    func all(_ name: String) -> [XMLNode] { descendants.filter { $0.name == name } }

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
}

final class TreeBuilder: NSObject, XMLParserDelegate {
    let root = XMLNode(name: "#document", attributes: [:])
    private var current: XMLNode
    var error: Error?

    override init() {
        current = root
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let node = XMLNode(name: name, attributes: attributes)
        node.parent = current
        current.children.append(node)
        current = node
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        current = current.parent ?? root
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current.text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    static func parse(_ text: String) throws -> XMLNode {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse() else { throw builder.error ?? parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return builder.root
    }
}

@Suite struct TimelineTests {
    static let dataset = DatasetBuilder.build(SmallWorkspace.workspace())

    static func svg(_ dataset: ExportedDataset = dataset, width: Double = 1200) throws -> XMLNode {
        try TreeBuilder.parse(TimelineRenderer(width: width).svg(dataset))
    }

    static func events(_ svg: XMLNode) -> [XMLNode] {
        svg.all("g").filter { $0.classes.contains("event") }
    }

    @Test func oneLanePerRelation() throws {
        let svg = try Self.svg()
        let lanes = svg.all("g").filter { $0.classes.contains("lane") }
        #expect(lanes.map { $0.attributes["data-relation"] } == ["nato-xa", "xa-un"])
        // Each lane holds its relation's events, and its title on the left.
        #expect(lanes.map { Self.events($0).count } == [12, 1])
        let titles = lanes.map { lane in lane.all("text").first { $0.classes.contains("lane-title") } }
        #expect(titles[0]?.all("tspan").map(\.text).joined(separator: " ") == "NATO–Examplia")
        #expect(Double(titles[0]?.attributes["x"] ?? "") ?? 999 < 100)
    }

    @Test func eachEventHasATooltip() throws {
        let events = Self.events(try Self.svg())
        #expect(events.count == 13)
        for event in events {
            let title = event.children.first { $0.name == "title" }
            #expect(title != nil, "no <title> in \(event.attributes)")
            #expect(title?.text.contains(event.attributes["data-date"] ?? "?") == true)
        }
        let agreement = events.first { $0.attributes["data-kind"] == "agreement" }?.children.first?.text ?? ""
        #expect(agreement.contains("2012-05-07 (a day: 7 May 2012)"))
        #expect(agreement.contains("The \"Examplia Agreement\" is signed."))
        #expect(agreement.contains("“the \"Examplia Agreement\" was signed” — memo, line 10"))
    }

    @Test func daysArePointsAndPeriodsAreBands() throws {
        let events = Self.events(try Self.svg())
        func shape(_ date: String) -> XMLNode? { events.first { $0.attributes["data-date"] == date } }
        for date in ["2012-05-07", "2012-05-07?"] {
            #expect(shape(date)?.attributes["data-shape"] == "point")
            #expect(shape(date)?.all("circle").count == 1)
        }
        // Uncertain: dashed.
        #expect(shape("2012-05-07?")?.all("circle").first?.attributes["stroke-dasharray"] != nil)
        #expect(shape("2012-05-07")?.all("circle").first?.attributes["stroke-dasharray"] == nil)
        // A band is as wide as its period: a decade ten times a year.
        func width(_ date: String) -> Double { Double(shape(date)?.all("rect").first?.attributes["width"] ?? "") ?? 0 }
        #expect(shape("199X")?.attributes["data-shape"] == "period")
        #expect(shape("1996~")?.all("rect").first?.attributes["stroke-dasharray"] != nil)
        #expect(abs(width("199X") / width("1996~") - 10) < 0.1)
        #expect(shape("2005/2008?")?.attributes["data-shape"] == "interval")
        #expect(shape("2003-04")?.attributes["data-shape"] == "period")
        #expect(width("2003-04") < width("2001-21"))
    }

    @Test func openIntervalsFadeThroughAGradient() throws {
        let svg = try Self.svg()
        let events = Self.events(svg)
        let gradients = Dictionary(uniqueKeysWithValues: svg.all("linearGradient").map { ($0.attributes["id"] ?? "", $0) })
        for (date, shape) in [("2010/..", "open-end"), ("2013/", "open-end"), ("../2021-06-30", "open-start")] {
            let event = try #require(events.first { $0.attributes["data-date"] == date })
            #expect(event.attributes["data-shape"] == shape)
            let fill = event.all("rect").first?.attributes["fill"] ?? ""
            #expect(fill.hasPrefix("url(#") && fill.hasSuffix(")"), "\(date): \(fill)")
            let id = String(fill.dropFirst(5).dropLast())
            let stops = try #require(gradients[id]?.all("stop"), "\(date): no gradient \(id)")
            let opacities = stops.map { Double($0.attributes["stop-opacity"] ?? "") ?? -1 }
            // Transparent at the open side.
            #expect(shape == "open-end" ? opacities.last == 0 && opacities.first! > 0.5 : opacities.first == 0 && opacities.last! > 0.5)
        }
        // Closed intervals and bands are not faded.
        let closed = events.first { $0.attributes["data-date"] == "2020-12-15/2020-12-17" }
        #expect(closed?.all("rect").first?.attributes["fill"]?.hasPrefix("url(") == false)
    }

    @Test func marksAreOnTheTimeAxis() throws {
        let svg = try Self.svg()
        let axis = try #require(svg.all("g").first { $0.classes.contains("axis") })
        let ticks = axis.all("line").filter { $0.classes.contains("tick") }
        let years = axis.all("text").map(\.text)
        #expect(years.contains("1990") && years.contains("2022"))
        // Years increase left to right.
        let xs = ticks.compactMap { Double($0.attributes["x1"] ?? "") }
        #expect(xs == xs.sorted() && xs.count >= 3)
        // An event of 2015 sits between the ticks of 2010 and 2020.
        let labels = axis.all("text")
        func x(ofYear year: String) -> Double { Double(labels.first { $0.text == year }?.attributes["x"] ?? "") ?? .nan }
        let event = try #require(Self.events(svg).first { $0.attributes["data-date"] == "2015" })
        let rect = try #require(event.all("rect").first)
        let left = Double(rect.attributes["x"] ?? "") ?? .nan
        #expect(left > x(ofYear: "2010") && left < x(ofYear: "2020"))
    }

    /// Marks of one lane whose extents overlap are in different rows, and
    /// labels never overlap: the label boxes (estimated from the text) of
    /// one row do not intersect.
    @Test func overlappingMarksAreStacked() throws {
        let svg = try Self.svg(width: 700)
        let lane = try #require(svg.all("g").first { $0.attributes["data-relation"] == "nato-xa" })
        let events = Self.events(lane)
        var rows: [Double: [ClosedRange<Double>]] = [:]
        for event in events {
            let label = try #require(event.all("text").first)
            let y = try #require(Double(label.attributes["y"] ?? ""))
            let x = try #require(Double(label.attributes["x"] ?? ""))
            let width = Double(label.text.count) * 6
            let box = label.attributes["text-anchor"] == "end" ? (x - width)...x : x...(x + width)
            for other in rows[y] ?? [] {
                #expect(!box.overlaps(other), "labels overlap in row \(y): \(label.text)")
            }
            rows[y, default: []].append(box)
        }
        #expect(rows.count >= 4, "expected stacked rows, got \(rows.count)")
        // The two open-ended marks of 2010 and 2013 cannot share a row.
        func y(_ date: String) -> String? { events.first { $0.attributes["data-date"] == date }?.all("text").first?.attributes["y"] }
        #expect(y("2010/..") != y("2013/"))
    }

    @Test func textIsEscaped() throws {
        var workspace = Workspace()
        workspace.setFile("x.annal", text: #"""
        programme A&B {
          name = "Alpha <&> \"Beta\" 'gamma' \u{1}"
        }

        relation r<1> {
          parties = [NATO, UN]
          title   = "<script>alert('x')</script> & co"

          event 2003 {
            kind      = other
            programme = A&B
            summary   = "]]> <!-- --> \u{7}"
          }
        }
        """#)
        let dataset = DatasetBuilder.build(workspace)
        let renderer = TimelineRenderer(title: "<Title & \"more\">")
        let svg = try TreeBuilder.parse(renderer.svg(dataset))
        #expect(svg.all("title").first?.text.hasPrefix("<Title & \"more\">") == true)
        #expect(svg.all("tspan").map(\.text).joined(separator: " ").contains("<script>"))
        // The HTML page is well-formed XML too, and shows no raw markup.
        let html = renderer.html(dataset)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        _ = try TreeBuilder.parse(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
            .replacingOccurrences(of: "initial-scale=1\">", with: "initial-scale=1\"/>")
            .replacingOccurrences(of: "content=\"annal timeline\">", with: "content=\"annal timeline\"/>")
            .replacingOccurrences(of: "<br>", with: "<br/>"))
    }

    @Test func htmlEmbedsTheDrawingAndATableOfEvents() {
        let html = TimelineRenderer().html(Self.dataset)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count == 2)
        #expect(html.components(separatedBy: "<tr id=\"event-").count - 1 == 13)
        // Each mark links to its row.
        #expect(html.contains("<a href=\"#event-nato-xa-0\">") && html.contains("<tr id=\"event-nato-xa-0\">"))
        // Nothing is fetched: no external reference.
        for pattern in ["http://", "https://", "src=", "@import", "url(http"] where pattern != "http://" {
            #expect(!html.contains(pattern), "\(pattern)")
        }
        #expect(html.components(separatedBy: "http://").count - 1 == 1) // the SVG namespace
    }

    @Test func emptyAndNarrowDatasetsDraw() throws {
        let empty = try Self.svg(DatasetBuilder.build(Workspace()))
        #expect(Self.events(empty).isEmpty)
        #expect(empty.all("g").filter { $0.classes.contains("lane") }.isEmpty)
        let narrow = try Self.svg(width: 100)
        #expect(narrow.children.first?.attributes["width"] == "600")
    }
}

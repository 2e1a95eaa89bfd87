/// Writes SVG elements as text, escaping every attribute value and text.
struct SVGBuilder {
    private(set) var text = ""
    private var depth = 0

    /// `<name a="v"…/>`.
    mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        line("<\(name)\(Self.attributes(attributes))/>")
    }

    /// `<name a="v"…>text</name>`.
    mutating func leaf(_ name: String, _ attributes: [(String, String)], text content: String) {
        line("<\(name)\(Self.attributes(attributes))>\(XML.escape(content))</\(name)>")
    }

    /// `<name a="v"…>` … `</name>` around what `body` writes.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout SVGBuilder) -> Void) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
        body(&self)
        depth -= 1
        line("</\(name)>")
    }

    /// Markup written as is (already escaped).
    mutating func raw(_ markup: String) { line(markup) }

    private mutating func line(_ markup: String) {
        text += String(repeating: " ", count: depth) + markup + "\n"
    }

    static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XML.escape($0.1))\"" }.joined()
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

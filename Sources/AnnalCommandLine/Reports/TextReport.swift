import AnnalAnalysis

/// `path:line:col: severity[CODE]: message`, then the source line with a
/// caret underline, related locations and suggested fixes.
extension Report {
    func renderText(color: Bool) -> String {
        renderedInRuns { renderText($0, color: color) }
    }

    private func renderText(_ diagnostics: ArraySlice<Diagnostic>, color: Bool) -> String {
        let paint = Paint(enabled: color)
        var out = ""
        for diagnostic in diagnostics {
            let (start, end) = positions(diagnostic.file, diagnostic.range)
            let severity = paint.severity(diagnostic.severity, "\(diagnostic.severity.rawValue)[\(diagnostic.rule.code)]")
            out += "\(paint.bold("\(displayPath(diagnostic.file)):\(start.line):\(start.column):")) \(severity): \(paint.bold(diagnostic.message))\n"
            out += excerpt(diagnostic, start: start, end: end, paint: paint)
            for related in diagnostic.related {
                let (at, _) = positions(related.file, related.range)
                out += "  \(paint.cyan("note")): \(related.message) at \(displayPath(related.file)):\(at.line):\(at.column)\n"
            }
            for fix in diagnostic.fixes {
                out += "  \(paint.cyan("help")): \(fix.title)\n"
            }
        }
        return out
    }

    /// The first line of the range, with `^` under the range (to the end of
    /// that line when the range spans lines; one `^` for an empty range).
    private func excerpt(_ diagnostic: Diagnostic, start: DisplayPosition, end: DisplayPosition, paint: Paint) -> String {
        guard let text = text(diagnostic.file), text.holdsText else { return "" }
        let lineText = String(decoding: text.lineBytes(start.line - 1), as: UTF8.self)
        let lineLength = lineText.unicodeScalars.count
        let caretEnd = end.line == start.line ? end.column : lineLength + 1
        let width = max(1, caretEnd - start.column)
        let gutter = String(start.line)
        let pad = Self.repeating(UInt8(ascii: " "), gutter.count)
        // Under each character before the range: a tab stays a tab, all else is a space.
        var lead: [UInt8] = []
        lead.reserveCapacity(start.column - 1)
        for scalar in lineText.unicodeScalars.prefix(start.column - 1) {
            lead.append(scalar == "\t" ? UInt8(ascii: "\t") : UInt8(ascii: " "))
        }
        let carets = Self.repeating(UInt8(ascii: "^"), width)
        return "\(pad) \(paint.blue("|"))\n"
            + "\(paint.blue(gutter)) \(paint.blue("|")) \(lineText)\n"
            + "\(pad) \(paint.blue("|")) \(String(decoding: lead, as: UTF8.self))\(paint.severity(diagnostic.severity, carets))\n"
    }

    /// `count` times one ASCII byte, as a string made from bytes
    /// (`String(repeating: "^", count:)` appended a string per character:
    /// a quote's underline took about 13,000 instructions).
    private static func repeating(_ byte: UInt8, _ count: Int) -> String {
        String(decoding: [UInt8](repeating: byte, count: max(0, count)), as: UTF8.self)
    }
}

/// ANSI colours, or nothing when disabled.
struct Paint {
    let enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func blue(_ text: String) -> String { wrap("34", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }

    func severity(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .error: wrap("1;31", text)
        case .warning: wrap("1;33", text)
        case .info: wrap("1;34", text)
        case .hint: wrap("1;36", text)
        }
    }
}

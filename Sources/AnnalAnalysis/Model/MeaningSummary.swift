extension FileAnalysis {
    /// The meaning of the file written out without positions: declarations,
    /// fields with their values, events, citations, references and the
    /// local diagnostics' messages. Two texts that differ only in layout
    /// (what `annal fmt` changes) have equal summaries; the formatter's tests
    /// and fuzzer compare them.
    public var meaningSummary: String {
        var out = ""
        for declaration in model.declarations {
            out += "\(declaration.kind.rawValue) \(declaration.id)\n"
            for field in declaration.fields { out += "  \(field.key) = \(Self.summary(of: field.value))\n" }
            for event in declaration.events {
                out += "  event \(event.date.map { "\($0)" } ?? event.dateText)\n"
                for field in event.fields { out += "    \(field.key) = \(Self.summary(of: field.value))\n" }
                for citation in event.citations { out += "    cite \(citation.source.name) \(citation.quote.debugDescription)\n" }
            }
        }
        for reference in model.references { out += "ref \(reference.expected.rawValue) \(reference.name)\n" }
        for diagnostic in localDiagnostics { out += "diagnostic \(diagnostic.rule.code) \(diagnostic.message)\n" }
        return out
    }

    private static func summary(of value: ValueModel?) -> String {
        switch value {
        case .none: "<missing>"
        case .string(let text, _): text.debugDescription
        case .word(let text, _): text
        case .list(let items, _): "[" + items.map { summary(of: $0) }.joined(separator: ", ") + "]"
        }
    }
}

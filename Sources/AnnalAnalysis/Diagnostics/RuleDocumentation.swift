/// The documentation of every rule: `docs/diagnostics.md`, embedded by
/// `scripts/embed-resources`. `annal explain CODE` prints one section; the
/// server links diagnostics to it.
public enum RuleDocumentation {
    /// The section of a rule: from its `## CODE name` heading to the next one.
    public static func section(for rule: Rule) -> String? {
        let heading = "## \(rule.code) \(rule.descriptor.name)"
        guard let start = markdown.firstRange(of: "\n" + heading + "\n") else { return nil }
        let body = markdown[start.lowerBound...].dropFirst()
        let end = body.firstRange(of: "\n## ")?.lowerBound ?? body.endIndex
        var section = body[..<end]
        while section.first?.isNewline == true { section.removeFirst() }
        while section.last?.isNewline == true { section.removeLast() }
        return String(section) + "\n"
    }

    /// The anchor of a rule's section in `docs/diagnostics.md`.
    public static func anchor(for rule: Rule) -> String {
        "\(rule.code.lowercased())-\(rule.descriptor.name)"
    }
}

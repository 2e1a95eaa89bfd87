/// The documentation of every rule: `docs/diagnostics.md`, embedded by
/// `scripts/embed-resources`. `annal explain CODE` prints one section; the
/// server links diagnostics to it.
public enum RuleDocumentation {
    /// The section of a rule: from its `## CODE name` heading to the next one.
    public static func section(for rule: Rule) -> String? {
        let heading = "## \(rule.code) \(rule.descriptor.name)"
        guard let start = markdown.range(of: "\n" + heading + "\n") else { return nil }
        let body = markdown[start.lowerBound...].dropFirst()
        let end = body.range(of: "\n## ")?.lowerBound ?? body.endIndex
        return String(body[..<end]).trimmingCharacters(in: .newlines) + "\n"
    }

    /// The anchor of a rule's section in `docs/diagnostics.md`.
    public static func anchor(for rule: Rule) -> String {
        "\(rule.code.lowercased())-\(rule.descriptor.name)"
    }
}

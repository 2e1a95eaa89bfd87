/// Rules the configuration turns off cost nothing: a cross-file rule whose
/// codes are all off is not run, and a batch check reads no source
/// document that no rule left on reads (`sourcePaths(neededBy:)`).
extension Workspace {
    /// Whether the configuration turns `rule` off (`severityOverrides`
    /// holds nil for it).
    func isOff(_ rule: Rule) -> Bool {
        if case .some(.none) = severityOverrides[rule] { return true }
        return false
    }

    /// The cross-file rules left on, in their order.
    var rulesRun: [any WorkspaceRule.Type] {
        guard skipsRulesTurnedOff else { return WorkspaceRules.all }
        return WorkspaceRules.all.filter { rule in !rule.codes.allSatisfy(isOff) }
    }

    /// Whether quotes are searched in their sources: false when AN410 and
    /// AN411 are both off. A batch check then reads the sources only for
    /// what AN401–AN405 say of them, and folds none.
    var searchesQuotes: Bool { !CitationRule.codes.allSatisfy(isOff) }

    /// Whether the files' source declarations are checked against the
    /// documents they name (AN401–AN405, not all off).
    var checksSourceFiles: Bool { !SourceFileRule.codes.allSatisfy(isOff) }
}

import AnnalAnalysis

/// Whether a dataset may be exported: not when it has errors, since an
/// export with unresolved names, invalid dates or missing quotes would
/// pass wrong data on silently. `annal export --allow-errors` overrides.
public enum ExportGate {
    /// The number of error-severity diagnostics.
    public static func errorCount(_ diagnostics: [Diagnostic]) -> Int {
        diagnostics.count { $0.severity == .error }
    }

    /// The refusal to print, or nil when the dataset may be exported.
    public static func refusal(_ diagnostics: [Diagnostic], command: String) -> String? {
        let errors = errorCount(diagnostics)
        guard errors > 0 else { return nil }
        let noun = errors == 1 ? "error" : "errors"
        return "error: the dataset has \(errors) \(noun); run `annal check` to see \(errors == 1 ? "it" : "them"), "
            + "or pass --allow-errors to \(command) it anyway\n"
    }
}

import AnnalAnalysis

/// Analysis names that would clash with LSP ones in this module.
typealias AnnalAnalysisSeverity = AnnalAnalysis.Severity
typealias AnnalDiagnostic = AnnalAnalysis.Diagnostic

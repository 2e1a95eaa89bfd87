/// Every feature of the server. Add a feature's type here and it is both
/// announced in `initialize` and dispatched.
enum Features {
    static let all: [any Feature.Type] = [
        PullDiagnosticsFeature.self,
        DefinitionFeature.self,
        ReferencesFeature.self,
        RenameFeature.self,
        DocumentLinkFeature.self,
        FormattingFeature.self,
        CompletionFeature.self,
        HoverFeature.self,
        InlayHintFeature.self,
        CodeLensFeature.self,
        DocumentSymbolFeature.self,
        WorkspaceSymbolFeature.self,
        SemanticTokensFeature.self,
        FoldingRangeFeature.self,
        SelectionRangeFeature.self,
        CodeActionFeature.self,
    ]

    static let handlers: [String: RequestHandler] = {
        var table: [String: RequestHandler] = [:]
        for feature in all {
            for (method, handler) in feature.handlers {
                precondition(table[method] == nil, "two features answer \(method)")
                table[method] = handler
            }
        }
        return table
    }()
}

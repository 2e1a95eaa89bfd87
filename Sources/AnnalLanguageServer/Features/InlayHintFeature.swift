import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `textDocument/inlayHint`: after each programme and party reference, its
/// English name (`PfP` → "Partnership for Peace"), for references that
/// resolve (through an alias too). Only within the requested range; no hint
/// when the name is empty or the same as what is written.
enum InlayHintFeature: Feature {
    static let handlers: [String: RequestHandler] = ["textDocument/inlayHint": inlayHints]

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("inlayHintProvider", true)]
    }

    static func inlayHints(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let file = try snapshot.requireFile(context.params)
        let lines = file.analysis.lineIndex
        var wanted = 0..<lines.bytes.count
        if let (start, end) = LSP.readRange(context.params?["range"]) {
            let lower = snapshot.offset(start, in: lines)
            wanted = lower..<max(lower, snapshot.offset(end, in: lines))
        }
        let index = file.workspace.index
        var hints: [JSONValue] = []
        for reference in file.analysis.model.references where reference.expected == .programme || reference.expected == .party {
            let at = reference.range.upperBound
            guard wanted.lowerBound <= at, at <= wanted.upperBound else { continue }
            let target: Declaration
            switch index.resolve(reference.name, as: reference.expected) {
            case .declaration(let declaration), .alias(let declaration): target = declaration
            case .wrongKind, .unknown: continue
            }
            guard let name = target.names["en"]?.trimmingSpaces, !name.isEmpty,
                  name != reference.name, name != target.id else { continue }
            hints.append(.object([
                ("position", LSP.position(lines.position(of: at, in: snapshot.encoding))),
                ("label", .string(name)),
                ("paddingLeft", true),
            ]))
        }
        try context.checkCancelled()
        return .array(hints)
    }
}

private extension String {
    /// The string without leading and trailing white space.
    var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

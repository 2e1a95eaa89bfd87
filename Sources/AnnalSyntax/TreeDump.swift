/// A readable, stable dump of a tree and its errors, used by fixture tests.
///
///     file@0..12
///       block@0..12
///         word@0..5 "party"
///     errors:
///       6..6: expected `{` to open the `party` block
extension SyntaxTree {
    public func dump() -> String {
        var out = ""
        dumpNode(root, indent: 0, into: &out)
        if !errors.isEmpty {
            out += "errors:\n"
            for error in errors {
                out += "  \(error.range.lowerBound)..\(error.range.upperBound): \(error.message)\n"
            }
        }
        return out
    }

    private func dumpNode(_ node: SyntaxNode, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        out += "\(pad)\(node.kind)@\(node.range.lowerBound)..\(node.range.upperBound)\n"
        for child in node.children {
            switch child {
            case .node(let inner):
                dumpNode(inner, indent: indent + 1, into: &out)
            case .token(let token):
                out += "\(pad)  \(token.kind)@\(token.range.lowerBound)..\(token.range.upperBound) \(Self.quoted(token.text))\n"
            }
        }
    }

    /// The token text in quotes, with line breaks and tabs made visible.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One line per token: kind, range and text.
    public func dumpTokens() -> String {
        tokens.map { "\($0.kind)@\($0.start)..\($0.end) \(Self.quoted(text($0.range)))" }.joined(separator: "\n") + "\n"
    }
}

import AnnalAnalysis

/// `--format github`: workflow commands that GitHub Actions shows as
/// annotations on the pull request.
extension Report {
    func renderGitHub() -> String {
        renderedInRuns { renderGitHub($0) }
    }

    private func renderGitHub(_ diagnostics: ArraySlice<Diagnostic>) -> String {
        var out = ""
        for diagnostic in diagnostics {
            let (start, end) = positions(diagnostic.file, diagnostic.range)
            let command = switch diagnostic.severity {
            case .error: "error"
            case .warning: "warning"
            case .info, .hint: "notice"
            }
            let properties = [
                "file=\(Self.escapeProperty(displayPath(diagnostic.file)))",
                "line=\(start.line)", "col=\(start.column)", "endLine=\(end.line)", "endColumn=\(end.column)",
                "title=\(Self.escapeProperty("\(diagnostic.rule.code) \(diagnostic.rule.descriptor.name)"))",
            ]
            out += "::\(command) \(Self.concatenated(properties, separator: ","))::\(Self.escapeData(diagnostic.message))\n"
        }
        return out
    }

    static func escapeData(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A")])
    }

    static func escapeProperty(_ text: String) -> String {
        escape(text, [("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")])
    }

    /// `text` with each listed scalar replaced by its escape (scalar by
    /// scalar, so a CR of a CR LF pair is escaped too).
    private static func escape(_ text: String, _ escapes: [(Unicode.Scalar, String)]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let escape = escapes.first(where: { $0.0 == scalar }) {
                out += escape.1
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

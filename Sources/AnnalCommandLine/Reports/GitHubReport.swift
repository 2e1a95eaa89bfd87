import AnnalAnalysis

/// `--format github`: workflow commands that GitHub Actions shows as
/// annotations on the pull request.
extension Report {
    func renderGitHub() -> String {
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
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(diagnostic.message))\n"
        }
        return out
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

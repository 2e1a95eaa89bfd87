import AnnalAnalysis
import AnnalJSON

/// `--format gitlab`: GitLab's code-quality report (a JSON array), which a
/// merge request shows as annotations when uploaded as `codequality`.
extension Report {
    func renderGitLab() -> String {
        let issues: [JSONValue] = diagnostics.map { diagnostic in
            let (start, end) = positions(diagnostic.file, diagnostic.range)
            let file = displayPath(diagnostic.file)
            // Stable across runs and unrelated edits elsewhere: file, rule, message.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(file)\u{0}\(diagnostic.rule.code)\u{0}\(diagnostic.message)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return .object([
                ("description", .string("\(diagnostic.rule.code) \(diagnostic.message)")),
                ("check_name", .string(diagnostic.rule.descriptor.name)),
                ("fingerprint", .string(String(hash, radix: 16))),
                ("severity", .string(Self.gitLabSeverity(diagnostic.severity))),
                ("location", .object([
                    ("path", .string(file)),
                    ("lines", .object([("begin", .int(start.line)), ("end", .int(end.line))])),
                ])),
            ])
        }
        return JSONWriter.pretty(.array(issues)) + "\n"
    }

    static func gitLabSeverity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info, .hint: "info"
        }
    }
}

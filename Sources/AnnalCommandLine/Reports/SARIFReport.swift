import AnnalAnalysis
import AnnalJSON

/// `--format sarif`: SARIF 2.1.0, for code-scanning services. Columns are
/// Unicode code points (`columnKind`).
extension Report {
    func renderSARIF() -> String {
        let rules = Rule.allCases
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1, $0) })
        let descriptors: [JSONValue] = rules.map { rule in
            let d = rule.descriptor
            return .object([
                ("id", .string(d.code)),
                ("name", .string(d.name)),
                ("shortDescription", .object([("text", .string(d.summary))])),
                ("help", .object([("text", .string("See docs/diagnostics.md, section \(d.code) \(d.name)."))])),
                ("defaultConfiguration", .object([("level", .string(Self.sarifLevel(d.defaultSeverity)))])),
            ])
        }
        let results: [JSONValue] = diagnostics.map { diagnostic in
            let (start, end) = positions(diagnostic.file, diagnostic.range)
            var result: [(String, JSONValue)] = [
                ("ruleId", .string(diagnostic.rule.code)),
                ("ruleIndex", .int(ruleIndex[diagnostic.rule] ?? 0)),
                ("level", .string(Self.sarifLevel(diagnostic.severity))),
                ("message", .object([("text", .string(diagnostic.message))])),
                ("locations", .array([location(diagnostic.file, start, end)])),
            ]
            if !diagnostic.related.isEmpty {
                result.append(("relatedLocations", .array(diagnostic.related.enumerated().map { i, related in
                    let (at, until) = positions(related.file, related.range)
                    guard case .object(var members) = location(related.file, at, until) else { return .null }
                    members.insert(("id", .int(i)), at: 0)
                    members.append(("message", .object([("text", .string(related.message))])))
                    return .object(members)
                })))
            }
            return .object(result)
        }
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", "annal"),
                ("version", .string(AnnalCommand.version)),
                ("rules", .array(descriptors)),
            ]))])),
            ("columnKind", "unicodeCodePoints"),
            ("results", .array(results)),
        ])
        return JSONWriter.pretty(.object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", .array([run])),
        ])) + "\n"
    }

    private func location(_ file: String, _ start: DisplayPosition, _ end: DisplayPosition) -> JSONValue {
        .object([("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(displayPath(file)))])),
            ("region", .object([
                ("startLine", .int(start.line)), ("startColumn", .int(start.column)),
                ("endLine", .int(end.line)), ("endColumn", .int(end.column)),
            ])),
        ]))])
    }

    static func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .hint: "note"
        }
    }
}

/// The workspace configuration, read from `annal.toml` at the workspace
/// root. Every key is optional:
///
///     [files]
///     include = ["**/*.annal"]            # globs, relative to the root
///     exclude = ["samples/broken/**"]
///
///     [sources]
///     root      = "documents"             # source `path`s are relative to this folder
///     max-bytes = 16777216                # larger source documents are not read (AN405)
///
///     [rules]                              # severity by code or name: error, warning, info, hint, off
///     AN502 = "off"
///     alias-instead-of-acronym = "error"
///
///     [catalogue]
///     extra = ["shared/programmes.annal"]  # declarations loaded but not reported on
///
///     [format]
///     line-width = 100
///
/// The file is TOML; Annal reads the subset it needs (tables, strings,
/// integers, booleans, arrays) itself. Unknown tables or keys and bad values
/// are diagnostics in the file, with positions (AN701–AN703).
public struct WorkspaceConfiguration: Sendable, Hashable {
    public static let fileName = "annal.toml"

    public var include: [Glob] = []
    public var exclude: [Glob] = []
    /// Workspace-relative folder that source paths are resolved from; nil:
    /// from the folder of the `.annal` file.
    public var sourceRoot: String?
    public var maxSourceBytes = AnalysisLimits.maxSourceBytes
    /// Severity by rule; `nil` turns the rule off.
    public var severities: [Rule: Severity?] = [:]
    public var extraCatalogues: [String] = []
    public var lineWidth = 100

    public init() {}

    /// True when some paths are left out (`include` or `exclude` is
    /// given): else `includes(_:)` is true of every path.
    public var filtersPaths: Bool { !include.isEmpty || !exclude.isEmpty }

    /// True when a workspace-relative `.annal` path is part of the workspace.
    public func includes(_ path: String) -> Bool {
        if !include.isEmpty && !include.contains(where: { $0.matches(path) }) { return false }
        return !exclude.contains { $0.matches(path) }
    }

    /// Reads a configuration text; `path` names the file in diagnostics.
    public static func parse(_ text: String, path: String) -> (WorkspaceConfiguration, [Diagnostic]) {
        var reader = ConfigurationReader(path: path)
        let entries = TOMLSubset.parse(text, path: path, diagnostics: &reader.diagnostics)
        for entry in entries { reader.apply(entry) }
        return (reader.configuration, reader.diagnostics)
    }
}

/// Applies parsed entries to a configuration, reporting what does not fit.
private struct ConfigurationReader {
    let path: String
    var configuration = WorkspaceConfiguration()
    var diagnostics: [Diagnostic] = []

    static let keys: [String: [String]] = [
        "files": ["include", "exclude"],
        "sources": ["root", "max-bytes"],
        "format": ["line-width"],
        "catalogue": ["extra"],
    ]

    mutating func apply(_ entry: TOMLSubset.Entry) {
        let table = entry.table
        if table == "rules" {
            applyRule(entry)
            return
        }
        guard let known = Self.keys[table] else {
            let tables = Array(Self.keys.keys) + ["rules"]
            report(.configUnknownKey, entry.tableRange ?? entry.keyRange,
                   "`[\(table)]` is not a table of annal.toml\(DidYouMean.hint(for: table, among: tables)) (tables: \(tables.sorted().joined(separator: ", ")))")
            return
        }
        guard known.contains(entry.key) else {
            report(.configUnknownKey, entry.keyRange,
                   "`\(entry.key)` is not a key of `[\(table)]`\(DidYouMean.hint(for: entry.key, among: known)) (keys: \(known.joined(separator: ", ")))")
            return
        }
        switch (table, entry.key) {
        case ("files", "include"): configuration.include = globs(entry)
        case ("files", "exclude"): configuration.exclude = globs(entry)
        case ("sources", "root"):
            guard case .string(let root) = entry.value else { return invalid(entry, "a folder path in quotes") }
            guard let resolved = WorkspacePath.resolve(root, from: "") else {
                return report(.configInvalidValue, entry.valueRange, "`\(root)` leads outside the workspace; give a folder inside it")
            }
            configuration.sourceRoot = resolved
        case ("sources", "max-bytes"):
            guard case .integer(let bytes) = entry.value, bytes > 0 else { return invalid(entry, "a positive number of bytes") }
            configuration.maxSourceBytes = bytes
        case ("format", "line-width"):
            guard case .integer(let width) = entry.value, (20...1000).contains(width) else { return invalid(entry, "a number of columns from 20 to 1000") }
            configuration.lineWidth = width
        case ("catalogue", "extra"):
            guard case .array(let items) = entry.value else { return invalid(entry, "a list of .annal paths") }
            for item in items {
                guard case .string(let file) = item, let resolved = WorkspacePath.resolve(file, from: "") else {
                    return invalid(entry, "a list of .annal paths inside the workspace")
                }
                configuration.extraCatalogues.append(resolved)
            }
        default:
            break
        }
    }

    private mutating func applyRule(_ entry: TOMLSubset.Entry) {
        guard let rule = Rule(codeOrName: entry.key) else {
            let names = Rule.allCases.flatMap { [$0.code, $0.descriptor.name] }
            return report(.configUnknownKey, entry.keyRange, "`\(entry.key)` names no rule\(DidYouMean.hint(for: entry.key, among: names))")
        }
        guard case .string(let level) = entry.value else { return invalid(entry, "one of \"error\", \"warning\", \"info\", \"hint\", \"off\"") }
        if level == "off" {
            configuration.severities[rule] = .some(nil)
        } else if let severity = Severity(rawValue: level) {
            configuration.severities[rule] = severity
        } else {
            invalid(entry, "one of \"error\", \"warning\", \"info\", \"hint\", \"off\"")
        }
    }

    private mutating func globs(_ entry: TOMLSubset.Entry) -> [Glob] {
        guard case .array(let items) = entry.value else {
            invalid(entry, "a list of glob patterns, like [\"**/*.annal\"]")
            return []
        }
        var result: [Glob] = []
        for item in items {
            guard case .string(let pattern) = item, !pattern.isEmpty else {
                invalid(entry, "a list of glob patterns in quotes")
                return []
            }
            result.append(Glob(pattern))
        }
        return result
    }

    private mutating func invalid(_ entry: TOMLSubset.Entry, _ expected: String) {
        report(.configInvalidValue, entry.valueRange, "`\(entry.table.isEmpty ? "" : entry.table + ".")\(entry.key)` takes \(expected)")
    }

    private mutating func report(_ rule: Rule, _ range: Range<Int>, _ message: String) {
        diagnostics.append(Diagnostic(rule, file: path, range: range, message: message))
    }
}

extension Workspace {
    /// Takes the settings of a configuration that the analysis uses:
    /// severities, the source root and the catalogue files.
    public mutating func apply(_ configuration: WorkspaceConfiguration) {
        severityOverrides = configuration.severities
        sourceRoot = configuration.sourceRoot
        catalogueFiles = Set(configuration.extraCatalogues)
    }
}

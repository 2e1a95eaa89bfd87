import AnnalConcurrency
import AnnalSyntax
import Dispatch

/// The analysis of a whole workspace: its `.annal` files, the source
/// documents they cite and the built-in catalogue.
///
/// The host (command line or language server) hands it texts; it never
/// touches the file system. Paths are workspace-relative, `/`-separated.
/// Typical use:
///
///     var workspace = Workspace()
///     workspace.setFiles(texts)                       // parsed in parallel
///     for path in workspace.citedSourcePaths() { workspace.setSource(path, load(path)) }
///     let diagnostics = workspace.allDiagnostics()     // checked in parallel
public struct Workspace: Sendable {
    public private(set) var files: [String: FileAnalysis] = [:]
    public private(set) var sources: [String: SourceDocument] = [:]
    public private(set) var index: WorkspaceIndex
    /// The catalogue in use (nil when disabled).
    public let catalogue: FileAnalysis?
    /// Severity overrides by rule; `nil` as a value turns the rule off.
    public var severityOverrides: [Rule: Severity?] = [:]
    /// The folder source `path`s are resolved from (`[sources] root`); nil:
    /// the folder of the file that declares the source.
    public var sourceRoot: String?
    /// Files loaded for their declarations only (`[catalogue] extra`): they
    /// resolve references but are never reported on.
    public var catalogueFiles: Set<String> = []
    /// Whether each file's analysis keeps what the rules found for the next
    /// version of the file (`ResultsByPlace`): an editor's workspace, which
    /// checks a file again on every keystroke. A command that checks each
    /// file once turns it off and keeps nothing.
    public var keepsResultsForEdits = true
    /// False only in the test that compares skipping the rules turned off
    /// with running them and dropping what they find (`rulesRun`).
    var skipsRulesTurnedOff = true

    /// The workspace path a source declaration's `path` names, or nil when
    /// it is missing or leads outside the workspace.
    public func sourcePath(of source: Declaration) -> String? {
        Self.sourcePath(of: source, sourceRoot: sourceRoot)
    }

    static func sourcePath(of source: Declaration, sourceRoot: String?) -> String? {
        guard let written = source.string("path") else { return nil }
        return WorkspacePath.resolve(written, from: sourceRoot ?? WorkspacePath.directory(of: source.file))
    }

    /// A workspace with the built-in catalogue (or without, for tests).
    public init(includeBuiltinCatalogue: Bool = true) {
        catalogue = includeBuiltinCatalogue ? BuiltinCatalogue.analysis : nil
        index = WorkspaceIndex(files: [], catalogue: catalogue)
    }

    // MARK: - Inputs

    /// Adds or replaces one file, re-analysing that file alone.
    public mutating func setFile(_ path: String, text: String) {
        files[path] = FileAnalysis(path: path, text: text)
        rebuildIndex()
    }

    /// Applies edits to a file of the workspace, each relative to the text
    /// after the previous one, re-analysing only what they touch
    /// (`FileAnalysis.applying(_:)`). Returns false, changing nothing, when
    /// the file is not in the workspace.
    @discardableResult
    public mutating func editFile(_ path: String, edits: [ByteEdit]) -> Bool {
        guard let old = files[path] else { return false }
        var analysis = old
        for edit in edits { analysis = analysis.applying(edit) }
        files[path] = analysis
        rebuildIndex()
        // Freeing a large file's model takes milliseconds: not on the
        // caller's (the server's) time, when this was the last reference.
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(old) {} }
        return true
    }

    /// Adds or replaces many files, parsing them on all cores.
    public mutating func setFiles(_ texts: [(path: String, text: String)]) {
        let analyses = Self.parallelMap(texts) { FileAnalysis(path: $0.path, text: $0.text) }
        for analysis in analyses { files[analysis.path] = analysis }
        rebuildIndex()
    }

    /// Adds or replaces files the host analysed itself, for instance while
    /// reading them on all cores so that no text outlives its parse.
    public mutating func setFiles(_ analyses: [FileAnalysis]) {
        for analysis in analyses { files[analysis.path] = analysis }
        rebuildIndex()
    }

    public mutating func removeFile(_ path: String) {
        files[path] = nil
        rebuildIndex()
    }

    /// Records what the host found at a cited source path.
    public mutating func setSource(_ path: String, _ load: SourceLoad) {
        sources[path] = SourceDocument(path: path, load: load)
    }

    /// Records what the host found at many cited source paths, folding the
    /// texts on all cores. `remembersSearches`: see `SourceDocument`.
    public mutating func setSources(_ loads: [(path: String, load: SourceLoad)], remembersSearches: Bool = true) {
        let documents = Self.parallelMap(loads) {
            SourceDocument(path: $0.path, load: $0.load, remembersSearches: remembersSearches)
        }
        for document in documents { sources[document.path] = document }
    }

    /// Records source documents the host read and folded itself.
    public mutating func setSources(_ documents: [SourceDocument]) {
        for document in documents { sources[document.path] = document }
    }

    public mutating func removeSource(_ path: String) {
        sources[path] = nil
    }

    /// The workspace paths of every source document cited by a source
    /// declaration, that the host should load. Paths that lead outside the
    /// workspace are left out: they are never read.
    public func citedSourcePaths() -> [String] {
        var paths = Set<String>()
        for file in files.values {
            for declaration in file.model.declarations where declaration.kind == .source {
                if let resolved = sourcePath(of: declaration) { paths.insert(resolved) }
            }
        }
        return paths.sorted()
    }

    /// The `.annal` files whose diagnostics depend on a source document.
    public func files(citing sourcePath: String) -> [String] {
        files.values.filter { file in
            file.model.declarations.contains { declaration in
                declaration.kind == .source && self.sourcePath(of: declaration) == sourcePath
            } || file.model.references.contains { reference in
                reference.expected == .source
                    && resolvedSourcePath(reference.name) == sourcePath
            }
        }.map(\.path).sorted()
    }

    /// The workspace path of the source a citation's id resolves to.
    func resolvedSourcePath(_ id: String) -> String? {
        guard case .declaration(let source) = index.resolve(id, as: .source) else { return nil }
        return sourcePath(of: source)
    }

    private mutating func rebuildIndex() {
        index = WorkspaceIndex(files: Array(files.values), catalogue: catalogue)
    }

    // MARK: - Results

    /// All diagnostics of one file, sorted, with severity overrides applied.
    public func diagnostics(for path: String) -> [Diagnostic] {
        diagnostics(for: path, sources: sources)
    }

    /// `diagnostics(for:)` with the source documents given (a batch check
    /// hands each file the ones it needs, loaded on demand).
    func diagnostics(for path: String, sources: [String: SourceDocument]) -> [Diagnostic] {
        guard let file = files[path], !catalogueFiles.contains(path) else { return [] }
        let context = RuleContext(file: file, index: index, sources: sources, sourceRoot: sourceRoot,
                                  keepsResults: keepsResultsForEdits)
        // The rules are independent: run them on all cores (the server runs
        // this on every keystroke); concatenated in rule order, then sorted.
        var diagnostics = file.localDiagnostics
        for found in Self.parallelMap(rulesRun, { rule -> [Diagnostic] in
            var found: [Diagnostic] = []
            rule.check(context, into: &found)
            return found
        }) {
            diagnostics += found
        }
        return finished(diagnostics, path: file.path, suppressions: file.suppressions, lineIndex: file.lineIndex,
                        reportingUnusedSuppressions: true)
    }

    /// The syntax errors of a text parsed already, as its file in this
    /// workspace would report them (severity overrides and suppressions
    /// applied): the subset of `diagnostics(for:)` that is ready as soon as
    /// the text is parsed, before it is lowered or any other file is read.
    /// A suppression that silences nothing is not reported here, since it
    /// may silence a finding of a later stage.
    public func syntaxDiagnostics(of tree: SyntaxTree, path: String, lineIndex: LineIndex) -> [Diagnostic] {
        guard !catalogueFiles.contains(path) else { return [] }
        let (suppressions, problems) = SuppressionParser.suppressions(in: tree, lineIndex: lineIndex, path: path)
        return finished(Lowering.syntaxDiagnostics(of: tree, path: path) + problems, path: path, suppressions: suppressions,
                        lineIndex: lineIndex, reportingUnusedSuppressions: false)
    }

    /// Adds or replaces one file whose text the host parsed already.
    public mutating func setFile(_ path: String, tree: SyntaxTree) {
        files[path] = FileAnalysis(path: path, tree: tree)
        rebuildIndex()
    }

    /// Severity overrides, suppressions, order and the per-file cap.
    private func finished(_ found: [Diagnostic], path: String, suppressions: [Suppression], lineIndex: LineIndex,
                          reportingUnusedSuppressions: Bool) -> [Diagnostic] {
        var diagnostics = found.compactMap { diagnostic in
            guard let override = severityOverrides[diagnostic.rule] else { return diagnostic }
            guard let severity = override else { return nil }
            var adjusted = diagnostic
            adjusted.severity = severity
            return adjusted
        }
        diagnostics = Self.applySuppressions(suppressions, to: diagnostics, lineIndex: lineIndex, path: path,
                                             rulesOff: Set(severityOverrides.filter { $0.value == nil }.keys),
                                             reportingUnused: reportingUnusedSuppressions)
        diagnostics.sort(by: Diagnostic.sortOrder)
        if diagnostics.count > AnalysisLimits.maxDiagnosticsPerFile {
            let kept = Array(diagnostics.prefix(AnalysisLimits.maxDiagnosticsPerFile - 1))
            let rest = diagnostics.count - kept.count
            let last = diagnostics[kept.count]
            diagnostics = kept + [Diagnostic(.syntaxError, file: path, range: last.range.lowerBound..<last.range.lowerBound,
                                             message: "\(rest) more problems in this file are not shown; fix the ones above first",
                                             severity: .warning)]
        }
        return diagnostics
    }

    /// Drops the diagnostics that suppressions silence, and reports each
    /// suppression that silenced nothing (unless its rule is turned off).
    static func applySuppressions(_ suppressions: [Suppression], to diagnostics: [Diagnostic], lineIndex: LineIndex,
                                  path: String, rulesOff: Set<Rule>, reportingUnused: Bool = true) -> [Diagnostic] {
        guard !suppressions.isEmpty else { return diagnostics }
        struct Use: Hashable { let suppression: Int; let rule: Rule }
        var used = Set<Use>()
        var kept: [Diagnostic] = []
        for diagnostic in diagnostics {
            let line = lineIndex.line(of: diagnostic.range.lowerBound)
            let silencer = suppressions.indices.first { index in
                let suppression = suppressions[index]
                guard suppression.rules.contains(diagnostic.rule), diagnostic.rule != .invalidSuppression else { return false }
                switch suppression.scope {
                case .file: return true
                case .line(let target): return target == line
                }
            }
            if let silencer { used.insert(Use(suppression: silencer, rule: diagnostic.rule)) } else { kept.append(diagnostic) }
        }
        for (index, suppression) in suppressions.enumerated() where reportingUnused {
            // Each code of a suppression must silence something, unless its rule is off.
            let live = suppression.rules.filter { !rulesOff.contains($0) && !used.contains(Use(suppression: index, rule: $0)) }
            guard !live.isEmpty else { continue }
            kept.append(Diagnostic(.unusedSuppression, file: path, range: suppression.range,
                                   message: "this suppression of \(live.map(\.code).joined(separator: ", ")) silences nothing; remove it",
                                   fixes: [Fix(title: "Remove the suppression", edits: [TextEdit(file: path, range: suppression.range, newText: "")])]))
        }
        return kept
    }

    /// Diagnostics of every file, checked on all cores; sorted by file.
    public func allDiagnostics() -> [Diagnostic] {
        let paths = files.keys.filter { !catalogueFiles.contains($0) }.sorted()
        return Self.parallelMap(paths) { diagnostics(for: $0) }.flatMap { $0 }
    }

    /// Maps on all cores (`WorkerPool`), keeping the order of the input.
    /// One map at a time runs on the pool: a map inside another, or begun
    /// on another thread while one runs (the server indexing a folder
    /// while it checks a file), runs on its caller alone.
    ///
    /// Inlinable, so that each caller gets it specialised for its types:
    /// unspecialised, as other modules called it, collecting the results
    /// went through the types' witness tables and metadata made at run
    /// time, a tenth of a millisecond on one core after the files of mb5
    /// were read, the other core waiting.
    @inlinable
    public static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let count = items.count
        if count < 2 { return items.map(transform) }
        // Each slot initialised exactly once, by the call for its index;
        // all of them are when `forEach` returns.
        let results = UnsafeMutablePointer<R>.allocate(capacity: count)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        WorkerPool.shared.forEach(count) { i in
            (output + i).initialize(to: transform(items[i]))
        }
        // Moved out in one step, leaving the buffer uninitialised for
        // `deallocate`: copied out instead, each result kept a reference
        // no one held (a server rebuilding its index on the helpers at
        // every keystroke kept every version's model).
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: results, count: count)
            initialized = count
        }
    }
}

import AnnalAnalysis
import AnnalFileSystem
import AnnalSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The line index, with its text, of every file a report names. A check
/// lets each `.annal` file's text go once lowered (at 5 MB the texts were a
/// third of the heap at its peak) and keeps where its lines start; the
/// report reads a file again when it prints the file's findings, and uses
/// the text only if it is still the text that was checked (same
/// fingerprint). A file that changed meanwhile keeps its line numbers, its
/// columns count bytes, and it has no excerpt: `changedFiles` names it so
/// that the command can say so.
///
/// Holds the texts of the last two files asked for: a report goes file by
/// file, with an occasional related location in another file.
final class ReportTexts {
    private let workspace: Workspace
    private let host: FileSystemHost
    private let fingerprints: [String: TextFingerprint]
    /// Indexes of files that are not `.annal` files (annal.toml).
    private var otherFiles: [String: LineIndex]
    private var recent: [(path: String, index: LineIndex)] = []
    /// Files whose text changed (or went away) after they were checked.
    private(set) var changedFiles: Set<String> = []

    init(workspace: Workspace, host: FileSystemHost, fingerprints: [String: TextFingerprint],
         otherFiles: [String: LineIndex] = [:]) {
        self.workspace = workspace
        self.host = host
        self.fingerprints = fingerprints
        self.otherFiles = otherFiles
    }

    func lineIndex(_ path: String) -> LineIndex? {
        if path == BuiltinCatalogue.path { return BuiltinCatalogue.analysis.lineIndex }
        guard let kept = workspace.files[path]?.lineIndex else { return otherFiles[path] }
        if kept.holdsText { return kept }
        if let found = recent.first(where: { $0.path == path }) { return found.index }
        var index = kept
        if let fingerprint = fingerprints[path],
           let bytes = host.rereadText(host.root.appendingPathComponent(path), expecting: fingerprint) {
            index = LineIndex(bytes: bytes)
        } else {
            changedFiles.insert(path)
        }
        recent.append((path, index))
        if recent.count > 2 { recent.removeFirst() }
        return index
    }
}

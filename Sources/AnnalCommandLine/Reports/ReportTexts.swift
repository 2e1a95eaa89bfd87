import AnnalAnalysis
import AnnalConcurrency
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
/// Only the lines the report shows are read again, when it says which
/// (`shown`): the pieces of the file that hold them (`TextFingerprint`).
/// Every file's pieces are read ahead, on all cores, when the texts are
/// made (opening, reading and closing some sixty files was most of a
/// report's time at 5 MB, on one core), kept as pieces, small whatever
/// the number of files, and read in place (`ReportText`).
///
/// A file the report did not say it shows is read again whole; the texts
/// of the four such files asked for most recently are held (least
/// recently used goes first): a report goes file by file, with related
/// locations in other files, so the file being reported stays held however
/// many other files its findings point to.
///
/// Safe to share between threads (a report is rendered on all cores): what
/// changes after `init` (the files held, those found changed, the count of
/// rereads) is changed holding `lock`; the pieces read ahead are not
/// changed after `init`.
final class ReportTexts: @unchecked Sendable {
    private let workspace: Workspace
    private let host: FileSystemHost
    private let fingerprints: [String: TextFingerprint]
    /// Indexes of files that are not `.annal` files (annal.toml).
    private let otherFiles: [String: LineIndex]
    /// Guards `recent`, `changed` and `rereads`.
    private let lock = Lock()
    /// Most recently used last.
    private var recent: [(path: String, index: LineIndex)] = []
    private static let recentCapacity = 4
    /// Files whose text changed (or went away) after they were checked.
    var changedFiles: Set<String> { lock.withLock { changed } }
    private var changed: Set<String> = []
    /// How many times a file was read again (for tests).
    var rereadCount: Int { lock.withLock { rereads } }
    private var rereads = 0
    /// The pieces read ahead, by file (nil: the file changed or is gone).
    private var readAhead: [String: TextPieces?] = [:]

    init(workspace: Workspace, host: FileSystemHost, fingerprints: [String: TextFingerprint],
         otherFiles: [String: LineIndex] = [:], shown: [String: [Range<Int>]]? = nil) {
        self.workspace = workspace
        self.host = host
        self.fingerprints = fingerprints
        self.otherFiles = otherFiles
        if let shown { readPiecesAhead(shown) }
    }

    /// Reads the pieces holding the lines `shown` of every file whose text
    /// was let go, on all cores.
    private func readPiecesAhead(_ shown: [String: [Range<Int>]]) {
        let wanted = shown.compactMap { path, ranges -> (path: String, fingerprint: TextFingerprint, ranges: [Range<Int>], lines: LineIndex)? in
            guard let fingerprint = fingerprints[path], let kept = workspace.files[path]?.lineIndex, !kept.holdsText else {
                return nil
            }
            return (path, fingerprint, ranges, kept)
        }
        guard !wanted.isEmpty else { return }
        let host = host
        // The lines found on all cores too: each look-up reads line starts
        // no core has touched since the file was lowered (a wait on memory
        // at each step of the search), 0.1 ms on one core at mb5.
        let pieces = Workspace.parallelMap(wanted) {
            host.rereadPieces($0.path, expecting: $0.fingerprint, covering: Self.lineSpans(of: $0.ranges, in: $0.lines))
        }
        for (file, read) in zip(wanted, pieces) { readAhead[file.path] = .some(read) }
        rereads += wanted.count
    }

    /// The ranges a report of `diagnostics` shows, by file: each finding's
    /// and each related location's (the only positions and excerpts the
    /// reports print).
    static func rangesShown(by diagnostics: [Diagnostic]) -> [String: [Range<Int>]] {
        var ranges: [String: [Range<Int>]] = [:]
        for diagnostic in diagnostics {
            ranges[diagnostic.file, default: []].append(diagnostic.range)
            for related in diagnostic.related { ranges[related.file, default: []].append(related.range) }
        }
        return ranges
    }

    /// The whole lines that hold each range, as byte ranges of the text
    /// `index` was built from (its text may be dropped).
    static func lineSpans(of ranges: [Range<Int>], in index: LineIndex) -> [Range<Int>] {
        ranges.map { range in
            let first = index.line(of: range.lowerBound)
            let last = index.line(of: range.upperBound)
            let end = last + 1 < index.lineCount ? index.lineStart(last + 1) : index.textLength
            return index.lineStart(first)..<max(end, index.lineStart(first))
        }
    }

    /// A file's text for the report: kept whole, or the pieces read
    /// ahead, or else read again whole (`lineIndex(_:)`).
    func text(_ path: String) -> ReportText? {
        if path == BuiltinCatalogue.path { return ReportText(BuiltinCatalogue.analysis.lineIndex) }
        guard let kept = workspace.files[path]?.lineIndex else { return otherFiles[path].map { ReportText($0) } }
        if kept.holdsText { return ReportText(kept) }
        if let read = readAhead[path] {
            guard let read else {
                lock.withLock { _ = changed.insert(path) }
                return ReportText(kept)
            }
            return ReportText(kept, pieces: read)
        }
        return lineIndex(path).map { ReportText($0) }
    }

    /// A file's line index with its whole text, read again when the check
    /// let it go (nil text, and the file named in `changedFiles`, when it
    /// no longer holds the text checked).
    func lineIndex(_ path: String) -> LineIndex? {
        if path == BuiltinCatalogue.path { return BuiltinCatalogue.analysis.lineIndex }
        guard let kept = workspace.files[path]?.lineIndex else { return otherFiles[path] }
        if kept.holdsText { return kept }
        if let found = lock.withLock({ () -> LineIndex? in
            guard let position = recent.firstIndex(where: { $0.path == path }) else { return nil }
            let found = recent.remove(at: position)
            recent.append(found)
            return found.index
        }) {
            return found
        }
        var index = kept
        // A file the report shows was read ahead; this one is read whole
        // (not holding the lock: two threads may read the same file).
        let bytes = fingerprints[path].flatMap { host.rereadText(path, expecting: $0) }
        if let bytes { index = kept.restoringText(bytes) }
        lock.lock()
        defer { lock.unlock() }
        rereads += 1
        if bytes == nil { changed.insert(path) }
        recent.append((path, index))
        if recent.count > Self.recentCapacity { recent.removeFirst() }
        return index
    }
}

import AnnalConcurrency
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Workspace {
    /// The workspace paths of the source documents a file's diagnostics
    /// read: those its own source declarations name (their load is checked
    /// there: AN401–AN405) and those its citations resolve to, wherever
    /// declared (AN410, AN411). Rules the configuration turns off read
    /// nothing: with all of them off, a file needs no source.
    public func sourcePaths(neededBy path: String) -> Set<String> {
        guard let file = files[path] else { return [] }
        var needed = Set<String>()
        if checksSourceFiles {
            for declaration in file.model.declarations where declaration.kind == .source {
                if let resolved = sourcePath(of: declaration) { needed.insert(resolved) }
            }
        }
        guard searchesQuotes else { return needed }
        // A file cites few sources many times: each name once, from the
        // distinct names the model keeps (walking every reference, hashing
        // a name at each change of source, was 90,000 instructions a file
        // of mb5).
        for key in file.model.referencedKeys where key.kind == .source {
            if let resolved = resolvedSourcePath(key.id) { needed.insert(resolved) }
        }
        return needed
    }

    /// Diagnostics of every file, equal to `allDiagnostics()` with every
    /// cited source set, for batch hosts that would rather not hold every
    /// source document at once: a source is loaded through `load` (and
    /// folded) when the first file that needs it is checked, and let go
    /// when the last one is done. Files are checked on all cores in path
    /// order, so a source cited by one stretch of files lives only while
    /// they are checked. Each path is loaded at most once; sources already
    /// set on the workspace are used as they are. Searches are not
    /// remembered: each quote is looked up once. The documents are folded
    /// for verdicts (`SourceFolding.forVerdicts`): the diagnostics say
    /// whether a quote is found, never where.
    public func allDiagnostics(loadingSources load: @escaping @Sendable (String) -> SourceLoad) -> [Diagnostic] {
        let paths = files.keys.filter { !catalogueFiles.contains($0) }.sorted()
        let needs = Self.parallelMap(paths) { sourcePaths(neededBy: $0).subtracting(sources.keys).sorted() }
        let pool = SourcePool(users: needs, folding: searchesQuotes ? .forVerdicts : .none, load: load)
        return Self.parallelMap(Array(zip(paths, needs))) { path, needed in
            let acquired = pool.acquire(needed)
            defer { pool.release(needed) }
            return diagnostics(for: path, sources: acquired.isEmpty ? sources : sources.merging(acquired) { kept, _ in kept })
        }.flatMap { $0 }
    }
}

/// The source documents of a batch check, each loaded when first needed
/// and dropped when the last file that needs it has been checked.
private final class SourcePool: @unchecked Sendable {
    private final class Entry: @unchecked Sendable {
        /// Serialises the one load of this path; other users wait for it.
        let loading = Lock()
        var document: SourceDocument?
        /// Files that still need the document.
        var remainingUsers: Int

        init(users: Int) {
            remainingUsers = users
        }
    }

    /// Every path some file needs, made once before the files are
    /// checked and only read after: looked up with no lock (a lock around
    /// each look-up, and a removal when a document was dropped, made the
    /// two threads wait on each other).
    private let entries: [String: Entry]
    private let load: @Sendable (String) -> SourceLoad
    /// What documents are folded for: the check asks only for verdicts.
    private let folding: SourceFolding

    init(users: [[String]], folding: SourceFolding, load: @escaping @Sendable (String) -> SourceLoad) {
        self.load = load
        self.folding = folding
        // Counted in a table sized once, one look-up a path, then given
        // their entries in place (`mapValues` keeps the table's layout):
        // built on one core while the other waits, a look-up, an insertion
        // and the table's growth a path were 1.8 M instructions at mb5.
        var counts: [String: Int] = [:]
        counts.reserveCapacity(users.reduce(0) { $0 + $1.count })
        for needed in users {
            for path in needed { counts[path, default: 0] += 1 }
        }
        entries = counts.mapValues { Entry(users: $0) }
    }

    /// The documents at `paths`, loading those not loaded yet.
    func acquire(_ paths: [String]) -> [String: SourceDocument] {
        var documents: [String: SourceDocument] = [:]
        for path in paths {
            guard let entry = entries[path] else { continue }
            entry.loading.lock()
            if entry.document == nil {
                entry.document = SourceDocument(path: path, load: load(path), remembersSearches: false, folding: folding)
            }
            documents[path] = entry.document
            entry.loading.unlock()
        }
        return documents
    }

    /// Marks `paths` as done for one file; a document no file needs any
    /// more is dropped.
    func release(_ paths: [String]) {
        for path in paths {
            guard let entry = entries[path] else { continue }
            entry.loading.lock()
            entry.remainingUsers -= 1
            if entry.remainingUsers == 0 { entry.document = nil }
            entry.loading.unlock()
        }
    }
}

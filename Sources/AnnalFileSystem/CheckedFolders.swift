import AnnalConcurrency

/// The folders below the root that a batch command has found to be
/// folders and not links (`lstat`), so that each is looked at once per
/// command rather than once per source in it: 532 `lstat`s of the same
/// `sources` folder at mb5. Only a command that lives for one run keeps
/// one (`FileSystemHost(root:remembersFolders:)`): within a run, a folder
/// replaced by a link after its check is the same race as one replaced
/// between the check and the open; the language server, which runs for
/// hours, looks every time.
final class CheckedFolders: @unchecked Sendable {
    private let lock = Lock()
    private var paths = Set<String>()

    func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }

    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
}

import AnnalConcurrency

/// The names a misspelt reference is compared with, for "did you mean"
/// suggestions: the ids and aliases of each kind of declaration, listed
/// the first time that kind is asked for, and the suggestion made for each
/// unknown name, both shared by every copy of one `WorkspaceIndex` and by
/// every thread checking files against it.
///
/// Listing the names on every ask was a pass over every declaration of
/// the workspace for each file that names an unknown one: at 50 MB about
/// 5 % of `annal check`'s time, most of it in reference counts of the
/// shared ids that both cores raced for.
final class SuggestionNames: @unchecked Sendable {
    private let lock = Lock()
    private var lists: [BlockKind: [String]] = [:]
    private var suggestions: [DeclarationKey: String?] = [:]

    /// The names of `kind`, from `listing` the first time.
    func names(of kind: BlockKind, listing: () -> [String]) -> [String] {
        lock.withLock {
            if let list = lists[kind] { return list }
            let list = listing()
            lists[kind] = list
            return list
        }
    }

    /// The suggestion for the unknown name `key`, from `making` the first
    /// time (made outside the lock: two threads may both make it, and get
    /// the same answer).
    func suggestion(for key: DeclarationKey, making: () -> String?) -> String? {
        if let known = lock.withLock({ suggestions[key] }) { return known }
        let made = making()
        lock.withLock { suggestions[key] = .some(made) }
        return made
    }
}

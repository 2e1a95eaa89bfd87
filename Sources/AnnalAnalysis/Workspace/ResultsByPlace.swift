import AnnalConcurrency

/// What a workspace rule found for each element of one kind (a citation,
/// an event) of one version of a file, by the element's place in the file
/// (relations, their events and citations in order), with what it read
/// elsewhere to find it (`basis`: the documents the source ids named, the
/// bounds of the programmes), kept for the next version.
///
/// The server checks the edited file again on every keystroke. An edit
/// inside one event lowers that event alone (`FileAnalysis.relowering`),
/// which hands every other element's result on to the new version
/// (`carried(replacing:newCount:)`): a rule then works out only the edited
/// event's, after checking once that what it read still holds.
final class ResultsByPlace<Entry: Sendable, Basis: Sendable>: @unchecked Sendable {
    /// What one check found.
    struct Known {
        /// One entry per element; nil where nothing is known. Empty while
        /// nothing is known.
        var entries: [Entry?] = []
        /// What the entries were found on.
        var basis: Basis?
    }

    private let lock = Lock()
    private var known: Known

    init() { known = Known() }

    private init(known: Known) { self.known = known }

    /// The results known so far.
    func snapshot() -> Known {
        lock.lock()
        defer { lock.unlock() }
        return known
    }

    /// Records the results of a check of this version.
    func store(_ known: Known) {
        lock.lock()
        self.known = known
        lock.unlock()
    }

    /// The results handed to the next version of the file, in which the
    /// elements at `replaced` (places in this version) became `newCount`
    /// elements not worked out yet.
    func carried(replacing replaced: Range<Int>, newCount: Int) -> ResultsByPlace {
        let known = snapshot()
        guard !known.entries.isEmpty, replaced.upperBound <= known.entries.count else { return ResultsByPlace() }
        var entries: [Entry?] = []
        entries.reserveCapacity(known.entries.count - replaced.count + newCount)
        entries += known.entries[..<replaced.lowerBound]
        entries += repeatElement(nil, count: newCount)
        entries += known.entries[replaced.upperBound...]
        return ResultsByPlace(known: Known(entries: entries, basis: known.basis))
    }
}

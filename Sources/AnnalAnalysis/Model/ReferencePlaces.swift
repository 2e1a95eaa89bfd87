import AnnalConcurrency

/// Where in a file's reference list the names of a few keys are used,
/// remembered for the last keys asked about.
///
/// The reference rule walks a file's references only for the names no
/// declaration answers; a file with such a name had all its references
/// (20,000 in the bench file) walked on every keystroke. The places belong
/// to one list of names: an edit that leaves every name as it was hands the
/// object on to the new model (`FileModel.replacing`), so the walk is made
/// once per set of undeclared names, not once per keystroke.
final class ReferencePlaces: @unchecked Sendable {
    private let lock = Lock()
    private var lastKeys: [DeclarationKey] = []
    private var lastPlaces: [Int] = []

    /// The places in `references`, in order, of the references naming one
    /// of `keys`. `references` must be the list this object belongs to.
    func places(of keys: [DeclarationKey], in references: [Reference]) -> [Int] {
        guard !keys.isEmpty else { return [] }
        lock.lock()
        if keys == lastKeys {
            defer { lock.unlock() }
            return lastPlaces
        }
        lock.unlock()
        let places = Self.find(keys, in: references)
        lock.lock()
        (lastKeys, lastPlaces) = (keys, places)
        lock.unlock()
        return places
    }

    /// Few keys are compared with each reference, lengths first (names of
    /// a length that differ are compared in full); many are hashed.
    private static func find(_ keys: [DeclarationKey], in references: [Reference]) -> [Int] {
        var places: [Int] = []
        if keys.count > 8 {
            let set = Set(keys)
            for (place, reference) in references.enumerated() where set.contains(DeclarationKey(reference.expected, reference.name)) {
                places.append(place)
            }
            return places
        }
        let lengths = keys.map { $0.id.utf8.count }
        for (place, reference) in references.enumerated() {
            let length = reference.name.utf8.count
            if keys.indices.contains(where: { keys[$0].kind == reference.expected && lengths[$0] == length && keys[$0].id == reference.name }) {
                places.append(place)
            }
        }
        return places
    }
}

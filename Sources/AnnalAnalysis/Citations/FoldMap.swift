/// Where every byte of a folded text comes from in the original text, stored
/// as pieces rather than per byte.
///
/// Most of a source folds to itself, byte for byte, shifted by the white
/// space and punctuation folded before it: an *identity* piece records only
/// where such a stretch starts in both texts. The rest are *unit* pieces:
/// folded bytes that all come from one original unit of another length (’
/// folded to ', a white space run or an NBSP folded to one space, a
/// normalised segment). French prose needs about one piece per fifty bytes;
/// two offsets per byte, as the map was first kept, took eight bytes per
/// byte of every source (about two after compression).
///
/// Inside an identity piece the unit of a folded byte is the scalar it
/// belongs to, found from the UTF-8 continuation bytes of the folded text
/// (which are the original's there).
struct FoldMap: Sendable {
    /// Marks an identity piece in `Piece.originalEnd`.
    private static let identity = UInt32.max

    /// One piece: where it starts in the folded text and in the original,
    /// and, for a unit piece, where its unit ends in the original
    /// (`identity` for an identity piece). One array of pieces, not three
    /// arrays of fields: a piece is appended with one capacity check (three
    /// cost about 90 instructions a piece).
    private struct Piece: Sendable {
        /// The first folded byte of the piece (increasing; the first is 0).
        var foldedStart: UInt32
        /// Where the piece starts in the original text: the offset of its
        /// first byte (identity) or the start of its unit.
        var originalStart: UInt32
        /// The end of the unit of a unit piece; `identity` for identity pieces.
        var originalEnd: UInt32
    }

    private var pieces: [Piece] = []

    /// The number of pieces (for tests and measurements).
    var pieceCount: Int { pieces.count }

    /// Each piece as its folded start, original start and original end
    /// (`UInt32.max` for an identity piece), for tests that compare maps.
    var pieceFields: [[UInt32]] { pieces.map { [$0.foldedStart, $0.originalStart, $0.originalEnd] } }

    /// Makes room for `pieces` pieces (a folder knows the text's length:
    /// growing the pieces one by one cost about 10,000 instructions a
    /// source of a few kilobytes).
    mutating func reserveCapacity(_ count: Int) {
        pieces.reserveCapacity(count)
    }

    /// Records that folded byte `folded` is a copy of original byte
    /// `original`, starting or extending an identity piece.
    @inline(__always)
    mutating func identity(folded: Int, original: Int) {
        if let last = pieces.last, last.originalEnd == Self.identity,
           Int(last.originalStart) - Int(last.foldedStart) == original - folded {
            return
        }
        append(folded: folded, start: original, end: Self.identity)
    }

    /// Records that the folded bytes from `folded` on (up to the next piece)
    /// come from the original unit `start..<end`. Consecutive calls for the
    /// same unit (a segment that composes to several scalars) make one piece.
    @inline(__always)
    mutating func unit(folded: Int, start: Int, end: Int) {
        if let last = pieces.last, last.originalEnd == UInt32(truncatingIfNeeded: end),
           last.originalStart == UInt32(truncatingIfNeeded: start) {
            return
        }
        append(folded: folded, start: start, end: UInt32(truncatingIfNeeded: end))
    }

    private mutating func append(folded: Int, start: Int, end: UInt32) {
        pieces.append(Piece(foldedStart: UInt32(truncatingIfNeeded: folded), originalStart: UInt32(truncatingIfNeeded: start),
                            originalEnd: end))
    }

    /// The piece holding folded byte `index` (the last piece starting at or
    /// before it).
    func piece(holding index: Int) -> Int {
        pieces.withUnsafeBufferPointer { pieces in
            var low = 0
            var high = pieces.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if Int(pieces[middle].foldedStart) <= index { low = middle } else { high = middle - 1 }
            }
            return max(low, 0)
        }
    }

    /// `piece(holding:)` when piece `start` starts at or before `index`:
    /// a few steps forward (the bytes of one quote span a few pieces),
    /// then a binary search.
    func piece(holding index: Int, from start: Int) -> Int {
        var p = start
        for _ in 0..<8 {
            guard p + 1 < pieces.count, Int(pieces[p + 1].foldedStart) <= index else { return p }
            p += 1
        }
        return piece(holding: index)
    }

    /// The original offset where the unit of folded byte `index` starts.
    func originalStart(ofFolded index: Int, in folded: UnsafeBufferPointer<UInt8>) -> Int {
        originalStart(ofFolded: index, piece: piece(holding: index), in: folded)
    }

    /// `originalStart(ofFolded:in:)` with the piece holding `index` known.
    func originalStart(ofFolded index: Int, piece p: Int, in folded: UnsafeBufferPointer<UInt8>) -> Int {
        let piece = pieces[p]
        let pieceStart = Int(piece.foldedStart)
        guard piece.originalEnd == Self.identity else { return Int(piece.originalStart) }
        var scalarStart = index
        while scalarStart > pieceStart && folded[scalarStart] & 0xC0 == 0x80 { scalarStart -= 1 }
        return Int(piece.originalStart) + (scalarStart - pieceStart)
    }

    /// The original offset just after the unit of folded byte `index`.
    func originalEnd(ofFolded index: Int, in folded: UnsafeBufferPointer<UInt8>) -> Int {
        originalEnd(ofFolded: index, piece: piece(holding: index), in: folded)
    }

    /// `originalEnd(ofFolded:in:)` with the piece holding `index` known.
    func originalEnd(ofFolded index: Int, piece p: Int, in folded: UnsafeBufferPointer<UInt8>) -> Int {
        let piece = pieces[p]
        guard piece.originalEnd == Self.identity else { return Int(piece.originalEnd) }
        let pieceStart = Int(piece.foldedStart)
        let pieceEnd = p + 1 < pieces.count ? Int(pieces[p + 1].foldedStart) : folded.count
        var scalarEnd = index + 1
        while scalarEnd < pieceEnd && folded[scalarEnd] & 0xC0 == 0x80 { scalarEnd += 1 }
        return Int(piece.originalStart) + (scalarEnd - pieceStart)
    }
}

import AnnalSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's length and a 64-bit hash of each of its pieces of
/// `pieceSize` bytes: enough to tell that a file read twice (checked, then
/// read again for its report) still holds the same text where it is read
/// again (`ByteDigest`). Not cryptographic. Hashed by pieces so that a
/// report reads again only the pieces that hold the lines it shows (about
/// one piece in nine of a 70 KB file with two findings).
public struct TextFingerprint: Sendable, Hashable {
    /// The bytes hashed together: a page.
    public static let pieceSize = 4096
    public let length: Int
    /// The hash of each piece, in order; the last piece may be shorter.
    public let pieceHashes: [UInt64]

    public init(_ bytes: [UInt8]) {
        length = bytes.count
        pieceHashes = bytes.withUnsafeBytes { buffer in
            stride(from: 0, to: buffer.count, by: Self.pieceSize).map { start in
                ByteDigest.digest(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + Self.pieceSize, buffer.count)]))
            }
        }
    }

    /// The pieces that hold some byte of `spans` (clamped to the text), in
    /// order, each once.
    func pieces(covering spans: [Range<Int>]) -> [Int] {
        var wanted = [Bool](repeating: false, count: pieceHashes.count)
        for span in spans {
            let lower = min(max(span.lowerBound, 0), length)
            let upper = min(max(span.upperBound, lower), length)
            guard lower < upper else { continue }
            for piece in (lower / Self.pieceSize)...((upper - 1) / Self.pieceSize) { wanted[piece] = true }
        }
        return wanted.indices.filter { wanted[$0] }
    }
}

/// Pieces of a file read again (`FileSystemHost.rereadPieces`): each is
/// `TextFingerprint.pieceSize` bytes of the text at a multiple of it (the
/// last may be shorter), and matched its fingerprint when read.
public struct TextPieces: Sendable {
    /// The length of the whole text.
    public let length: Int
    /// The pieces read, by index, in order.
    public let pieces: [(index: Int, bytes: [UInt8])]

    /// `pieces` of a text of `length` bytes: each the `pieceSize` bytes
    /// (fewer for the last) at its index times `pieceSize`, in order.
    public init(length: Int, pieces: [(index: Int, bytes: [UInt8])]) {
        self.length = length
        self.pieces = pieces
    }

    /// The text's bytes: the pieces in place, zeros elsewhere.
    public func assembled() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        bytes.withUnsafeMutableBytes { buffer in
            for piece in pieces {
                let start = piece.index * TextFingerprint.pieceSize
                piece.bytes.withUnsafeBytes { buffer.baseAddress!.advanced(by: start).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
        }
        return bytes
    }

    /// The bytes of `range` (clamped to the text) as `assembled()` holds
    /// them, without making the whole text: a report reads a line or two.
    public func bytes(in range: Range<Int>) -> [UInt8] {
        let lower = min(max(range.lowerBound, 0), length)
        let upper = min(max(range.upperBound, lower), length)
        guard lower < upper else { return [] }
        let size = TextFingerprint.pieceSize
        var result = [UInt8](repeating: 0, count: upper - lower)
        // The pieces are in order: the first that may overlap, by halving.
        var low = 0
        var high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].index < lower / size { low = middle + 1 } else { high = middle }
        }
        result.withUnsafeMutableBufferPointer { out in
            for piece in pieces[low...] {
                let start = piece.index * size
                guard start < upper else { break }
                let from = max(lower, start)
                let to = min(upper, start + piece.bytes.count)
                guard from < to else { continue }
                piece.bytes.withUnsafeBufferPointer { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: out[(from - lower)..<(to - lower)])
                        .initialize(from: UnsafeBufferPointer(rebasing: bytes[(from - start)..<(to - start)]))
                }
            }
        }
        return result
    }
}

extension FileSystemHost {
    /// A `.annal` file's bytes read again, for a report printed after the
    /// check let the text go: nil when the file no longer holds the text
    /// that was checked (`fingerprint`), is gone, or cannot be read.
    /// The text was checked as UTF-8 the first time; it is not checked again.
    /// `workspacePath` is the file's path in the workspace, joined to the
    /// root as a string (`URL`'s appending and `path` were a fifth of a
    /// report's time on one core).
    ///
    /// With `spans`, only the pieces of the file that hold them are read
    /// and compared: the array has the file's length, and bytes outside
    /// those pieces are 0. A change outside them goes unnoticed, which
    /// changes nothing shown: what is read is still the text checked.
    /// Without, every piece is.
    public func rereadText(_ workspacePath: String, expecting fingerprint: TextFingerprint,
                           covering spans: [Range<Int>]? = nil) -> [UInt8]? {
        rereadPieces(workspacePath, expecting: fingerprint, covering: spans)?.assembled()
    }

    /// The pieces `rereadText` would put in place: for a report that reads
    /// its files ahead, on all cores, and keeps only what it shows.
    public func rereadPieces(_ workspacePath: String, expecting fingerprint: TextFingerprint,
                             covering spans: [Range<Int>]? = nil) -> TextPieces? {
        let spans = spans ?? [0..<fingerprint.length]
        let descriptor = open(rootPrefix + workspacePath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == fingerprint.length else {
            return nil
        }
        let size = TextFingerprint.pieceSize
        var pieces: [(index: Int, bytes: [UInt8])] = []
        for index in fingerprint.pieces(covering: spans) {
            let start = index * size
            let count = min(start + size, fingerprint.length) - start
            var read = false
            let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                read = Self.readFully(descriptor, into: raw, at: start)
                    && ByteDigest.digest(UnsafeRawBufferPointer(raw)) == fingerprint.pieceHashes[index]
                if !read { raw.initializeMemory(as: UInt8.self, repeating: 0) }
                initialized = count
            }
            guard read else { return nil }
            pieces.append((index, bytes))
        }
        return TextPieces(length: fingerprint.length, pieces: pieces)
    }

    /// Fills `buffer` with the file's bytes from `offset` (`pread`, again
    /// after a short read or an interruption); false when the file ends
    /// first or a read fails.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}

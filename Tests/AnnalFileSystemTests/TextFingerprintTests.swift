@testable import AnnalFileSystem
import Foundation
import Testing

@Suite struct TextFingerprintTests {
    @Test func anyOneByteChangeOrLengthChangeIsSeen() {
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let original = TextFingerprint(bytes)
            #expect(original == TextFingerprint(bytes))
            for position in 0..<length {
                var changed = bytes
                changed[position] ^= 0x20
                #expect(TextFingerprint(changed) != original, "length \(length), byte \(position)")
            }
            #expect(TextFingerprint(bytes + [0]) != original, "a NUL appended to \(length) bytes")
        }
    }

    @Test func aFileReadAgainIsReturnedOnlyWhileItHoldsTheSameText() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-reread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("r.annal")
        let text = Array("relation r {\n  parties = [NATO, KZ]\n}\n".utf8)
        try Data(text).write(to: file)
        let host = FileSystemHost(root: root)
        let fingerprint = TextFingerprint(text)
        #expect(host.rereadText("r.annal", expecting: fingerprint) == text)
        try Data(text.map { $0 == UInt8(ascii: "K") ? UInt8(ascii: "U") : $0 }).write(to: file)  // same length
        #expect(host.rereadText("r.annal", expecting: fingerprint) == nil)
        try FileManager.default.removeItem(at: file)
        #expect(host.rereadText("r.annal", expecting: fingerprint) == nil)
    }

    @Test func thePiecesCoveringSpansAreThoseHoldingTheirBytes() {
        let size = TextFingerprint.pieceSize
        let fingerprint = TextFingerprint([UInt8](repeating: 0x61, count: 3 * size + 10))
        #expect(fingerprint.pieceHashes.count == 4)
        #expect(fingerprint.pieces(covering: []) == [])
        #expect(fingerprint.pieces(covering: [0..<1]) == [0])
        #expect(fingerprint.pieces(covering: [(size - 1)..<(size + 1)]) == [0, 1])
        #expect(fingerprint.pieces(covering: [size..<size, (3 * size)..<(3 * size + 10)]) == [3], "an empty span holds no byte")
        #expect(fingerprint.pieces(covering: [(2 * size)..<(9 * size), 5..<6, 7..<8]) == [0, 2, 3], "clamped, each once, in order")
    }

    /// Read again by pieces: only the pieces holding the spans are read
    /// and compared; the rest of the array is zeros.
    @Test func aFileReadAgainByPiecesHoldsTheTextWhereItWasReadAndIsComparedThereOnly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("annal-reread-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("r.annal")
        let size = TextFingerprint.pieceSize
        let text = (0..<(3 * size + 100)).map { UInt8(0x61 + $0 % 26) }
        try Data(text).write(to: file)
        let host = FileSystemHost(root: root)
        let fingerprint = TextFingerprint(text)
        let read = try #require(host.rereadText("r.annal", expecting: fingerprint, covering: [(size + 10)..<(size + 20)]))
        #expect(read.count == text.count)
        #expect(read[size..<(2 * size)] == text[size..<(2 * size)])
        #expect(read[..<size].allSatisfy { $0 == 0 } && read[(2 * size)...].allSatisfy { $0 == 0 })
        #expect(host.rereadText("r.annal", expecting: fingerprint, covering: [(3 * size)..<(3 * size + 100)])?[(3 * size)...]
            == text[(3 * size)...], "the last, shorter piece")
        // Changed in another piece: unseen; in the piece read: seen.
        var changed = text
        changed[5] = UInt8(ascii: "!")
        try Data(changed).write(to: file)
        #expect(host.rereadText("r.annal", expecting: fingerprint, covering: [(size + 10)..<(size + 20)]) != nil)
        #expect(host.rereadText("r.annal", expecting: fingerprint, covering: [0..<1]) == nil)
        try Data(text + [0x61]).write(to: file)
        #expect(host.rereadText("r.annal", expecting: fingerprint, covering: [0..<1]) == nil, "another length")
    }

    /// A range of the pieces is what the whole text made of them holds
    /// there: the pieces' bytes, zeros between them, clamped to the text.
    @Test func aRangeOfPiecesIsWhatTheAssembledTextHoldsThere() {
        let size = TextFingerprint.pieceSize
        let length = 5 * size + 37
        let text = (0..<length).map { UInt8(0x61 + ($0 * 7) % 26) }
        // Pieces 1, 2 and the last (shorter) one read; 0 and 3 not.
        let pieces = TextPieces(length: length, pieces: [1, 2, 5].map { index in
            (index, Array(text[(index * size)..<min((index + 1) * size, length)]))
        })
        let whole = pieces.assembled()
        var generator = SystemRandomNumberGenerator()
        var ranges: [Range<Int>] = [0..<0, 0..<length, (size - 1)..<(3 * size + 1), (5 * size)..<(length + 50), (length - 1)..<length]
        for _ in 0..<400 {
            let lower = Int.random(in: 0...length, using: &generator)
            ranges.append(lower..<min(length, lower + Int.random(in: 0...(2 * size), using: &generator)))
        }
        for range in ranges {
            let clamped = range.clamped(to: 0..<length)
            #expect(pieces.bytes(in: range) == Array(whole[clamped]), "\(range)")
        }
        #expect(pieces.bytes(in: (length + 1)..<(length + 9)).isEmpty)
    }
}

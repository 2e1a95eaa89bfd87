import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// A source is folded as plainly NFC text, the check made on the way, and
// folded again, normalised, when a scalar refuses it: the folded bytes and
// the map must be those of checking the whole text first.

@Suite("Folding with the NFC check on the way")
struct FoldCheckingNFCTests {
    /// The fold as it was: the whole text checked, then folded.
    private static func foldCheckedFirst(_ bytes: [UInt8]) -> (bytes: [UInt8], pieces: [[UInt32]]) {
        var folder = TextFolder(capacity: bytes.count, recordingMap: true)
        bytes.withUnsafeBufferPointer { folder.fold($0, needsNormalization: !FoldedText.isPlainlyNFC($0)) }
        let (folded, map) = folder.finish()
        return (folded, map.pieceFields)
    }

    /// Plain French pieces (two-byte letters, ’ « » NBSP, spaces, line
    /// breaks, a colon after a space), and pieces with one scalar the check
    /// refuses: a combining mark after a letter, a letter of U+0300…U+07FF
    /// (Cyrillic, Greek), U+2000, a Hangul syllable, an emoji, Å as U+212B.
    static let plain = ["la sécurité", "l’OTAN", " ", "  ", "\n", "\n\n", "« paix »", "\u{A0}:", " ;", "œuvre", "—", "•", "\u{202F}", "12"]
    static let refused = ["e\u{301}", "ж", "α", "\u{2000}", "각", "😀", "\u{212B}", "\u{300}", "ᄀ"]

    @Test func foldingChecksAsCheckingFirstWould() {
        var generator = SplitMix64(seed: 711)
        var normalised = 0
        var plainly = 0
        for round in 0..<3_000 {
            let text = generator.text(pieces: 0...40, usual: Self.plain, rare: Self.refused, rarePercent: 4)
            let bytes = Array(text.utf8)
            let expected = Self.foldCheckedFirst(bytes)
            let (folded, map) = TextFolder.fold(validUTF8: bytes, recordingMap: true)
            #expect(folded == expected.bytes, "round \(round): \(text.debugDescription)")
            #expect(map.pieceFields == expected.pieces, "round \(round): \(text.debugDescription)")
            if bytes.withUnsafeBufferPointer({ FoldedText.isPlainlyNFC($0) }) { plainly += 1 } else { normalised += 1 }
        }
        #expect(plainly > 1_000 && normalised > 1_000)
    }

    @Test func theCheckOfAScalarIsTheCheckOfTheText() {
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = String(Character(scalar))
            let whole = text.withUTF8 { FoldedText.isPlainlyNFCByScalars($0) }
            #expect(FoldedText.isPlainlyNFC(scalar: value) == whole, "U+\(String(value, radix: 16))")
        }
    }
}

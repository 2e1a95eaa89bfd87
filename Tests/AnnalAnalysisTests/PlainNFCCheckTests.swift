import AnnalTestSupport
import Foundation
import Testing
@testable import AnnalAnalysis

// The byte-level NFC shortcut that lets folding skip normalisation: whatever
// it accepts must really be NFC, and French text must take it.

@Suite("Plain NFC check")
struct PlainNFCCheckTests {
    private func isPlainlyNFC(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { FoldedText.isPlainlyNFC($0) }
    }

    @Test func everyAcceptedScalarIsItsOwnNFCAndCombinesWithNothing() {
        var accepted = 0
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            guard isPlainlyNFC(text) else { continue }
            accepted += 1
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value) == [value], "U+\(String(value, radix: 16))")
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(value, radix: 16))")
            #expect(!TextFolding.attachesToPrevious(value), "U+\(String(value, radix: 16))")
        }
        // Everything below U+0300 and U+2002…U+207F.
        #expect(accepted == 0x300 + 0x7E)
    }

    /// Long texts, so that the eight-bytes-at-a-time path meets accents,
    /// general punctuation and scalars it must refuse at every offset.
    @Test func longTextsAreJudgedScalarByScalar() {
        var generator = SplitMix64(seed: 2002)
        let pieces = ["la sécurité ", "l’OTAN ", "plain text ", "\u{202F}", "œ", "e\u{301}", "\u{2000}", "각", "😀", "\u{212B}"]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let index = Int.random(in: 0..<100, using: &generator) < 90
                    ? Int.random(in: 0..<5, using: &generator) : Int.random(in: 5..<pieces.count, using: &generator)
                text += pieces[index]
            }
            let expected = text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x2002...0x207F).contains($0.value) }
            #expect(isPlainlyNFC(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test("French text takes the shortcut", arguments: [
        "", "PfP", "l’OTAN « Partenariat pour la paix » — depuis 1994 ; 12\u{202F}ans\u{A0}: “oui”",
        "Ouzbékistan, Kazakhstan, Kirghizstan, Tadjikistan, Turkménistan\r\n\tœuvre, cœur, ça",
    ])
    func frenchTextIsPlain(_ text: String) {
        #expect(isPlainlyNFC(text))
    }

    @Test("text that may need composing does not", arguments: [
        "e\u{301}", "se\u{301}curite\u{301}", "\u{212B}", "\u{2000}", "\u{2001}", "각", "\u{1100}\u{1161}", "😀", "x\u{2126}",
    ])
    func otherTextIsNotPlain(_ text: String) {
        #expect(!isPlainlyNFC(text))
    }
}

// Sources are checked sixteen bytes at a time: the same answer as a scalar
// at a time, wherever the scalars fall against the blocks.
@Suite("Plain NFC check by blocks")
struct PlainNFCBlockTests {
    /// Accepted pieces, and pieces that hold one refused scalar: each of
    /// the byte patterns the blocks tell apart (CC…DF leads, other three-
    /// and four-byte leads, E2 then a byte other than 80 and 81, E2 80
    /// then 80 or 81).
    static let accepted = ["la sécurité ", "l’OTAN ", "plain ", "\u{202F}", "œ", "\u{2070}", "\u{207F}", "\u{2002}", "ʼ", "«"]
    static let refused = ["e\u{301}", "\u{2000}", "\u{2001}", "\u{2080}", "\u{20AC}", "각", "😀", "\u{212B}", "ж", "\u{1E9E}"]

    @Test func blocksSayWhatScalarsSay() {
        var generator = SplitMix64(seed: 1616)
        var plain = 0
        var notPlain = 0
        for round in 0..<4_000 {
            let text = generator.text(pieces: 1...30, usual: Self.accepted, rare: Self.refused, rarePercent: 3)
            let bytes = Array(text.utf8)
            guard bytes.count >= 18 else { continue }
            let expected = bytes.withUnsafeBufferPointer { FoldedText.isPlainlyNFCByScalars($0) }
            #expect(bytes.withUnsafeBufferPointer { FoldedText.isPlainlyNFCByBlocks($0) } == expected,
                    "round \(round): \(text.debugDescription)")
            if expected { plain += 1 } else { notPlain += 1 }
        }
        #expect(plain > 1_000 && notPlain > 1_000)
    }

    @Test func oneRefusedScalarIsFoundAtEveryOffset() {
        let prose = Array("Le Kazakhstan a rejoint le Partenariat pour la paix ; l’Ouzbékistan aussi, à 12\u{202F}h. ".utf8)
        for piece in Self.refused {
            for offset in 0...prose.count {
                // Put only between scalars.
                guard offset == prose.count || prose[offset] & 0xC0 != 0x80 else { continue }
                let bytes = Array(prose[..<offset]) + Array(piece.utf8) + Array(prose[offset...])
                #expect(!bytes.withUnsafeBufferPointer { FoldedText.isPlainlyNFCByBlocks($0) }, "\(piece.debugDescription) at \(offset)")
            }
        }
        #expect(prose.withUnsafeBufferPointer { FoldedText.isPlainlyNFCByBlocks($0) })
    }
}

import AnnalAnalysis
import Foundation
import Testing

/// Folding normalises with the standard library's NFC (so the executable
/// does not link Foundation's ICU). These tests hold it to Foundation's NFC,
/// the reference it replaced, on every Unicode scalar.
@Suite struct NormalisationTests {
    @Test func theStandardLibrarysNFCAgreesWithFoundationsOnEveryScalar() {
        var disagreements: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if text._nfcCodeUnits != Array(text.precomposedStringWithCanonicalMapping.utf8) {
                disagreements.append(String(value, radix: 16, uppercase: true))
            }
        }
        #expect(disagreements.isEmpty, "U+\(disagreements.prefix(10).joined(separator: ", U+"))")
    }

    @Test func foldingAScalarEqualsFoldingItsNFC() {
        // Only scalars NFC changes (singletons, compatibility-free
        // compositions, Hangul): the others fold as themselves.
        var checked = 0
        var mismatches: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            let normalised = text.precomposedStringWithCanonicalMapping
            guard normalised.unicodeScalars.elementsEqual(text.unicodeScalars) == false else { continue }
            checked += 1
            if TextFolding.foldedBytes(of: text) != TextFolding.foldedBytes(of: normalised) {
                mismatches.append(String(value, radix: 16, uppercase: true))
            }
        }
        #expect(checked > 1_000)
        #expect(mismatches.isEmpty, "U+\(mismatches.prefix(10).joined(separator: ", U+"))")
    }

    @Test func combiningSequencesFoldAsTheirNFC() {
        let marks: [Unicode.Scalar] = ["\u{301}", "\u{300}", "\u{302}", "\u{308}", "\u{327}", "\u{323}", "\u{31B}", "\u{30C}", "\u{334}"]
        var mismatches: [String] = []
        for base in ["a", "e", "o", "u", "c", "A", "E", "ơ", "ệ", "\u{1100}\u{1161}", "ñ"] {
            for first in marks {
                for second in marks {
                    var text = base
                    text.unicodeScalars.append(first)
                    text.unicodeScalars.append(second)
                    let normalised = text.precomposedStringWithCanonicalMapping
                    if TextFolding.foldedBytes(of: text) != TextFolding.foldedBytes(of: normalised) {
                        mismatches.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}

@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

/// The similarity shown with a closest passage: 1 − the Levenshtein
/// distance (on scalars) / the longer length, held to a plain reference.
@Suite struct PassageSimilarityTests {
    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }

    @Test func similarityIsOneMinusTheEditDistanceOverTheLongerLength() {
        var generator = SplitMix64(seed: 5)
        let pieces = ["l’OTAN", "PfP", "paix", "é", "e\u{301}", "😀", " ", "a", "b", "œuvre", "—", "s", "t"]
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let b = (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(b.utf8)
            let measured = PassageSearch.similarity(quote: Array(a.utf8), passage: bytes, range: 0..<bytes.count)
            let scalarsA = Array(a.unicodeScalars), scalarsB = Array(b.unicodeScalars)
            let expected = 1 - Double(Self.levenshtein(scalarsA, scalarsB)) / Double(max(scalarsA.count, scalarsB.count))
            #expect(measured == expected, "\(a.debugDescription) / \(b.debugDescription)")
        }
    }
}

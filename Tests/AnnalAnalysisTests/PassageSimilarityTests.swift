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

    /// The bit-parallel distance against the plain matrix, across block
    /// boundaries (63, 64, 65, 128, 129 rows) and up to the longest quote
    /// refined, on small alphabets (many matches) and mixed scalars.
    @Test func bitParallelDistanceIsTheLevenshteinDistance() {
        var generator = SplitMix64(seed: 0xB17)
        let lengths = [1, 2, 63, 64, 65, 127, 128, 129, 200, 600]
        for round in 0..<400 {
            let alphabet = 2 + Int(generator.next() % 6)
            func scalars(_ count: Int) -> [Unicode.Scalar] {
                (0..<count).map { _ in
                    let pick = Int(generator.next() % UInt64(alphabet))
                    // Mostly ASCII letters; some accented and astral ones.
                    return ["a", "b", "é", "😀", "c", "\u{301}", "d", "’"][pick].unicodeScalars.first!
                }
            }
            let a = scalars(round < 100 ? lengths[round % lengths.count] : 1 + Int(generator.next() % 300))
            let b = scalars(round % 7 == 0 ? a.count : 1 + Int(generator.next() % 400))
            let measured = BitParallelDistance.distance(a.map(\.value), b.map(\.value))
            #expect(measured == Self.levenshtein(a, b), "round \(round): \(a.count) by \(b.count)")
        }
        #expect(BitParallelDistance.distance([], [1, 2]) == 2 && BitParallelDistance.distance([1, 2, 3], []) == 3)
    }

    static func commonSubsequenceLength(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for i in a.indices {
            var current = [Int](repeating: 0, count: b.count + 1)
            for j in b.indices {
                current[j + 1] = a[i] == b[j] ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The bit-parallel common-subsequence length against the plain
    /// matrix, across block boundaries (the carry from block to block).
    @Test func bitParallelCommonSubsequenceIsThePlainOne() {
        var generator = SplitMix64(seed: 0x1C5)
        let lengths = [1, 2, 63, 64, 65, 127, 128, 129, 200, 600]
        let pool: [UInt32] = [0x61, 0x62, 0xE9, 0x1F600, 0x63, 0x301, 0x64, 0x2019]
        for round in 0..<400 {
            let alphabet = 2 + Int(generator.next() % 6)
            func scalars(_ count: Int) -> [UInt32] { (0..<count).map { _ in pool[Int(generator.next() % UInt64(alphabet))] } }
            let a = scalars(round < 100 ? lengths[round % lengths.count] : 1 + Int(generator.next() % 300))
            let b = scalars(round % 7 == 0 ? a.count : 1 + Int(generator.next() % 400))
            #expect(BitParallelLCS.length(a, b) == Self.commonSubsequenceLength(a, b), "round \(round): \(a.count) by \(b.count)")
        }
        #expect(BitParallelLCS.length([], [1, 2]) == 0 && BitParallelLCS.length([1, 2, 3], []) == 0)
    }
}

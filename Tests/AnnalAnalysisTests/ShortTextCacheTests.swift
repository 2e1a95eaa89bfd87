@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

/// The lowering's cache of short texts gives back exactly the text of the
/// bytes asked for, whatever was asked before.
@Suite struct ShortTextCacheTests {
    @Test func everyTextIsItsBytesThroughCollisionsAndLengths() {
        var cache = ShortTextCache()
        var random = SplitMix64(seed: 26)
        // More texts than slots, of every length from 1 to 20 (over 15
        // they are not cached), from a small alphabet with NUL, so that
        // slots are shared and texts differ by a byte or by their length.
        let alphabet: [UInt8] = [0, 0x41, 0x42, 0x2D, 0x31]
        let texts = (0..<1_500).map { _ -> [UInt8] in
            let length = 1 + Int(random.next() % 20)
            return (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        }
        var made = 0
        for _ in 0..<3 {
            for bytes in texts {
                let text = bytes.withUnsafeBufferPointer { buffer in
                    cache.text(buffer) {
                        made += 1
                        return String(decoding: bytes, as: UTF8.self)
                    }
                }
                #expect(Array(text.utf8) == bytes)
            }
        }
        // Found again at least now and then (a cache that never answers
        // would pass the check above).
        #expect(made < 3 * texts.count)
    }

    @Test func aTextAndItsExtensionByNULAreTwo() {
        var cache = ShortTextCache()
        let short: [UInt8] = [0x41, 0x42]
        let longer: [UInt8] = [0x41, 0x42, 0]
        for bytes in [short, longer, short, longer] {
            let text = bytes.withUnsafeBufferPointer { cache.text($0) { String(decoding: bytes, as: UTF8.self) } }
            #expect(Array(text.utf8) == bytes)
        }
    }

    @Test func textsAlikeInTheirFirstEightBytesAreTold() {
        var cache = ShortTextCache()
        // 400 texts of 12 bytes that share their first eight: more than
        // the slots, so some share a slot with the same first word.
        let texts = (0..<400).map { n -> [UInt8] in
            Array("nato-kz-".utf8) + Array(String(1000 + n).utf8)
        }
        for _ in 0..<2 {
            for bytes in texts {
                let text = bytes.withUnsafeBufferPointer { cache.text($0) { String(decoding: bytes, as: UTF8.self) } }
                #expect(Array(text.utf8) == bytes)
            }
        }
    }
}

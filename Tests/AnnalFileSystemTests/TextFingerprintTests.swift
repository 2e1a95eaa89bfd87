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
}

@testable import AnnalAnalysis
import AnnalTestSupport
import Testing

@Suite struct NameTableTests {
    static func storage(_ name: String) -> UnsafeRawPointer? {
        var copy = name
        return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func everyNameIsSpeltByItsBytesAndRepeatsShareOneBuffer() {
        var table = NameTable()
        var random = SplitMix64(seed: 7)
        // Ids of 14 to 20 bytes that differ in one byte only: same length,
        // same prefix, so a comparison that stops early would mix them up.
        let ids = (0..<400).map { n -> String in
            let length = 14 + Int(random.next() % 7)
            return "src-otan-" + String(repeating: "x", count: length - 13) + fourDigits(n)
        }
        var first: [String: UnsafeRawPointer?] = [:]
        for round in 0..<3 {
            for id in ids {
                let bytes = Array(id.utf8)
                let name = table.name(bytes[...])
                #expect(name == id)
                guard id.utf8.count > 15 else { continue }
                if round == 0 {
                    first[id] = Self.storage(name)
                } else {
                    #expect(Self.storage(name) == first[id], "\(id) was made again instead of shared")
                }
            }
        }
    }
}

/// `n` as four digits.
private func fourDigits(_ n: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

@Suite struct NameHashTests {
    /// The hash reads every byte: names of 16 to 40 bytes that differ in
    /// one byte, wherever it is, hash differently (a hash that skipped a
    /// word, or read past the last whole one, would not).
    @Test func everyByteOfANameCountsInItsHash() {
        for length in 16...40 {
            let name = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            let hash = name.withUnsafeBufferPointer(NameTable.hash)
            #expect(hash & 1 == 1)
            for position in 0..<length {
                var other = name
                other[position] = UInt8(ascii: "0")
                #expect(other.withUnsafeBufferPointer(NameTable.hash) != hash, "length \(length), byte \(position)")
            }
        }
    }
}

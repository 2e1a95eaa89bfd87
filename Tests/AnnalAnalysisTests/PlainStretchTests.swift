import AnnalTestSupport
import Testing
@testable import AnnalAnalysis

// Text that needs no normalisation is folded a plain stretch at a time:
// bytes that fold to themselves are copied in one go. These tests hold
// that fast path to the rule it implements and to the slow path (every
// scalar a unit of its own), which must give the same result.

@Suite("Plain stretches of folding")
struct PlainStretchTests {
    /// Pieces of NFC text: plain words, every kind of space, French
    /// punctuation with and without its space, two-byte letters, curly
    /// quotes and guillemets, a line break.
    static let parts = [
        "la", "paix", "Partenariat", "2004", "é", "ç", "’", "'", " ", " ", " ", "  ", "\u{A0}", "\u{202F}",
        " :", ":", " ;", " !", "!", " ?", "?", "« ", " »", ",", ".", "-", "—", "\n", "\t", "(PfP)",
        "\u{2019}", "ʼ", "~", "\u{7F}", "\u{80}",
    ]

    static func randomText(_ generator: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...60, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined()
    }

    /// `plainStretchEnd` as its documentation states it, one byte at a
    /// time: printable ASCII other than space, two-byte scalars of
    /// `plainByteLength`, and single spaces between two of those (not at
    /// the start, not before : ; ! ?); never ending on a space.
    static func referenceStretchEnd(_ bytes: [UInt8], from start: Int) -> Int {
        func length(_ byte: UInt8) -> Int {
            switch byte {
            case 0x21...0x7E: 1
            case 0xC3...0xC9, 0xCB...0xDF: 2
            default: 0
            }
        }
        var i = start
        while i < bytes.count {
            let step = length(bytes[i])
            if step == 1 {
                i += 1
            } else if step == 2 {
                guard i + 1 < bytes.count, bytes[i + 1] & 0xC0 == 0x80 else { break }
                i += 2
            } else {
                guard bytes[i] == 0x20, i > start, i + 1 < bytes.count, length(bytes[i + 1]) != 0,
                      ![0x3A, 0x3B, 0x21, 0x3F].contains(bytes[i + 1]) else { break }
                i += 1
            }
        }
        if i > start && bytes[i - 1] == 0x20 { i -= 1 }
        return i
    }

    /// The plain two-byte leads, compared rather than looked up, are
    /// those of `plainByteLength` (below U+0300: up to 0xCB), every byte.
    @Test func plainLeadsAreThoseOfTheTable() {
        for byte in UInt8.min...UInt8.max {
            let inTable = TextFolder.plainByteLength[Int(byte)] == 2
            #expect(TextFolder.isPlainLead(byte, belowMarks: false) == inTable, "\(byte)")
            #expect(TextFolder.isPlainLead(byte, belowMarks: true) == (inTable && byte <= 0xCB), "\(byte), below marks")
        }
    }

    @Test func aStretchEndsWhereTheByteRuleEndsIt() {
        var generator = SplitMix64(seed: 2612)
        var longStretches = 0
        for _ in 0..<3000 {
            let bytes = Array(Self.randomText(&generator).utf8)
            for start in 0...bytes.count {
                let expected = Self.referenceStretchEnd(bytes, from: start)
                let end = bytes.withUnsafeBufferPointer { TextFolder.plainStretchEnd($0, from: start) }
                #expect(end == expected, "\(bytes) from \(start)")
                if expected - start >= 16 { longStretches += 1 }
            }
        }
        // Long stretches were tried, not only short ones.
        #expect(longStretches > 2_000)
    }

    /// The fold's own stretches take a single line feed between plain
    /// characters as a space would be taken, and the copy made on the way
    /// is the stretch with its line feeds made spaces.
    @Test func theFoldsStretchesTakeSingleLineFeedsAsSpaces() {
        var generator = SplitMix64(seed: 1949)
        var stretchesWithLineFeeds = 0
        for _ in 0..<3000 {
            let bytes = Array(Self.randomText(&generator).utf8)
            let spaced = bytes.map { $0 == 0x0A ? UInt8(0x20) : $0 }
            for start in 0...bytes.count {
                let expected = Self.referenceStretchEnd(spaced, from: start)
                var copy = [UInt8](repeating: 0, count: bytes.count + 16)
                let end = bytes.withUnsafeBufferPointer { text in
                    copy.withUnsafeMutableBufferPointer {
                        TextFolder.scanPlainStretch(text, from: start, lineFeedsAsSpaces: true, copyingTo: $0.baseAddress!)
                    }
                }
                #expect(end == expected, "\(bytes) from \(start)")
                guard end == expected else { continue }
                #expect(copy[0..<(end - start)] == spaced[start..<end], "\(bytes) from \(start)")
                if bytes[start..<end].contains(0x0A) { stretchesWithLineFeeds += 1 }
            }
        }
        #expect(stretchesWithLineFeeds > 1_000)
    }

    @Test func everyShortRunOfTheBytesThatMatterIsJudgedByTheRule() {
        // Runs made of the bytes the rule tells apart, in any order: a
        // stretch starting just before them ends where the rule says.
        let alphabet: [UInt8] = [0x20, 0x3A, 0x3B, 0x21, 0x3F, 0x61, 0x7E, 0x7F, 0x1F, 0x09, 0xC3, 0xA9, 0x22, 0x41]
        var generator = SplitMix64(seed: 8)
        for _ in 0..<50_000 {
            let bytes = [0x61] + (0..<9).map { _ in alphabet.randomElement(using: &generator)! }
            let end = bytes.withUnsafeBufferPointer { TextFolder.plainStretchEnd($0, from: 0) }
            #expect(end == Self.referenceStretchEnd(bytes, from: 0), "\(bytes)")
        }
    }

    @Test func theFastPathFoldsAsTheSegmentPath() {
        var generator = SplitMix64(seed: 1994)
        for _ in 0..<3000 {
            let bytes = Array(Self.randomText(&generator).utf8)
            let fast = Self.fold(bytes, segmentBySegment: false)
            let slow = Self.fold(bytes, segmentBySegment: true)
            #expect(fast.bytes == slow.bytes, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(fast.units == slow.units, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }

    /// The folded bytes and, for each, the original unit it maps to.
    static func fold(_ bytes: [UInt8], segmentBySegment: Bool) -> (bytes: [UInt8], units: [Range<Int>]) {
        var folder = TextFolder(capacity: bytes.count, recordingMap: true)
        bytes.withUnsafeBufferPointer { folder.fold($0, needsNormalization: segmentBySegment) }
        let (folded, map) = folder.finish()
        let units = folded.withUnsafeBufferPointer { buffer in
            (0..<folded.count).map { map.originalStart(ofFolded: $0, in: buffer)..<map.originalEnd(ofFolded: $0, in: buffer) }
        }
        return (folded, units)
    }
}

// A quote that folds to itself is searched in its own bytes. One scan
// decides it (a plain stretch whose two-byte letters are below U+0300);
// it must say what the two checks it replaced said.
@Suite("Quotes that fold to themselves")
struct FoldsToItselfTests {
    /// Parts that fold to themselves, and others: the plain stretches'
    /// parts, and letters of U+0300 and above (combining marks, Greek,
    /// Cyrillic: leads CC…DF), U+0280…U+02BF and U+0080…U+00BF.
    static let plain = ["la paix", "é", "ç", "Ouzbékistan", " ", "(PfP)", "2004", "ǅ", "ɐ", "-"]
    static let others = PlainStretchTests.parts + ["e\u{301}", "\u{300}", "α", "ж", "ʼ", "«", "\u{2019}"]

    @Test func oneScanSaysWhatThePlainStretchAndTheNFCCheckSaid() {
        var generator = SplitMix64(seed: 300)
        var itself = 0
        var not = 0
        for round in 0..<4000 {
            // Mostly plain parts, now and then another.
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in
                Int.random(in: 0..<100, using: &generator) < 95
                    ? Self.plain.randomElement(using: &generator)! : Self.others.randomElement(using: &generator)!
            }.joined()
            var bytes = Array(text.utf8)
            let expected = bytes.withUnsafeBufferPointer {
                FoldedText.isPlainlyNFC($0) && TextFolder.plainStretchEnd($0, from: 0) == $0.count
            }
            let actual = bytes.withUnsafeMutableBufferPointer { TextFolder.foldsToItself(UnsafeBufferPointer($0)) }
            #expect(actual == expected, "round \(round): \(text.debugDescription)")
            if expected { itself += 1 } else { not += 1 }
        }
        // Both answers, many times; the long texts cross the sixteen-byte blocks.
        #expect(itself > 500 && not > 1000)
    }
}

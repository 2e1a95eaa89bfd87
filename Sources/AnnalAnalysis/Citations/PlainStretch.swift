// Plain stretches, sixteen bytes at a time.
//
// Most of a French source folds to itself: letters, digits and ASCII
// punctuation, two-byte accented letters, single spaces between them, and,
// where the source breaks its lines, a single line feed that folds to a
// space. Such a stretch is found (and, when folding, copied) by judging
// sixteen bytes at once: every lane of a block is tested against the byte
// rule of `TextFolder.plainStretchEnd`, with the next byte (a space must be
// followed by a plain character other than : ; ! ?) and the previous one (a
// continuation byte must follow a two-byte lead) read as two more
// unaligned blocks. The block's first failing lane ends the stretch.
//
// The lanes are compared as signed bytes, and only vector against vector:
// a comparison with a scalar, or of unsigned lanes, was compiled one lane at
// a time (about forty times slower). Bytes of 0x80 and above are negative:
// `> 32` alone keeps them out of the printable range.

extension TextFolder {
    /// Sixteen bytes as signed lanes.
    typealias ByteLanes = SIMD16<Int8>
    typealias LaneMask = SIMDMask<SIMD16<Int8>>

    @inline(__always)
    private static func splat(_ value: Int8) -> ByteLanes { ByteLanes(repeating: value) }

    @inline(__always)
    private static func lanes(at pointer: UnsafePointer<UInt8>) -> ByteLanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: ByteLanes.self)
    }

    /// Printable ASCII other than space: 0x21…0x7E.
    @inline(__always)
    private static func printable(_ x: ByteLanes) -> LaneMask {
        (x .> splat(0x20)) .& (x .!= splat(0x7F))
    }

    /// The two-byte leads of `plainByteLength`: 0xC3…0xC9 and 0xCB…0xDF
    /// (−61…−55 and −53…−33 as signed bytes).
    @inline(__always)
    private static func twoByteLeads(_ x: ByteLanes) -> LaneMask {
        (x .> splat(-62)) .& (x .< splat(-32)) .& (x .!= splat(-54))
    }

    /// The two-byte leads of scalars below U+0300 among them: 0xC3…0xC9
    /// and 0xCB (−61…−55 and −53): no combining mark.
    @inline(__always)
    private static func twoByteLeadsBelowMarks(_ x: ByteLanes) -> LaneMask {
        (x .> splat(-62)) .& (x .< splat(-52)) .& (x .!= splat(-54))
    }

    /// Continuation bytes: 0x80…0xBF (−128…−65).
    @inline(__always)
    private static func continuations(_ x: ByteLanes) -> LaneMask {
        x .< splat(-64)
    }

    /// How many lanes of `mask`, from the first, are set.
    @inline(__always)
    private static func leadingSetLanes(_ mask: LaneMask) -> Int {
        let words = unsafeBitCast(mask, to: (UInt64, UInt64).self)
        if words.0 != .max { return (~words.0).trailingZeroBitCount / 8 }
        if words.1 != .max { return 8 + (~words.1).trailingZeroBitCount / 8 }
        return 16
    }

    /// Whether a stretch can start at `start`: its first character is plain
    /// (a space or a line feed never starts one). `belowMarks`: see
    /// `scanPlainStretch`.
    @inline(__always)
    static func startsPlainStretch(_ text: UnsafeBufferPointer<UInt8>, at start: Int, belowMarks: Bool = false) -> Bool {
        let byte = text[start]
        if byte &- 0x21 < 0x5E { return true }
        return isPlainLead(byte, belowMarks: belowMarks) && start + 1 < text.count && text[start + 1] & 0xC0 == 0x80
    }

    /// Whether `byte` is the lead of a plain two-byte letter (below U+0300
    /// with `belowMarks`).
    @inline(__always)
    static func isPlainLead(_ byte: UInt8, belowMarks: Bool) -> Bool {
        // `plainByteLength[byte] == 2`, compared rather than looked up:
        // the table is a global, and each read of it checked that it was
        // made (a call a stretch, 118,000 at mb5).
        byte &- 0xC3 <= (belowMarks ? 0xCB - 0xC3 : 0xDF - 0xC3) && byte != 0xCA
    }

    /// The end of the plain stretch that starts at `start` (see
    /// `plainStretchEnd`); with `lineFeedsAsSpaces`, a single line feed
    /// between two plain characters belongs to it as a space would. With
    /// `output`, the stretch is copied there as it folds (line feeds made
    /// spaces); up to 16 bytes past its end may be written. With
    /// `belowMarks`, a two-byte letter is plain only below U+0300 (leads
    /// C3…C9 and CB): then a stretch is also plainly NFC, no scalar of it
    /// being a mark or having a decomposition (`FoldedText.isPlainlyNFC`).
    @inline(__always)
    static func scanPlainStretch(_ text: UnsafeBufferPointer<UInt8>, from start: Int, lineFeedsAsSpaces: Bool,
                                 belowMarks: Bool = false, copyingTo output: UnsafeMutablePointer<UInt8>?) -> Int {
        let n = text.count
        guard start < n, let base = text.baseAddress, startsPlainStretch(text, at: start, belowMarks: belowMarks)
        else { return start }
        @inline(__always) func leads(_ x: ByteLanes) -> LaneMask {
            belowMarks ? twoByteLeadsBelowMarks(x) : twoByteLeads(x)
        }
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || (lineFeedsAsSpaces && byte == 0x0A)
        }
        // The first character alone: from the next byte on, a lane's
        // previous byte belongs to the stretch.
        var i = start + (text[start] < 0x80 ? 1 : 2)
        if let output {
            output[0] = text[start]
            if i - start == 2 { output[1] = text[start + 1] }
        }
        while i &+ 17 <= n {
            let current = lanes(at: base + i)
            let next = lanes(at: base + i + 1)
            let previous = lanes(at: base + i - 1)
            var white = current .== splat(0x20)
            let lineFeeds = current .== splat(0x0A)
            if lineFeedsAsSpaces { white = white .| lineFeeds }
            let nextIsPunctuation = (next .== splat(0x3A)) .| (next .== splat(0x3B)) .| (next .== splat(0x21))
                .| (next .== splat(0x3F))
            let nextStartsPlain = printable(next) .| leads(next)
            let singleSpace = white .& nextStartsPlain .& .!nextIsPunctuation
            let lead = leads(current) .& continuations(next)
            let trail = continuations(current) .& leads(previous)
            let plain = printable(current) .| singleSpace .| lead .| trail
            if let output {
                var folded = current
                if lineFeedsAsSpaces {
                    // 0x0A + 0x16 = 0x20: a line feed made a space.
                    folded &+= unsafeBitCast(lineFeeds, to: ByteLanes.self) & splat(0x16)
                }
                UnsafeMutableRawPointer(output + (i - start)).storeBytes(of: folded, as: ByteLanes.self)
            }
            let taken = leadingSetLanes(plain)
            i &+= taken
            if taken < 16 { return endNotOnASpace(i) }
        }
        // The last bytes one at a time, by the same rule (`i` > `start`).
        while i < n {
            let byte = text[i]
            let length: Int
            if byte &- 0x21 < 0x5E {
                length = 1
            } else if byte & 0xC0 == 0x80 && isPlainLead(text[i - 1], belowMarks: belowMarks) {
                length = 1  // the second byte of a letter whose first ended the last block
            } else if isPlainLead(byte, belowMarks: belowMarks) {
                guard i + 1 < n, text[i + 1] & 0xC0 == 0x80 else { break }
                length = 2
            } else {
                guard isSpace(byte), i + 1 < n else { break }
                let next = text[i + 1]
                guard next &- 0x21 < 0x5E || isPlainLead(next, belowMarks: belowMarks),
                      next != 0x3A, next != 0x3B, next != 0x21, next != 0x3F else { break }
                length = 1
            }
            if let output {
                output[i - start] = byte == 0x0A ? 0x20 : byte
                if length == 2 { output[i - start + 1] = text[i + 1] }
            }
            i += length
        }
        return endNotOnASpace(i)

        // Never end on a space (possible only before malformed UTF-8).
        @inline(__always) func endNotOnASpace(_ end: Int) -> Int {
            end > start && isSpace(text[end - 1]) ? end - 1 : end
        }
    }
}

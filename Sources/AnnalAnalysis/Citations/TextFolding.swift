import AnnalBytes
import AnnalSyntax

// The folding that changes no meaning, used to compare a `cite` quote with the
// text of its source (see docs: format, "Citations and go-to-source"):
//
// 1. Unicode NFC, computed one short segment at a time (a starter and the
//    marks that follow it), never on a whole document, with the standard
//    library's normaliser (`String._nfcCodeUnits`, the one String comparison
//    uses; Foundation's would link ICU into the executable).
// 2. Apostrophes ’ ‘ ʼ ′ → ', quotes « » “ ” „ → ", dashes – — ‑ → -.
// 3. Every run of Unicode white space (space, tab, CR, LF, NBSP, narrow NBSP,
//    thin space, …) → one space; leading and trailing white space is dropped.
// 4. French spacing is optional: white space just after « , just before »
//    and just before : ; ! ? is dropped (decided before « » become ").
//
// Case, ligatures (œ), accents and every other character are kept.
// The same folding is applied to the source and to the quote.

/// A text and its folded copy, with a map from every folded byte back to the
/// original UTF-8 bytes. Build it once per version of a source and reuse it
/// for every quote searched in it (a quote needs only its folded bytes:
/// `TextFolding.foldedBytes(of:)`).
public struct FoldedText: Sendable {
    /// The text as given, as UTF-8 bytes (valid UTF-8).
    public let originalBytes: [UInt8]
    /// The folded text, as UTF-8 bytes (always valid UTF-8).
    public let folded: [UInt8]
    /// For every folded byte, the original unit (character, white space
    /// run or normalised segment) it comes from.
    private let map: FoldMap
    /// Where quotes may start (`SampledGramIndex`); nil for a text too
    /// short or too repetitive to index.
    let gramIndex: SampledGramIndex?

    /// Folds `text`. Linear in the length of the text. Offsets are stored on
    /// 32 bits: texts of 4 GiB or more are not supported (sources are far
    /// smaller; the workspace rejects large files long before).
    public init(_ text: String) {
        originalBytes = Array(text.utf8)
        (folded, map) = TextFolder.fold(text, recordingMap: true)
        gramIndex = SampledGramIndex(folded)
    }

    /// Folds a text given as UTF-8 bytes that were validated already (a
    /// source read from disk: making it a `String` would validate it again,
    /// at about nine instructions a byte).
    public init(validUTF8 bytes: [UInt8]) {
        originalBytes = bytes
        (folded, map) = TextFolder.fold(validUTF8: bytes, recordingMap: true)
        gramIndex = SampledGramIndex(folded)
    }

    /// The text as given.
    public var original: String { String(decoding: originalBytes, as: UTF8.self) }

    /// The number of pieces of the map (for tests and measurements).
    var mapPieceCount: Int { map.pieceCount }

    /// The number of folded bytes.
    public var count: Int { folded.count }

    /// The folded text as a string (for messages and tests).
    public var foldedString: String { String(decoding: folded, as: UTF8.self) }

    /// The original UTF-8 offset where the unit that produced folded byte
    /// `index` starts. `index` must be in `0..<count`.
    public func originalStart(ofFolded index: Int) -> Int {
        folded.withUnsafeBufferPointer { map.originalStart(ofFolded: index, in: $0) }
    }

    /// The original UTF-8 offset just after the unit that produced folded
    /// byte `index`. `index` must be in `0..<count`.
    public func originalEnd(ofFolded index: Int) -> Int {
        folded.withUnsafeBufferPointer { map.originalEnd(ofFolded: index, in: $0) }
    }

    /// The original UTF-8 byte range covered by a non-empty range of folded
    /// bytes: from the first byte of its first character to just after its
    /// last character. An empty range maps to an empty range at the start of
    /// the unit it sits before (or at the end of the text).
    public func originalRange(ofFolded range: Range<Int>) -> Range<Int> {
        let lower = max(0, min(range.lowerBound, count))
        let upper = max(lower, min(range.upperBound, count))
        if lower == upper {
            let offset = lower < count ? originalStart(ofFolded: lower) : (count > 0 ? originalEnd(ofFolded: count - 1) : 0)
            return offset..<offset
        }
        return originalStart(ofFolded: lower)..<originalEnd(ofFolded: upper - 1)
    }

    /// `originalRange(ofFolded:)` of a non-empty `range` that starts and
    /// ends on unit boundaries (the unit of its first folded byte starts
    /// there, the unit of its last ends there); nil when it cuts a unit (a
    /// character, a white space run or a normalised segment). Four
    /// look-ups where asking the three questions apart takes six (a quote
    /// found makes all three).
    func originalRange(ofWholeUnits range: Range<Int>) -> Range<Int>? {
        let lower = range.lowerBound
        let upper = range.upperBound
        guard lower >= 0, lower < upper, upper <= count else { return nil }
        // One binary search for the first piece; the others are a few
        // pieces on (four searches were a third of finding a quote).
        return folded.withUnsafeBufferPointer { text -> Range<Int>? in
            let before = map.piece(holding: max(lower - 1, 0))
            let first = map.piece(holding: lower, from: before)
            let start = map.originalStart(ofFolded: lower, piece: first, in: text)
            if lower > 0 && map.originalStart(ofFolded: lower - 1, piece: before, in: text) == start { return nil }
            let last = map.piece(holding: upper - 1, from: first)
            let end = map.originalEnd(ofFolded: upper - 1, piece: last, in: text)
            if upper < count && map.originalEnd(ofFolded: upper, piece: map.piece(holding: upper, from: last), in: text) == end {
                return nil
            }
            return start..<end
        }
    }

    /// `true` when every scalar of the UTF-8 `bytes` is below U+0300 or in
    /// U+2002…U+207F (general punctuation: ’ “ ” – — and the thin and
    /// narrow spaces): such scalars have no canonical decomposition, combine
    /// with nothing and have combining class 0, so the text is NFC. French
    /// text almost always passes; a few bytes per byte instead of the
    /// standard library's table lookups per scalar. `false` means "look
    /// closer", not "not NFC".
    static func isPlainlyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // A source is checked whole before it is folded: sixteen bytes at a
        // time (`PlainNFCBlocks.swift`), past a handful.
        if bytes.count >= 18 { return isPlainlyNFCByBlocks(bytes) }
        return isPlainlyNFCByScalars(bytes)
    }

    /// Whether `isPlainlyNFC` accepts the scalar `value` (one it accepts
    /// is NFC whatever surrounds it, and no scalar it accepts attaches to
    /// another): below U+0300, or U+2002…U+207F.
    @inline(__always)
    static func isPlainlyNFC(scalar value: UInt32) -> Bool {
        value < 0x300 || value &- 0x2002 <= 0x207F - 0x2002
    }

    /// `isPlainlyNFC` a scalar at a time.
    static func isPlainlyNFCByScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            i = UTF8Validation.firstNonASCII(bytes, from: i)
            guard i < n else { break }
            let lead = bytes[i]
            if lead >= 0xC2 && lead <= 0xCB {
                i += 2  // U+0080…U+02FF
            } else if lead == 0xE2, i + 2 < n,
                      (bytes[i + 1] == 0x80 && bytes[i + 2] >= 0x82) || bytes[i + 1] == 0x81 {
                i += 3  // U+2002…U+207F (U+2000 and U+2001 decompose)
            } else {
                return false
            }
        }
        return true
    }

    /// `true` when the text is certainly NFC (a fast check), so that no
    /// segment needs composing.
    static func isKnownNFC(_ text: String) -> Bool {
        if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, visionOS 26.0, *) {
            var span = text.utf8Span
            return span.checkForNFC(quickCheck: true)
        }
        return false
    }
}

/// Folding helpers usable without building a map.
public enum TextFolding {
    /// The folded form of `text` (what quotes and sources are compared on).
    public static func fold(_ text: String) -> String { String(decoding: foldedBytes(of: text), as: UTF8.self) }

    /// The folded UTF-8 bytes of `text`, without the map back to the
    /// original (what a quote needs: only the source's matches are mapped).
    public static func foldedBytes(of text: String) -> [UInt8] {
        TextFolder.fold(text, recordingMap: false).bytes
    }

    /// `foldedBytes(of:)` of the text whose valid UTF-8 is `bytes`.
    public static func foldedBytes(ofValidUTF8 bytes: [UInt8]) -> [UInt8] {
        TextFolder.fold(validUTF8: bytes, recordingMap: false).bytes
    }

    /// Whether a scalar may attach to the scalar before it under canonical
    /// composition or reordering: a combining mark (any class), any scalar
    /// with a non-zero combining class, or a Hangul vowel or trailing jamo.
    /// Checked exhaustively against Foundation's decompositions: every scalar
    /// that is not first in a canonical decomposition satisfies this, so NFC
    /// never joins text across a scalar for which this is `false`.
    static func attachesToPrevious(_ value: UInt32) -> Bool {
        if value < 0x300 { return false }
        if (0x1161...0x1175).contains(value) || (0x11A8...0x11C2).contains(value) { return true }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        if properties.canonicalCombiningClass != .notReordered { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Unicode `White_Space` (a stable property), for a non-ASCII scalar.
    @inline(__always)
    static func isNonASCIIWhiteSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Unicode `White_Space` for an ASCII byte: tab, LF, VT, FF, CR, space.
    @inline(__always)
    static func isASCIIWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Decodes the scalar starting at `index` of valid UTF-8 `bytes`.
    /// Returns the scalar value and its length in bytes. Tolerates (without
    /// trapping) malformed or truncated input by returning U+FFFD, length 1.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let n = bytes.count
        func cont(_ k: Int) -> UInt32? {
            guard index + k < n else { return nil }
            let b = bytes[index + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if lead >= 0xC0 && lead < 0xE0, let b1 = cont(1) {
            return ((UInt32(lead & 0x1F) << 6) | b1, 2)
        }
        if lead >= 0xE0 && lead < 0xF0, let b1 = cont(1), let b2 = cont(2) {
            return ((UInt32(lead & 0x0F) << 12) | (b1 << 6) | b2, 3)
        }
        if lead >= 0xF0, let b1 = cont(1), let b2 = cont(2), let b3 = cont(3) {
            return ((UInt32(lead & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3, 4)
        }
        return (0xFFFD, 1)
    }
}

/// Builds the folded bytes and, when asked, the map. One pass over the
/// UTF-8 bytes, into a buffer it owns (a plain array costs about twice as
/// much per byte here).
struct TextFolder: ~Copyable {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let recordsMap: Bool
    private var map = FoldMap()
    /// The white space run not yet emitted (or dropped), as original offsets.
    private var pendingSpaceStart = -1
    private var pendingSpaceEnd = -1
    /// The last emitted unit was « (white space after it is dropped).
    private var afterOpeningGuillemet = false
    /// NFC of segments already seen, keyed by their original bytes (bytes,
    /// not `String`: `String` hashing is canonical-equivalence based).
    private var nfcCache: [[UInt8]: [UInt8]] = [:]
    private var singleScalarCache: [UInt32: [UInt32]?] = [:]

    /// Segments (a starter and its attached marks) longer than this are not
    /// normalised: only pathological text (hundreds of stacked marks) gets
    /// there, and a bound keeps the cost of normalising one segment small.
    private static let maximumSegmentScalars = 64
    /// Real text has few distinct accented segments; adversarial text could
    /// have millions, which are then normalised without being remembered.
    private static let maximumCachedSegments = 4096

    /// `capacity`: the expected number of folded bytes (folding never makes
    /// a text longer, except when NFC decomposes a composition exclusion).
    init(capacity: Int, recordingMap: Bool) {
        // A block more: a plain stretch is copied sixteen bytes at a time
        // and may write up to a block past its end (PlainStretch.swift).
        self.capacity = max(16, capacity) + 16
        recordsMap = recordingMap
        bytes = .allocate(capacity: self.capacity)
        // French prose needs about a piece every fifty bytes.
        if recordingMap { map.reserveCapacity(capacity / 40 + 8) }
    }

    deinit {
        bytes.deallocate()
    }

    /// Whether valid UTF-8 `bytes` fold to themselves: plainly NFC and one
    /// plain stretch (most quotes). One scan: a plain stretch whose two-byte
    /// letters are below U+0300 is both (the plain leads C3…C9 and CB…DF
    /// and `isPlainlyNFC`'s C2…CB share C3…C9 and CB).
    @inline(never)
    static func foldsToItself(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        scanPlainStretch(bytes, from: 0, lineFeedsAsSpaces: false, belowMarks: true, copyingTo: nil) == bytes.count
    }

    /// Folds `text`: its folded bytes and, if `recordingMap`, the map back
    /// to the original (else an empty map).
    static func fold(_ text: String, recordingMap: Bool) -> (bytes: [UInt8], map: FoldMap) {
        var copy = text
        return copy.withUTF8 { bytes in
            let needsNormalization = !(FoldedText.isPlainlyNFC(bytes) || FoldedText.isKnownNFC(text))
            // A text that is one plain stretch (most quotes) is its own
            // folded form: no folder, no buffer copied into an array.
            if !recordingMap && !needsNormalization && plainStretchEnd(bytes, from: 0) == bytes.count {
                return (Array(bytes), FoldMap())
            }
            var folder = TextFolder(capacity: bytes.count, recordingMap: recordingMap)
            folder.fold(bytes, needsNormalization: needsNormalization)
            return folder.finish()
        }
    }

    /// `fold(_:recordingMap:)` for valid UTF-8 bytes. Without a `String`'s
    /// own NFC flag, a text that is not plainly NFC is normalised segment
    /// by segment, which leaves NFC text as it is: the result is the same.
    ///
    /// Folded first as plainly NFC text, which it nearly always is, the
    /// check made on the way (`foldIfPlainlyNFC`); folded again, normalised,
    /// when a scalar says otherwise. A whole pass over every source saved
    /// (`FoldedText.isPlainlyNFC`, 9.6 M instructions of 49 M for folding
    /// mb5's sources).
    static func fold(validUTF8 bytes: [UInt8], recordingMap: Bool) -> (bytes: [UInt8], map: FoldMap) {
        bytes.withUnsafeBufferPointer { buffer in
            var folder = TextFolder(capacity: buffer.count, recordingMap: recordingMap)
            if folder.foldIfPlainlyNFC(buffer) { return folder.finish() }
            var normalizing = TextFolder(capacity: buffer.count, recordingMap: recordingMap)
            normalizing.fold(buffer, needsNormalization: true)
            return normalizing.finish()
        }
    }

    /// The folded bytes of valid UTF-8 `bytes`, with no map, when the text
    /// is plainly NFC (`FoldedText.isPlainlyNFC`); nil at the first scalar
    /// that says otherwise. The bytes are those `fold(validUTF8:recordingMap:)`
    /// makes: the same calls, the map's left out.
    static func foldedBytesIfPlainlyNFC(validUTF8 bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { buffer in
            var folder = TextFolder(capacity: buffer.count, recordingMap: false)
            return folder.foldIfPlainlyNFC(buffer) ? folder.finish().bytes : nil
        }
    }

    /// The folded bytes and the map (white space still pending is dropped:
    /// trailing white space is not part of the folded text).
    consuming func finish() -> (bytes: [UInt8], map: FoldMap) {
        (Array(UnsafeBufferPointer(start: bytes, count: count)), map)
    }

    /// Makes room for `extra` more folded bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        new.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = new
        capacity = newCapacity
    }

    mutating func fold(_ text: UnsafeBufferPointer<UInt8>, needsNormalization: Bool) {
        _ = fold(text, needsNormalization: needsNormalization, stoppingUnlessPlainlyNFC: false)
    }

    /// `fold(_:needsNormalization: false)` of a text not known to be
    /// plainly NFC (`FoldedText.isPlainlyNFC`): false, the fold left
    /// unfinished, at the first scalar that check refuses. Every other
    /// scalar is folded as that call folds it: a plain stretch holds only
    /// scalars below U+0300 here (`belowMarks`), as it does in plainly NFC
    /// text, so the stretches and the map are the same.
    mutating func foldIfPlainlyNFC(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        fold(text, needsNormalization: false, stoppingUnlessPlainlyNFC: true)
    }

    @inline(__always)
    private mutating func fold(_ text: UnsafeBufferPointer<UInt8>, needsNormalization: Bool,
                               stoppingUnlessPlainlyNFC checks: Bool) -> Bool {
        let n = text.count
        var i = 0
        while i < n {
            let byte = text[i]
            if !needsNormalization && Self.startsPlainStretch(text, at: i, belowMarks: checks) {
                i = plainStretch(text, from: i, belowMarks: checks)
                continue
            }
            if byte < 0x80 {
                if TextFolding.isASCIIWhiteSpace(byte) {
                    space(start: i, end: i + 1)
                    i += 1
                    continue
                }
                // A run of ASCII characters other than white space is NFC and
                // composes with nothing before it; only a mark right after
                // its last character can attach to that character.
                var end = i + 1
                while end < n, text[end] < 0x80, !TextFolding.isASCIIWhiteSpace(text[end]) { end += 1 }
                if needsNormalization, end < n, text[end] >= 0x80,
                   TextFolding.attachesToPrevious(TextFolding.decode(text, at: end).value) {
                    end -= 1
                }
                if end > i { asciiRun(text, from: i, to: end) }
                i = end
                if i < n, text[i] < 0x80, !TextFolding.isASCIIWhiteSpace(text[i]) {
                    // The last ASCII character, with the marks after it.
                    i = segment(text, from: i)
                }
                continue
            } else if !needsNormalization {
                let (value, length) = TextFolding.decode(text, at: i)
                if checks && !FoldedText.isPlainlyNFC(scalar: value) { return false }
                scalarUnit(value, start: i, end: i + length)
                i += length
                continue
            }
            i = segment(text, from: i)
        }
        return true
    }

    /// Bytes that fold to themselves in text that needs no normalisation:
    /// 1 for printable ASCII other than space, 2 for the lead byte of a
    /// scalar in U+00C0…U+07FF other than U+0280…U+02BF (where ʼ folds to
    /// '); 0 for everything else (white space, controls, « » NBSP and the
    /// rest of U+0080…U+00BF, three- and four-byte scalars).
    static let plainByteLength: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x21...0x7E: 1
        case 0xC3...0xC9, 0xCB...0xDF: 2
        default: 0
        }
    }

    /// The end of the stretch of `text` starting at `start` that folds to
    /// itself byte for byte (`start` when there is none): characters of
    /// `plainByteLength` and single spaces between two of them, except a
    /// space before : ; ! ? (French spacing drops it). Only for text that
    /// needs no normalisation (a mark could attach to the last character).
    /// Sixteen bytes at a time (PlainStretch.swift).
    /// (Not inlined, so that the scan is compiled for each of its two
    /// uses with its options known.)
    @inline(never)
    static func plainStretchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        scanPlainStretch(text, from: start, lineFeedsAsSpaces: false, copyingTo: nil)
    }

    /// The fold's stretch from `start`: `plainStretchEnd` with single line
    /// feeds taken as spaces, copied to `output` (line feeds made spaces)
    /// as it is found.
    @inline(never)
    static func foldedStretchEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int,
                                 copyingTo output: UnsafeMutablePointer<UInt8>) -> Int {
        scanPlainStretch(text, from: start, lineFeedsAsSpaces: true, copyingTo: output)
    }

    /// `foldedStretchEnd` with two-byte letters plain only below U+0300
    /// (`scanPlainStretch`'s `belowMarks`), for `foldIfPlainlyNFC`.
    @inline(never)
    static func foldedStretchEndBelowMarks(_ text: UnsafeBufferPointer<UInt8>, from start: Int,
                                           copyingTo output: UnsafeMutablePointer<UInt8>) -> Int {
        scanPlainStretch(text, from: start, lineFeedsAsSpaces: true, belowMarks: true, copyingTo: output)
    }

    /// Folds the segment starting at `start` (a scalar and every following
    /// scalar that attaches to it) and returns the offset after it.
    private mutating func segment(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let n = text.count
        let first = TextFolding.decode(text, at: start)
        var end = start + first.length
        var scalars = 1
        while end < n, text[end] >= 0x80 {
            let next = TextFolding.decode(text, at: end)
            guard TextFolding.attachesToPrevious(next.value) else { break }
            end += next.length
            scalars += 1
        }
        if scalars == 1 {
            // Every scalar below U+0340 is its own NFC (checked exhaustively);
            // the others are looked up once per distinct scalar.
            if first.value >= 0x340, let composed = singleScalarNFC(first.value) {
                for value in composed { scalarUnit(value, start: start, end: end) }
            } else {
                scalarUnit(first.value, start: start, end: end)
            }
            return end
        }
        let original = Array(UnsafeBufferPointer(rebasing: text[start..<end]))
        var normalized = original
        if scalars <= Self.maximumSegmentScalars {
            if let cached = nfcCache[original] {
                normalized = cached
            } else {
                normalized = String(decoding: original, as: UTF8.self)._nfcCodeUnits
                if nfcCache.count < Self.maximumCachedSegments { nfcCache[original] = normalized }
            }
        }
        if normalized == original {
            // Already NFC: every scalar keeps its own exact range.
            var i = start
            while i < end {
                let (value, length) = TextFolding.decode(text, at: i)
                scalarUnit(value, start: i, end: i + length)
                i += length
            }
        } else {
            // Composed: every resulting scalar maps to the whole segment.
            for scalar in String(decoding: normalized, as: UTF8.self).unicodeScalars {
                scalarUnit(scalar.value, start: start, end: end)
            }
        }
        return end
    }

    /// The NFC of a lone scalar when it differs from the scalar itself
    /// (singletons such as U+212B ANGSTROM SIGN → U+00C5), else `nil`.
    private mutating func singleScalarNFC(_ value: UInt32) -> [UInt32]? {
        if let cached = singleScalarCache[value] { return cached }
        var result: [UInt32]? = nil
        if let scalar = Unicode.Scalar(value) {
            let normalized = String(decoding: String(Character(scalar))._nfcCodeUnits, as: UTF8.self).unicodeScalars.map(\.value)
            if normalized != [value] { result = normalized }
        }
        singleScalarCache[value] = .some(result)
        return result
    }

    /// Emits the folded form of one original unit `start..<end`: `length`
    /// bytes (1 to 4), packed lowest byte first in `encoded`. A unit folded
    /// to as many bytes as it had extends the current identity piece of the
    /// map; any other starts a unit piece.
    @inline(__always)
    private mutating func emit(_ encoded: UInt32, length: Int, start: Int, end: Int) {
        reserve(length)
        if recordsMap {
            if end - start == length {
                map.identity(folded: count, original: start)
            } else {
                map.unit(folded: count, start: start, end: end)
            }
        }
        var value = encoded
        for _ in 0..<length {
            bytes[count] = UInt8(truncatingIfNeeded: value)
            value >>= 8
            count += 1
        }
    }

    /// Emits the pending white space run as one space, unless French spacing
    /// (or the start of the text) makes it optional before `next`.
    @inline(__always)
    private mutating func flushSpace(before next: UInt32) {
        guard pendingSpaceStart >= 0 else { return }
        let optional = count == 0 || afterOpeningGuillemet
            || next == 0xBB || next == 0x3A || next == 0x3B || next == 0x21 || next == 0x3F
        if !optional { emit(0x20, length: 1, start: pendingSpaceStart, end: pendingSpaceEnd) }
        pendingSpaceStart = -1
    }

    @inline(__always)
    private mutating func space(start: Int, end: Int) {
        if pendingSpaceStart < 0 { pendingSpaceStart = start }
        pendingSpaceEnd = end
    }

    /// Starts a run of bytes that fold to themselves at original offset
    /// `start`: the pending space emitted (or dropped) before it, the map
    /// told, room made for `room` more bytes.
    private mutating func startIdentityRun(_ text: UnsafeBufferPointer<UInt8>, at start: Int, room: Int) {
        if pendingSpaceStart >= 0 { flushSpace(before: UInt32(text[start])) }
        afterOpeningGuillemet = false
        reserve(room)
        if recordsMap { map.identity(folded: count, original: start) }
    }

    /// Emits `text[start..<end]`, ASCII characters other than white space
    /// (in text that is normalised), each mapped to itself.
    private mutating func asciiRun(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        startIdentityRun(text, at: start, room: end - start)
        (bytes + count).update(from: text.baseAddress! + start, count: end - start)
        count += end - start
    }

    /// Emits the plain stretch starting at `start` (which starts one:
    /// `startsPlainStretch`), its single line feeds made spaces, mapped to
    /// itself; returns the offset after it. The stretch is copied as it is
    /// found, into room for the rest of the text and a block more.
    private mutating func plainStretch(_ text: UnsafeBufferPointer<UInt8>, from start: Int, belowMarks: Bool) -> Int {
        startIdentityRun(text, at: start, room: text.count - start + 16)
        let end = belowMarks ? Self.foldedStretchEndBelowMarks(text, from: start, copyingTo: bytes + count)
            : Self.foldedStretchEnd(text, from: start, copyingTo: bytes + count)
        count += end - start
        return end
    }

    mutating func scalarUnit(_ value: UInt32, start: Int, end: Int) {
        if value < 0x80 {
            // An ASCII scalar from a normalised segment maps to the segment.
            let byte = UInt8(value)
            if TextFolding.isASCIIWhiteSpace(byte) {
                space(start: start, end: end)
                return
            }
            if pendingSpaceStart >= 0 { flushSpace(before: value) }
            afterOpeningGuillemet = false
            emit(value, length: 1, start: start, end: end)
            return
        }
        if TextFolding.isNonASCIIWhiteSpace(value) {
            space(start: start, end: end)
            return
        }
        if pendingSpaceStart >= 0 { flushSpace(before: value) }
        afterOpeningGuillemet = value == 0xAB
        switch value {
        case 0x2019, 0x2018, 0x02BC, 0x2032:
            emit(0x27, length: 1, start: start, end: end)  // '
        case 0xAB, 0xBB, 0x201C, 0x201D, 0x201E:
            emit(0x22, length: 1, start: start, end: end)  // "
        case 0x2013, 0x2014, 0x2011:
            emit(0x2D, length: 1, start: start, end: end)  // -
        case 0x80..<0x800:
            emit((0xC0 | (value >> 6)) | (0x80 | (value & 0x3F)) << 8, length: 2, start: start, end: end)
        case 0x800..<0x10000:
            emit((0xE0 | (value >> 12)) | (0x80 | ((value >> 6) & 0x3F)) << 8 | (0x80 | (value & 0x3F)) << 16,
                 length: 3, start: start, end: end)
        default:
            emit((0xF0 | ((value >> 18) & 0x07)) | (0x80 | ((value >> 12) & 0x3F)) << 8
                    | (0x80 | ((value >> 6) & 0x3F)) << 16 | (0x80 | (value & 0x3F)) << 24,
                 length: 4, start: start, end: end)
        }
    }

}

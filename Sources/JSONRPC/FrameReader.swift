/// One unit read from a framed byte stream.
public enum Frame: Sendable, Equatable {
    /// A message body: exactly `Content-Length` bytes.
    case body([UInt8])
    /// A header problem. The reader has resynchronised: it skipped the body
    /// when the length was usable, else it drops bytes up to the next
    /// `Content-Length:`.
    case malformed(String)
    /// A body longer than `FrameReader.maxContentLength` (its announced
    /// length); its bytes are skipped as they arrive, none stored.
    case tooLarge(Int)
}

/// Splits a byte stream framed with `Content-Length` headers into bodies,
/// incrementally: append bytes as they arrive, then call `next()` until it
/// returns nil.
///
/// Header lines end in `\r\n` (a bare `\n` is tolerated) and the header ends
/// with an empty line; names are case-insensitive; unknown headers are
/// ignored. `Content-Length` is required: a decimal integer with no sign or
/// junk. `Content-Type` is optional; a charset other than UTF-8 is reported
/// as malformed and its body skipped. A header longer than
/// `maxHeaderLength` bytes is malformed.
///
/// After a header problem with no usable length, bytes are dropped up to the
/// next `Content-Length:` (any case) wherever it is, not only at a line
/// start: when a client miscounts a body, the next header follows the body's
/// tail on the same line, and this finds it.
///
/// Memory stays bounded whatever arrives: at most one body of up to
/// `maxContentLength` bytes, one header of up to `maxHeaderLength` bytes, and
/// what the last `append` brought.
public struct FrameReader: Sendable {
    /// The largest body kept; larger ones are skipped and reported.
    public static let maxContentLength = 64 * 1024 * 1024
    /// The longest header block accepted.
    public static let maxHeaderLength = 8 * 1024

    private enum State: Sendable {
        /// Reading header lines.
        case header
        /// Waiting for a body of this many bytes.
        case body(Int)
        /// Dropping this many more bytes.
        case skip(Int)
        /// Dropping bytes up to the next `Content-Length:`.
        case resync
    }

    private var buffer: [UInt8] = []
    /// The first byte not yet consumed.
    private var start = 0
    private var state = State.header

    // The header block being read.
    /// Where to look for the next line feed (bytes before it hold none).
    private var scan = 0
    /// Bytes of the block consumed so far (complete lines).
    private var headerLength = 0
    private var sawHeaderLine = false
    private var contentLength: Int?
    /// Why the `Content-Length` that was sent cannot be used.
    private var lengthProblem: String?
    /// Another problem with the header (the body can still be skipped).
    private var problem: String?

    /// An empty reader.
    public init() {}

    /// The bytes held: unconsumed input plus consumed bytes not yet released.
    public var bufferedByteCount: Int { buffer.count }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var bytes = bytes[...]
        if case .skip(let remaining) = state, start == buffer.count {
            // Drop a skipped body straight from the input, storing none of it.
            let dropped = min(remaining, bytes.count)
            bytes = bytes.dropFirst(dropped)
            if remaining == dropped { beginHeader() } else { state = .skip(remaining - dropped) }
        }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The next frame, or nil when more bytes are needed.
    public mutating func next() -> Frame? {
        while true {
            switch state {
            case .header:
                let before = start
                if let frame = readHeaderLine() { return frame }
                if case .header = state, start == before { return nil }  // no complete line yet
            case .body(let length):
                guard buffer.count - start >= length else { return nil }
                let body = Array(buffer[start..<start + length])
                start += length
                beginHeader()
                return .body(body)
            case .skip(let remaining):
                let dropped = min(remaining, buffer.count - start)
                start += dropped
                guard remaining == dropped else {
                    state = .skip(remaining - dropped)
                    return nil
                }
                beginHeader()
            case .resync:
                guard let found = findContentLength() else { return nil }
                start = found
                beginHeader()
            }
        }
    }

    // MARK: Header

    private mutating func beginHeader() {
        state = .header
        scan = start
        headerLength = 0
        sawHeaderLine = false
        contentLength = nil
        lengthProblem = nil
        problem = nil
    }

    /// Enters resynchronisation at `offset` and reports why.
    private mutating func fail(_ reason: String, resyncFrom offset: Int) -> Frame {
        start = offset
        state = .resync
        return .malformed(reason)
    }

    /// Consumes one complete header line, if there is one. Returns a frame
    /// to report, or nil (the state tells whether to go on).
    private mutating func readHeaderLine() -> Frame? {
        let lineStart = start
        guard let newline = buffer[scan...].firstIndex(of: 0x0A) else {
            scan = buffer.count
            if headerLength + (buffer.count - start) > Self.maxHeaderLength {
                return fail("header longer than \(Self.maxHeaderLength) bytes", resyncFrom: lineStart + 1)
            }
            return nil
        }
        var lineEnd = newline
        if lineEnd > lineStart && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        headerLength += newline + 1 - lineStart
        start = newline + 1
        scan = start
        if lineEnd == lineStart {
            if !sawHeaderLine {
                headerLength = 0  // a stray blank line between frames
                return nil
            }
            return endOfHeader()
        }
        if headerLength > Self.maxHeaderLength {
            return fail("header longer than \(Self.maxHeaderLength) bytes", resyncFrom: lineStart + 1)
        }
        sawHeaderLine = true
        if let reason = readHeaderField(lineStart..<lineEnd) {
            return fail(reason, resyncFrom: lineStart + 1)
        }
        return nil
    }

    private mutating func endOfHeader() -> Frame? {
        if let lengthProblem {
            state = .resync
            return .malformed(lengthProblem)
        }
        guard let length = contentLength else {
            state = .resync
            return .malformed("missing Content-Length header")
        }
        if let problem {
            state = .skip(length)
            return .malformed(problem)
        }
        if length > Self.maxContentLength {
            state = .skip(length)
            return .tooLarge(length)
        }
        state = .body(length)
        if length > 65536 {
            compact()
            buffer.reserveCapacity(start + length)
        }
        return nil
    }

    /// Reads one `Name: value` line. Returns why the line is not a header
    /// line at all (the stream is out of step), or nil; problems with a value
    /// are recorded and reported at the end of the header.
    private mutating func readHeaderField(_ line: Range<Int>) -> String? {
        guard let colon = buffer[line].firstIndex(of: UInt8(ascii: ":")) else {
            return "header line without ':': \(Self.quote(buffer[line]))"
        }
        guard colon > line.lowerBound, buffer[line.lowerBound..<colon].allSatisfy(Self.isTokenByte) else {
            return "invalid header name: \(Self.quote(buffer[line.lowerBound..<colon]))"
        }
        let name = buffer[line.lowerBound..<colon]
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd && (buffer[valueStart] == 0x20 || buffer[valueStart] == 0x09) { valueStart += 1 }
        while valueEnd > valueStart && (buffer[valueEnd - 1] == 0x20 || buffer[valueEnd - 1] == 0x09) { valueEnd -= 1 }
        let value = buffer[valueStart..<valueEnd]

        if Self.equalsIgnoringCase(name, "content-length") {
            guard lengthProblem == nil else { return nil }
            guard let length = Self.decimal(value) else {
                let digitsOnly = !value.isEmpty && value.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                lengthProblem = digitsOnly
                    ? "Content-Length out of range: \(Self.quote(value))"
                    : "invalid Content-Length: \(Self.quote(value))"
                return nil
            }
            if let contentLength, contentLength != length {
                lengthProblem = "conflicting Content-Length headers: \(contentLength) and \(length)"
            }
            contentLength = length
        } else if Self.equalsIgnoringCase(name, "content-type") {
            if let charset = Self.charset(value), charset != "utf-8" && charset != "utf8" {
                problem = problem ?? "unsupported charset in Content-Type: \(Self.quote(value))"
            }
        }
        return nil
    }

    // MARK: Resynchronisation

    private static let contentLengthPrefix = Array("content-length:".utf8)

    /// The offset of the next `Content-Length:` (any case), or nil after
    /// dropping what cannot start one.
    private mutating func findContentLength() -> Int? {
        let prefix = Self.contentLengthPrefix
        var k = start
        let end = buffer.count
        while k < end {
            if buffer[k] | 0x20 == prefix[0] {
                var n = 1
                while n < prefix.count && k + n < end && buffer[k + n] | 0x20 == prefix[n] { n += 1 }
                if n == prefix.count { return k }
                if k + n == end {
                    start = k  // a possible beginning: keep it
                    return nil
                }
            }
            k += 1
        }
        start = end
        return nil
    }

    // MARK: Helpers

    /// Releases consumed bytes when that is cheap relative to what is left.
    private mutating func compact() {
        if start == buffer.count {
            if buffer.capacity > 1 << 20 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        } else if start >= 4096 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
        } else {
            return
        }
        scan -= start
        start = 0
        if scan < 0 { scan = 0 }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let text = lowercase.utf8Start
        var k = 0
        for byte in bytes {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != text[k] { return false }
            k += 1
        }
        return true
    }

    /// A non-negative decimal integer with digits only, or nil.
    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    /// The lowercased `charset` parameter of a media type, if any.
    private static func charset(_ value: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: value, as: UTF8.self).lowercased()
        for parameter in text.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingSpaces == "charset" else { continue }
            var charset = parts[1].trimmingSpaces
            if charset.count >= 2 && charset.hasPrefix("\"") && charset.hasSuffix("\"") {
                charset = String(charset.dropFirst().dropLast())
            }
            return charset
        }
        return nil
    }

    /// Bytes for an error message: at most 40, quoted.
    private static func quote(_ bytes: ArraySlice<UInt8>) -> String {
        let shown = String(decoding: bytes.prefix(40), as: UTF8.self)
        return "'" + shown + (bytes.count > 40 ? "…" : "") + "'"
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

import AnnalBytes
/// Why a text is not JSON, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in plain words.
    public let message: String
    /// Byte offset in the input where the problem was found.
    public let offset: Int

    /// An error with this message at this byte offset.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// "message at byte N".
    public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// - Numbers: an integer literal that fits `Int` becomes `.int` (`-0` is
///   `.int(0)`); anything else (fraction, exponent, too many digits) becomes
///   `.double`, rounded as `strtod` does; magnitudes beyond `Double` become
///   `±infinity`, as in JavaScript's `JSON.parse`.
/// - Strings: every escape, `\uXXXX` surrogate pairs; a lone surrogate, a raw
///   control character or invalid UTF-8 is an error.
/// - Objects: a duplicate key keeps the last value (at the first key's place).
/// - White space around the value is allowed, anything else after it is not.
/// - Nesting deeper than `maxDepth` is an error, never a stack overflow.
///
/// Hand-written over bytes: runs of plain string bytes are scanned eight at a
/// time and copied whole, so long document texts parse at memory speed.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 256

    /// Parses one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(message: "unexpected end of input, expected a JSON value", offset: 0)
        }
        var parser = Parser(base: base.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        defer { parser.scratch.release() }
        return try parser.parseDocument()
    }

    /// Parses one JSON value from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBytes { raw in
            do throws(JSONParseError) { return .success(try parse(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON value from a string (its UTF-8).
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            do throws(JSONParseError) { return .success(try parse(UnsafeRawBufferPointer(buffer))) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

// MARK: - The parser

private enum Byte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
}

private struct Parser {
    let p: UnsafePointer<UInt8>
    let end: Int
    var i = 0
    var depth = 0
    /// Reused buffer for strings that hold escapes.
    var scratch = ByteBuffer()
    /// The OR of the plain string bytes scanned since it was reset: its high
    /// bits say whether the string is pure ASCII.
    var highBits: UInt64 = 0
    /// Elements and members of the open arrays and objects, innermost last:
    /// each container is copied out at its exact size when it closes, so it
    /// costs one allocation however it grew.
    var elementStack: [JSONValue] = []
    var memberStack: [(String, JSONValue)] = []

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.p = base
        self.end = end
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhiteSpace()
        let value = try parseValue()
        skipWhiteSpace()
        if i != end { throw error("unexpected \(describeByte(at: i)) after the JSON value") }
        return value
    }

    // MARK: Helpers

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(message: message, offset: offset ?? i)
    }

    func describeByte(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let byte = p[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    @inline(__always)
    mutating func skipWhiteSpace() {
        while i < end {
            let byte = p[i]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            i += 1
        }
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < end else { throw error("unexpected end of input, expected a JSON value") }
        switch p[i] {
        case Byte.quote: return .string(try parseString())
        case Byte.openBrace: return try parseObject()
        case Byte.openBracket: return try parseArray()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case Byte.minus, Byte.zero...Byte.nine: return try parseNumber()
        default: throw error("unexpected \(describeByte(at: i)), expected a JSON value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for k in 0..<count {
            guard i + k < end, p[i + k] == text[k] else {
                throw error("invalid literal, expected '\(literal)'", at: i + k)
            }
        }
        i += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw error("arrays and objects nested deeper than \(JSONParser.maxDepth)")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        skipWhiteSpace()
        if i < end && p[i] == Byte.closeBracket {
            i += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            let element = try parseValue()
            elementStack.append(element)
            skipWhiteSpace()
            guard i < end else { throw error("unexpected end of input, expected ',' or ']'") }
            let byte = p[i]
            i += 1
            if byte == Byte.comma {
                skipWhiteSpace()
                continue
            }
            if byte == Byte.closeBracket { break }
            throw error("unexpected \(describeByte(at: i - 1)), expected ',' or ']'", at: i - 1)
        }
        depth -= 1
        let elements = Array(elementStack[base...])
        elementStack.removeSubrange(base...)
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        skipWhiteSpace()
        if i < end && p[i] == Byte.closeBrace {
            i += 1
            depth -= 1
            return .object([])
        }
        var members = ObjectBuilder(base: memberStack.count)
        while true {
            guard i < end, p[i] == Byte.quote else {
                throw error("unexpected \(describeByte(at: i)), expected a string key")
            }
            let key = try parseString()
            skipWhiteSpace()
            guard i < end, p[i] == Byte.colon else {
                throw error("unexpected \(describeByte(at: i)), expected ':'")
            }
            i += 1
            skipWhiteSpace()
            let value = try parseValue()
            members.set(key, value, in: &memberStack)
            skipWhiteSpace()
            guard i < end else { throw error("unexpected end of input, expected ',' or '}'") }
            let byte = p[i]
            i += 1
            if byte == Byte.comma {
                skipWhiteSpace()
                continue
            }
            if byte == Byte.closeBrace { break }
            throw error("unexpected \(describeByte(at: i - 1)), expected ',' or '}'", at: i - 1)
        }
        depth -= 1
        let object = Array(memberStack[members.base...])
        memberStack.removeSubrange(members.base...)
        return .object(object)
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        let negative = p[i] == Byte.minus
        if negative { i += 1 }
        guard i < end, p[i] >= Byte.zero && p[i] <= Byte.nine else {
            throw error("unexpected \(describeByte(at: i)), expected a digit")
        }
        if p[i] == Byte.zero {
            i += 1
            if i < end && p[i] >= Byte.zero && p[i] <= Byte.nine {
                throw error("a number cannot have a leading zero", at: i - 1)
            }
        } else {
            while i < end && p[i] >= Byte.zero && p[i] <= Byte.nine { i += 1 }
        }
        let integerEnd = i
        var isInteger = true
        if i < end && p[i] == Byte.dot {
            i += 1
            guard i < end, p[i] >= Byte.zero && p[i] <= Byte.nine else {
                throw error("unexpected \(describeByte(at: i)), expected a digit after '.'")
            }
            while i < end && p[i] >= Byte.zero && p[i] <= Byte.nine { i += 1 }
            isInteger = false
        }
        if i < end && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (p[i] == Byte.plus || p[i] == Byte.minus) { i += 1 }
            guard i < end, p[i] >= Byte.zero && p[i] <= Byte.nine else {
                throw error("unexpected \(describeByte(at: i)), expected a digit in the exponent")
            }
            while i < end && p[i] >= Byte.zero && p[i] <= Byte.nine { i += 1 }
            isInteger = false
        }
        if isInteger, let value = exactInteger(from: negative ? start + 1 : start, to: integerEnd, negative: negative) {
            return .int(value)
        }
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
        guard let value = Double(text) else { throw error("number out of range", at: start) }
        return .double(value)
    }

    /// The integer in `from..<to` (digits only), or nil when it does not fit.
    func exactInteger(from: Int, to: Int, negative: Bool) -> Int? {
        var value = 0
        if to - from <= 18 {  // cannot overflow
            for k in from..<to { value = value &* 10 &+ Int(p[k] &- Byte.zero) }
            return negative ? -value : value
        }
        for k in from..<to {
            let digit = Int(p[k] &- Byte.zero)
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    // MARK: Strings

    /// Advances `i` to the next `"`, `\` or control byte (or the end),
    /// eight bytes at a time.
    @inline(__always)
    mutating func skipPlainBytes() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* UInt64(Byte.quote)
        let backslashes = ones &* UInt64(Byte.backslash)
        let spaces = ones &* 0x20
        let raw = UnsafeRawPointer(p)
        var seen = highBits
        defer { highBits = seen }
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let q = word ^ quotes
            let b = word ^ backslashes
            let special = ((q &- ones) & ~q) | ((b &- ones) & ~b) | ((word &- spaces) & ~word)
            if special & highs != 0 { break }
            seen |= word
            i &+= 8
        }
        while i < end {
            let byte = p[i]
            if byte == Byte.quote || byte == Byte.backslash || byte < 0x20 { return }
            seen |= UInt64(byte)
            i &+= 1
        }
    }

    /// Parses a string whose opening quote is at `i`.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = i
        i += 1
        let start = i
        highBits = 0
        skipPlainBytes()
        guard i < end else { throw error("unterminated string", at: open) }
        if p[i] == Byte.quote {
            let bytes = UnsafeBufferPointer(start: p + start, count: i - start)
            i += 1
            return try makeString(bytes, rawFrom: start)
        }
        // Slow path: escapes.
        scratch.count = 0
        var runStart = start
        while true {
            guard i < end else { throw error("unterminated string", at: open) }
            let byte = p[i]
            if byte == Byte.quote { break }
            if byte < 0x20 { throw error("control character in string must be escaped") }
            // Backslash.
            scratch.append(p + runStart, count: i - runStart)
            try parseEscape()
            runStart = i
            skipPlainBytes()
        }
        scratch.append(p + runStart, count: i - runStart)
        i += 1
        return try makeString(scratch.bytes, rawFrom: start)
    }

    /// A string from decoded bytes; `rawFrom` is where its raw text starts in
    /// the input (for the offset of invalid UTF-8), which ends at `i - 1`.
    ///
    /// Pure ASCII input needs no validation (a `\u` escape may still make
    /// the value non-ASCII: `String(decoding:)` sees to it). Other strings
    /// are validated here, on their raw bytes, and made without being
    /// validated again: `String(validating:)` and `String(decoding:)` each
    /// cost about nine instructions a byte of non-ASCII text, most of the
    /// time a document's `didOpen` took to decode (860 KB of French).
    mutating func makeString(_ bytes: UnsafeBufferPointer<UInt8>, rawFrom start: Int) throws(JSONParseError) -> String {
        if highBits & 0x8080_8080_8080_8080 == 0 {
            return String(decoding: bytes, as: UTF8.self)
        }
        if let invalid = firstInvalidUTF8(from: start, to: i - 1) {
            throw error("invalid UTF-8 in string", at: invalid)
        }
        let span = unsafe Span(_unsafeElements: bytes)
        return String(copying: unsafe UTF8Span(unchecked: span, isKnownASCII: false))
    }

    /// Decodes the escape at `i` (a backslash) into `scratch`.
    mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = i
        i += 1
        guard i < end else { throw error("unterminated string") }
        let byte = p[i]
        i += 1
        switch byte {
        case Byte.quote, Byte.backslash, Byte.slash: scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard i + 1 < end, p[i] == Byte.backslash, p[i + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
                }
                i += 2
                let low = try hex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("high surrogate not followed by a low surrogate", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
            }
            appendUTF8(scalar)
        default:
            throw error("invalid escape \\\(describeByte(at: i - 1))", at: escapeStart)
        }
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= end else { throw error("unterminated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = p[i]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hexadecimal digit \(describeByte(at: i)) in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The offset of the first byte that breaks UTF-8 in `from..<to`, or nil
    /// (escapes are ASCII, so the raw text is valid exactly when the decoded
    /// one is).
    func firstInvalidUTF8(from: Int, to: Int) -> Int? {
        UTF8Validation.firstInvalidByte(UnsafeBufferPointer(start: p + from, count: to - from)).map { $0 + from }
    }
}

/// Finds repeated keys of the object being read, whose members sit on the
/// member stack from `base`: a repeated key replaces the earlier value (at
/// the earlier place). Small objects are searched linearly, larger ones
/// through an index.
private struct ObjectBuilder {
    let base: Int
    var index: [String: Int]? = nil

    mutating func set(_ key: String, _ value: JSONValue, in stack: inout [(String, JSONValue)]) {
        if index != nil {
            if let position = index![key] {
                stack[position].1 = value
            } else {
                index![key] = stack.count
                stack.append((key, value))
            }
            return
        }
        for position in base..<stack.count where stack[position].0 == key {
            stack[position].1 = value
            return
        }
        stack.append((key, value))
        if stack.count - base == 12 {
            var built: [String: Int] = [:]
            built.reserveCapacity(32)
            for position in base..<stack.count { built[stack[position].0] = position }
            index = built
        }
    }
}

/// A growable byte buffer without the checks of `Array` on every append.
private struct ByteBuffer {
    var base: UnsafeMutablePointer<UInt8>?
    var capacity = 0
    var count = 0

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let newCapacity = max(256, (count + extra) * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        if let base {
            newBase.update(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base![count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base! + count).update(from: source, count: length)
        count += length
    }

    mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
        count = 0
    }
}

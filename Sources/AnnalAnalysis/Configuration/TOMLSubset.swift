/// The part of TOML that `annal.toml` needs: `[table]` headers, `key = value`
/// lines with bare or quoted keys, basic and literal strings, integers,
/// booleans and (multi-line) arrays of those, and `#` comments. Byte ranges
/// of every table, key and value are kept so problems point at the spot.
enum TOMLSubset {
    indirect enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])
    }

    struct Entry: Sendable {
        let table: String
        let tableRange: Range<Int>?
        let key: String
        let keyRange: Range<Int>
        let value: Value
        let valueRange: Range<Int>
    }

    static func parse(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> [Entry] {
        var scanner = Scanner(bytes: Array(text.utf8))
        var entries: [Entry] = []
        var table = ""
        var tableRange: Range<Int>?
        var seen = Set<String>()
        func report(_ range: Range<Int>, _ message: String) {
            diagnostics.append(Diagnostic(.configSyntaxError, file: path, range: range, message: message))
        }
        while true {
            scanner.skipBlankAndComments()
            guard let byte = scanner.peek() else { break }
            let lineStart = scanner.position
            if byte == UInt8(ascii: "[") {
                scanner.position += 1
                scanner.skipSpaces()
                let start = scanner.position
                guard let name = scanner.key() else {
                    report(lineStart..<scanner.lineEnd(), "expected a table name, like `[rules]`")
                    scanner.skipLine()
                    continue
                }
                let end = scanner.position
                scanner.skipSpaces()
                guard scanner.peek() == UInt8(ascii: "]") else {
                    report(scanner.position..<scanner.position, "expected `]` to close the table name")
                    scanner.skipLine()
                    continue
                }
                scanner.position += 1
                table = name
                tableRange = start..<end
                if !scanner.atLineEndAfterComment() { report(scanner.position..<scanner.lineEnd(), "unexpected text after the table header") }
                scanner.skipLine()
                continue
            }
            let keyStart = scanner.position
            guard let key = scanner.key() else {
                report(lineStart..<max(lineStart + 1, scanner.lineEnd()), "expected `key = value` or a `[table]` header")
                scanner.skipLine()
                continue
            }
            let keyRange = keyStart..<scanner.position
            scanner.skipSpaces()
            guard scanner.peek() == UInt8(ascii: "=") else {
                report(scanner.position..<scanner.position, "expected `=` after `\(key)`")
                scanner.skipLine()
                continue
            }
            scanner.position += 1
            scanner.skipSpaces()
            let valueStart = scanner.position
            switch scanner.value() {
            case .success(let value):
                let valueRange = valueStart..<scanner.position
                if !scanner.atLineEndAfterComment() {
                    report(scanner.position..<scanner.lineEnd(), "unexpected text after the value")
                }
                let qualified = table + "." + key
                if seen.contains(qualified) {
                    report(keyRange, "`\(key)` is given twice in `[\(table)]`; keep one")
                } else {
                    seen.insert(qualified)
                    entries.append(Entry(table: table, tableRange: tableRange, key: key, keyRange: keyRange, value: value, valueRange: valueRange))
                }
            case .failure(let problem):
                report(problem.range, problem.message)
            }
            scanner.skipLine()
        }
        return entries
    }

    struct Problem: Error {
        let range: Range<Int>
        let message: String
    }

    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpaces() {
            while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
        }

        /// Skips spaces, line breaks and comments (between values in arrays too).
        mutating func skipBlankAndComments() {
            while let byte = peek() {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0A || byte == 0x0D {
                    position += 1
                } else if byte == UInt8(ascii: "#") {
                    while let next = peek(), next != 0x0A { position += 1; _ = next }
                } else {
                    return
                }
            }
        }

        func lineEnd() -> Int {
            var index = position
            while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            return index
        }

        mutating func skipLine() {
            position = lineEnd()
        }

        /// True when only spaces and a comment remain on the line.
        mutating func atLineEndAfterComment() -> Bool {
            skipSpaces()
            guard let byte = peek() else { return true }
            return byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "#")
        }

        /// A bare key (letters, digits, `-`, `_`, `.`) or a quoted one.
        mutating func key() -> String? {
            if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'") {
                if case .success(.string(let text)) = value() { return text }
                return nil
            }
            let start = position
            while let byte = peek(), (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                position += 1
            }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        mutating func value(depth: Int = 0) -> Result<Value, Problem> {
            let start = position
            guard let byte = peek(), byte != 0x0A, byte != 0x0D else {
                return .failure(Problem(range: start..<start, message: "expected a value after `=`"))
            }
            switch byte {
            case UInt8(ascii: "\""): return basicString()
            case UInt8(ascii: "'"):
                position += 1
                let contentStart = position
                while let next = peek(), next != UInt8(ascii: "'"), next != 0x0A { position += 1 }
                guard peek() == UInt8(ascii: "'") else { return .failure(Problem(range: start..<position, message: "this string has no closing `'`")) }
                position += 1
                return .success(.string(String(decoding: bytes[contentStart..<(position - 1)], as: UTF8.self)))
            case UInt8(ascii: "["):
                guard depth < 16 else { return .failure(Problem(range: start..<start + 1, message: "arrays nested this deep are not supported")) }
                position += 1
                var items: [Value] = []
                while true {
                    skipBlankAndComments()
                    guard let next = peek() else { return .failure(Problem(range: start..<start + 1, message: "this list has no closing `]`")) }
                    if next == UInt8(ascii: "]") {
                        position += 1
                        return .success(.array(items))
                    }
                    switch value(depth: depth + 1) {
                    case .success(let item): items.append(item)
                    case .failure(let problem): return .failure(problem)
                    }
                    skipBlankAndComments()
                    if peek() == UInt8(ascii: ",") {
                        position += 1
                    } else if peek() != UInt8(ascii: "]") {
                        return .failure(Problem(range: position..<position, message: "expected `,` or `]` in the list"))
                    }
                }
            default:
                while let next = peek(), next != 0x0A, next != 0x0D, next != UInt8(ascii: ","), next != UInt8(ascii: "]"),
                      next != UInt8(ascii: "#"), next != UInt8(ascii: " "), next != UInt8(ascii: "\t") {
                    position += 1
                }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if word == "true" { return .success(.boolean(true)) }
                if word == "false" { return .success(.boolean(false)) }
                let digits = String(word.filter { $0 != "_" })
                if let number = Int(digits), !digits.isEmpty, !word.hasPrefix("_"), !word.hasSuffix("_") { return .success(.integer(number)) }
                return .failure(Problem(range: start..<max(position, start + 1),
                                        message: "`\(word)` is not a value: write a string in quotes, a number, true, false or a list"))
            }
        }

        private mutating func basicString() -> Result<Value, Problem> {
            let start = position
            position += 1
            var out: [UInt8] = []
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return .success(.string(String(decoding: out, as: UTF8.self)))
                case 0x0A, 0x0D:
                    return .failure(Problem(range: start..<position, message: "this string has no closing `\"` on its line"))
                case UInt8(ascii: "\\"):
                    guard position + 1 < bytes.count else { break }
                    let escape = bytes[position + 1]
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escape)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        let hexEnd = min(position + 6, bytes.count)
                        guard let value = UInt32(String(decoding: bytes[(position + 2)..<hexEnd], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(value) else {
                            return .failure(Problem(range: position..<hexEnd, message: "a \\u escape takes four hex digits"))
                        }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        position = hexEnd
                        continue
                    default:
                        return .failure(Problem(range: position..<(position + 2), message: "unknown escape; use \\\" \\\\ \\n \\t or \\uXXXX"))
                    }
                    position += 2
                    continue
                default:
                    out.append(byte)
                }
                position += 1
            }
            return .failure(Problem(range: start..<position, message: "this string has no closing `\"`"))
        }
    }
}

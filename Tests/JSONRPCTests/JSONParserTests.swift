import AnnalJSON
import Testing

/// One parser input and what it must give: a value, or an error.
struct ParseCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    /// nil: the input must be rejected.
    let expected: JSONValue?
    var testDescription: String { name }

    static func ok(_ text: String, _ expected: JSONValue) -> ParseCase {
        ParseCase(name: "valid \(text.prefix(40))", input: Array(text.utf8), expected: expected)
    }
    static func bad(_ text: String) -> ParseCase {
        ParseCase(name: "invalid \(text.prefix(40))", input: Array(text.utf8), expected: nil)
    }
    static func bad(_ name: String, bytes: [UInt8]) -> ParseCase {
        ParseCase(name: "invalid \(name)", input: bytes, expected: nil)
    }
}

@Suite struct JSONParserTests {
    static let nestedObject: String = {
        var text = "{" + (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        text += ",\"k3\":\"x\",\"k15\":\"y\"}"
        return text
    }()
    static let nestedObjectValue: JSONValue = .object((0..<20).map { n in
        ("k\(n)", n == 3 ? "x" : n == 15 ? "y" : .int(n))
    })

    static let cases: [ParseCase] = [
        // Literals and numbers.
        .ok("null", .null),
        .ok("\"" + String(repeating: "l’été « à » ", count: 200) + "\"", .string(String(repeating: "l’été « à » ", count: 200))),
        .ok("\"" + String(repeating: "Ouzbékistan\\n", count: 150) + "\"", .string(String(repeating: "Ouzbékistan\n", count: 150))),
        .ok("true", .bool(true)),
        .ok("false", .bool(false)),
        .ok("0", .int(0)),
        .ok("-0", .int(0)),
        .ok("-0.0", .double(-0.0)),
        .ok("123", .int(123)),
        .ok("-123", .int(-123)),
        .ok("9223372036854775807", .int(Int.max)),
        .ok("-9223372036854775808", .int(Int.min)),
        .ok("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        .ok("-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        .ok("12345678901234567890123", .double(1.2345678901234568e22)),
        .ok("1.5", .double(1.5)),
        .ok("1.0", .double(1.0)),
        .ok("1e400", .double(.infinity)),
        .ok("-1e400", .double(-.infinity)),
        .ok("1e-400", .double(0.0)),
        .ok("1E+2", .double(100)),
        .ok("2.5e-3", .double(0.0025)),
        .ok("0.1", .double(0.1)),
        // Strings.
        .ok(#""abc""#, "abc"),
        .ok(#""""#, ""),
        .ok(#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        .ok(#""\u00e9\u00E9""#, "éé"),
        .ok(#""\uD83D\uDE00""#, "😀"),
        .ok(#""a\ud83d\ude00b""#, "a😀b"),
        .ok("\"é😀 ĳ\u{7F}\"", "é😀 ĳ\u{7F}"),
        .ok(#""\u0000""#, "\u{0}"),
        .ok(#""long run of plain bytes, then an escape\n and more plain bytes after it""#,
            "long run of plain bytes, then an escape\n and more plain bytes after it"),
        // Structures and white space.
        .ok("[]", []),
        .ok("{}", [:]),
        .ok(" \t\r\n [1 , \"a\" , null, {\"b\" : [ ]}] \n", [1, "a", nil, ["b": []]]),
        .ok(#"{"a":{"b":[true,false]}}"#, ["a": ["b": [true, false]]]),
        .ok(#"{"a":1,"a":2}"#, ["a": 2]),
        .ok(#"{"a":1,"b":2,"a":3}"#, ["a": 3, "b": 2]),
        .ok(nestedObject, nestedObjectValue),
        .ok(String(repeating: "[", count: 256) + String(repeating: "]", count: 256),
            (0..<255).reduce(JSONValue.array([])) { inner, _ in .array([inner]) }),
        // Invalid: literals and numbers.
        .bad(""),
        .bad("   "),
        .bad("nul"),
        .bad("nulll"),
        .bad("True"),
        .bad("01"),
        .bad("-01"),
        .bad("-"),
        .bad("1."),
        .bad(".5"),
        .bad("1e"),
        .bad("1e+"),
        .bad("+1"),
        .bad("0x10"),
        .bad("NaN"),
        .bad("Infinity"),
        .bad("-Infinity"),
        // Invalid: strings.
        .bad(#""abc"#),
        .bad("'a'"),
        .bad("\"a\u{1}b\""),
        .bad("\"tab\there\""),
        .bad("\"new\nline\""),
        .bad(#""\x""#),
        .bad(#""\u12""#),
        .bad(#""\u12G4""#),
        .bad(#""\uD800""#),
        .bad(#""\uDC00""#),
        .bad(#""\uDBFF\uDBFF""#),
        .bad(#""\uD800\u0041""#),
        .bad(#""\uD800x""#),
        .bad(#""\"#),
        .bad("0xFF in a string", bytes: [0x22, 0xFF, 0x22]),
        .bad("truncated two-byte sequence", bytes: [0x22, 0xC3, 0x22]),
        .bad("encoded surrogate", bytes: [0x22, 0xED, 0xA0, 0x80, 0x22]),
        .bad("overlong slash", bytes: [0x22, 0xC0, 0xAF, 0x22]),
        .bad("above U+10FFFF", bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        .bad("invalid UTF-8 after an escape", bytes: Array(#""\n"#.utf8) + [0xFF, 0x22]),
        .bad("invalid UTF-8 outside a string", bytes: [0x5B, 0xC3, 0xA9, 0x5D]),
        // Long strings: validated eight ASCII bytes at a time, and a
        // valid one made without a second validation.
        .bad("a cut sequence after 2,000 ASCII bytes", bytes: [0x22] + Array(repeating: 0x61, count: 2_000) + [0xC3, 0x28, 0x22]),
        .bad("0xFF after accents and 1,200 bytes", bytes: [0x22] + Array(String(repeating: "é", count: 600).utf8) + [0xFF, 0x22]),
        .bad("invalid UTF-8 after an escape in a long string",
             bytes: Array(("\"" + String(repeating: "l’été ", count: 300) + "\\n").utf8) + [0xE2, 0x80, 0x22]),
        .bad("byte order mark", bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D]),
        // Invalid: structure.
        .bad("[1,]"),
        .bad("[1 2]"),
        .bad("[,1]"),
        .bad(#"{"a" 1}"#),
        .bad(#"{"a":1,}"#),
        .bad(#"{a:1}"#),
        .bad(#"{1:1}"#),
        .bad("["),
        .bad(#"{"a":1"#),
        .bad("]"),
        .bad("[1}"),
        // Invalid: trailing data.
        .bad("1 2"),
        .bad("{} x"),
        .bad("nullnull"),
        .bad("\"a\"\u{0}"),
        .bad("[] ,"),
        // Invalid: nesting.
        .bad(String(repeating: "[", count: 257) + String(repeating: "]", count: 257)),
    ]

    @Test func tableIsLargeAndMixed() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.filter { $0.expected == nil }.count >= 20)
        #expect(Self.cases.filter { $0.expected != nil }.count >= 20)
    }

    @Test(arguments: cases)
    func parses(_ testCase: ParseCase) {
        let result: Result<JSONValue, JSONParseError> = Result { () throws(JSONParseError) in
            try JSONParser.parse(testCase.input)
        }
        switch (result, testCase.expected) {
        case (.success(let value), let expected?):
            #expect(strictlyEqual(value, expected), "got \(value), expected \(expected)")
        case (.success(let value), nil):
            Issue.record("accepted invalid input as \(value)")
        case (.failure(let error), let expected?):
            Issue.record("rejected valid input (expected \(expected)): \(error)")
        case (.failure(let error), nil):
            #expect(error.offset >= 0 && error.offset <= testCase.input.count)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func errorsPointAtTheProblem() {
        func offset(_ bytes: [UInt8]) -> Int? {
            do { _ = try JSONParser.parse(bytes); return nil } catch { return error.offset }
        }
        #expect(offset(Array("[1,]".utf8)) == 3)
        #expect(offset(Array("1 2".utf8)) == 2)
        #expect(offset(Array(#"{"a":01}"#.utf8)) == 5)
        #expect(offset([0x22, 0x61, 0xFF, 0x22]) == 2)
        #expect(offset(Array(#""\n"#.utf8) + [0xFF, 0x22]) == 3)
        #expect(offset(Array(#"["\ud800"]"#.utf8)) == 2)
        #expect(offset(Array("\"ab\u{1}\"".utf8)) == 3)
        #expect(offset(Array("\"abc".utf8)) == 0)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(arrays) }
        #expect(error?.offset == JSONParser.maxDepth)
        #expect(error?.message.contains("nested") == true)

        let balanced = arrays + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(balanced) }

        let objects = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(objects) }
    }

    @Test func allEntryPointsAgree() throws {
        let text = #"{"text":"é\n😀","n":[1,2.5,-3]}"#
        let fromString = try JSONParser.parse(text)
        let fromArray = try JSONParser.parse(Array(text.utf8))
        let fromPointer = try Array(text.utf8).withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(strictlyEqual(fromString, fromArray))
        #expect(strictlyEqual(fromString, fromPointer))
        #expect(fromString["text"] == "é\n😀")
        #expect(throws: JSONParseError.self) { try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    // MARK: Round trip

    static func randomString(_ random: inout SeededRandom) -> String {
        let pieces: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}",
                                "é", "ĳ", "€", "\u{FFFF}", "😀", "𝄞", "\u{2028}", "plain text ", "{}[],:"]
        let count = Int.random(in: 0...12, using: &random)
        return (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func randomValue(_ random: inout SeededRandom, depth: Int) -> JSONValue {
        let choice = Int.random(in: 0..<(depth >= 4 ? 6 : 8), using: &random)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            let extremes = [0, 1, -1, Int.max, Int.min, Int.max - 1, Int.min + 1, 1 << 53, -(1 << 53) - 1]
            return .int(Bool.random(using: &random)
                ? extremes.randomElement(using: &random)! : Int.random(in: -1_000_000...1_000_000, using: &random))
        case 3:
            let specials: [Double] = [0.1, -2.5, 1e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, 1e21, 123456.789, -0.0, 3.0]
            if Bool.random(using: &random) { return .double(specials.randomElement(using: &random)!) }
            let number = Double(bitPattern: random.next())
            return .double(number.isFinite ? number : 0.5)
        case 4, 5: return .string(randomString(&random))
        case 6:
            let count = Int.random(in: 0...5, using: &random)
            return .array((0..<count).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            let count = Int.random(in: 0...14, using: &random)
            var keys: [String] = []
            while keys.count < count {
                let key = randomString(&random)
                if !keys.contains(key) { keys.append(key) }
            }
            return .object(keys.map { ($0, randomValue(&random, depth: depth + 1)) })
        }
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        var random = SeededRandom(seed: 0xA11A1)
        for _ in 0..<2_000 {
            let value = Self.randomValue(&random, depth: 0)
            let compact = try JSONParser.parse(JSONWriter.bytes(value))
            #expect(compact == value, "\(JSONWriter.string(value))")
            let pretty = try JSONParser.parse(JSONWriter.pretty(value))
            #expect(pretty == value)
        }
    }

    static func numbersAreFinite(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): number.isFinite
        case .array(let elements): elements.allSatisfy(numbersAreFinite)
        case .object(let members): members.allSatisfy { numbersAreFinite($0.1) }
        default: true
        }
    }

    @Test func mutatedInputsNeverCrashAndParseConsistently() {
        var random = SeededRandom(seed: 42)
        let alphabet = Array(#"{}[],:"\u0123456789.eE+-tfnrl abc"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF, 0xED]
        var accepted = 0
        for _ in 0..<3_000 {
            var input = JSONWriter.bytes(Self.randomValue(&random, depth: 2))
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0...input.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < input.count: input.remove(at: position)
                case 1 where position < input.count: input[position] = alphabet.randomElement(using: &random)!
                default: input.insert(alphabet.randomElement(using: &random)!, at: position)
                }
            }
            guard let value = try? JSONParser.parse(input) else { continue }
            accepted += 1
            // Out-of-range numbers parse as ±infinity, which JSON cannot write back.
            guard Self.numbersAreFinite(value) else { continue }
            #expect((try? JSONParser.parse(JSONWriter.bytes(value))) == value, "\(String(decoding: input, as: UTF8.self))")
        }
        #expect(accepted > 0)
    }
}

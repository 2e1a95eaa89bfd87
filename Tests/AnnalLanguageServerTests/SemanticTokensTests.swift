import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct SemanticTokensTests {
    /// A decoded token: absolute line and column, length, type name and modifier names.
    struct Decoded: Equatable, CustomStringConvertible {
        let line: Int
        let column: Int
        let length: Int
        let type: String
        let modifiers: Set<String>

        init(_ line: Int, _ column: Int, _ length: Int, _ type: String, _ modifiers: Set<String> = []) {
            self.line = line
            self.column = column
            self.length = length
            self.type = type
            self.modifiers = modifiers
        }

        var description: String { "(\(line), \(column), \(length), \(type)\(modifiers.isEmpty ? "" : " " + modifiers.sorted().joined(separator: "+")))" }
    }

    /// Decodes the data the way a client does, with the legend the server announced.
    static func decode(_ data: [Int], legend: JSONValue?) -> [Decoded] {
        let types = legend?["tokenTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let modifiers = legend?["tokenModifiers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var result: [Decoded] = []
        var line = 0
        var column = 0
        var index = 0
        while index + 5 <= data.count {
            let (deltaLine, deltaStart, length, type, bits) = (data[index], data[index + 1], data[index + 2], data[index + 3], data[index + 4])
            line += deltaLine
            column = deltaLine == 0 ? column + deltaStart : deltaStart
            let names = Set(modifiers.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element))
            result.append(Decoded(line, column, length, type < types.count ? types[type] : "?\(type)", names))
            index += 5
        }
        #expect(index == data.count, "the data is not a whole number of 5-tuples")
        return result
    }

    static let document = """
    # note
    party XD {
      kind = state
      name = "Ünïcode 😀" # c
      aliases = [XDA]
    }
    relation r-1 {
      parties = [OTAN, UZ, XD]
      programmes = [PPP, NOPE]
      event 2003-04 {
        kind = exercise
        cite src "q"
      }
    }

    """

    func tokens(_ client: TestClient, _ legend: JSONValue?, _ path: String, range: JSONValue? = nil) throws -> [Decoded] {
        var params: [(String, JSONValue)] = [("textDocument", .object([("uri", .string(client.uri(path)))]))]
        let method: String
        if let range {
            params.append(("range", range))
            method = "textDocument/semanticTokens/range"
        } else {
            method = "textDocument/semanticTokens/full"
        }
        let result = try client.result(method, .object(params))
        let data = try #require(result["data"]?.arrayValue).compactMap(\.intValue)
        return Self.decode(data, legend: legend)
    }

    func started(_ encoding: PositionEncoding = .utf16) throws -> (TestClient, JSONValue?) {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        let result = try client.start()
        return (client, result["capabilities"]?["semanticTokensProvider"]?["legend"])
    }

    @Test func capabilityAnnouncesTheLegendFullAndRange() throws {
        let client = try TestClient(files: [:])
        let provider = try client.start()["capabilities"]?["semanticTokensProvider"]
        #expect(provider?["legend"]?["tokenTypes"] == .array(["keyword", "namespace", "class", "enumMember", "property", "string", "comment", "number", "variable", "operator"]))
        #expect(provider?["legend"]?["tokenModifiers"] == .array(["declaration", "defaultLibrary", "deprecated"]))
        #expect(provider?["full"] == true)
        #expect(provider?["range"] == true)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func fullDocumentTokensDecodeToTheExpectedTuples(_ encoding: PositionEncoding) throws {
        let (client, legend) = try started(encoding)
        client.open("t.annal", Self.document)
        // `"Ünïcode 😀"`: Ü and ï take 2 bytes, 😀 takes 4 bytes, 2 UTF-16 units, 1 code point.
        let (string, comment) = switch encoding {
        case .utf16: (12, 22)
        case .utf8: (16, 26)
        case .utf32: (11, 21)
        }
        let expected: [Decoded] = [
            Decoded(0, 0, 6, "comment"),
            Decoded(1, 0, 5, "keyword"), Decoded(1, 6, 2, "class", ["declaration"]),
            Decoded(2, 2, 4, "property"), Decoded(2, 7, 1, "operator"), Decoded(2, 9, 5, "enumMember"),
            Decoded(3, 2, 4, "property"), Decoded(3, 7, 1, "operator"), Decoded(3, 9, string, "string"), Decoded(3, comment, 3, "comment"),
            Decoded(4, 2, 7, "property"), Decoded(4, 10, 1, "operator"), Decoded(4, 13, 3, "class", ["declaration"]),
            Decoded(6, 0, 8, "keyword"), Decoded(6, 9, 3, "namespace", ["declaration"]),
            Decoded(7, 2, 7, "property"), Decoded(7, 10, 1, "operator"),
            Decoded(7, 13, 4, "class", ["defaultLibrary", "deprecated"]), Decoded(7, 19, 2, "class", ["defaultLibrary"]), Decoded(7, 23, 2, "class"),
            Decoded(8, 2, 10, "property"), Decoded(8, 13, 1, "operator"),
            Decoded(8, 16, 3, "namespace", ["defaultLibrary", "deprecated"]), Decoded(8, 21, 4, "namespace"),
            Decoded(9, 2, 5, "keyword"), Decoded(9, 8, 7, "number"),
            Decoded(10, 4, 4, "property"), Decoded(10, 9, 1, "operator"), Decoded(10, 11, 8, "enumMember"),
            Decoded(11, 4, 4, "keyword"), Decoded(11, 9, 3, "namespace"), Decoded(11, 13, 3, "string"),
        ]
        let actual = try tokens(client, legend, "t.annal")
        #expect(actual == expected)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func rangeReturnsOnlyTheTokensInTheRange(_ encoding: PositionEncoding) throws {
        let (client, legend) = try started(encoding)
        client.open("t.annal", Self.document)
        let range = LSP.range(LinePosition(line: 7, column: 0), LinePosition(line: 9, column: 0))
        let actual = try tokens(client, legend, "t.annal", range: range)
        // The first token is encoded from the start of the document.
        #expect(actual.first == Decoded(7, 2, 7, "property"))
        #expect(actual.last == Decoded(8, 21, 4, "namespace"))
        #expect(actual.count == 9)
        #expect(actual.allSatisfy { $0.line == 7 || $0.line == 8 })
        // A range that starts inside a token keeps that token.
        let cut = try tokens(client, legend, "t.annal", range: LSP.range(LinePosition(line: 3, column: 10), LinePosition(line: 3, column: 11)))
        #expect(cut.map(\.type) == ["string"])
    }

    @Test func datesKeysAndUnknownWords() throws {
        let (client, legend) = try started()
        client.open("d.annal", """
        programme LOCAL2 {
          name   = "x"
          since  = 2000
          colour = blue
          owner  = KZ
        }
        source s {
          path = "sources/s.txt"
          lang = fr
          updated = 2023-10-13
        }

        """)
        let actual = try tokens(client, legend, "d.annal")
        func at(_ line: Int, _ column: Int) -> Decoded? { actual.first { $0.line == line && $0.column == column } }
        #expect(at(2, 11) == Decoded(2, 11, 4, "number"))
        #expect(at(3, 2) == Decoded(3, 2, 6, "property"))
        #expect(at(3, 11) == Decoded(3, 11, 4, "variable")) // the value of an unknown field
        #expect(at(4, 11) == Decoded(4, 11, 2, "class", ["defaultLibrary"]))
        #expect(at(6, 7) == Decoded(6, 7, 1, "namespace", ["declaration"]))
        #expect(at(8, 9) == Decoded(8, 9, 2, "enumMember"))
        #expect(at(9, 12) == Decoded(9, 12, 10, "number"))
    }

    @Test func brokenInputStillGetsTokensOnOneLineEach() throws {
        let (client, legend) = try started()
        let text = """
        programme RECOV {
          name = "unterminated 😀
        # a comment

        relation rec {
          programmes = [RECOV, LOCAL
        }

        """
        client.open("b.annal", text)
        let actual = try tokens(client, legend, "b.annal")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf16.count }
        for token in actual {
            #expect(token.line < lines.count && token.length > 0 && token.column + token.length <= lines[min(token.line, lines.count - 1)],
                    "\(token) reaches past its line")
        }
        #expect(actual.contains(Decoded(0, 10, 5, "namespace", ["declaration"])))
        #expect(actual.contains(Decoded(1, 9, 16, "string")))
        #expect(actual.contains(Decoded(2, 0, 11, "comment")))
        #expect(actual.contains(Decoded(4, 0, 8, "keyword")))
        #expect(actual.contains(Decoded(5, 16, 5, "namespace")))
        #expect(actual.contains(Decoded(5, 23, 5, "namespace")))
        // Strictly in document order.
        let order = actual.map { [$0.line, $0.column] }
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func lineSegmentsSplitAtLineBreaks() {
        let lines = LineIndex("ab\r\ncd\nef")
        #expect(SemanticTokensFeature.lineSegments(1..<9, lines: lines) == [1..<2, 4..<6, 7..<9])
        #expect(SemanticTokensFeature.lineSegments(4..<6, lines: lines) == [4..<6])
        let encoded = SemanticTokensFeature.encode([.init(range: 1..<9, type: .comment, modifiers: [])], lines: lines, encoding: .utf16)
        #expect(encoded == [0, 1, 1, 6, 0, 1, 0, 2, 6, 0, 1, 0, 2, 6, 0])
    }

    @Test func unknownDocumentIsInvalidParams() throws {
        let (client, _) = try started()
        let params: JSONValue = .object([("textDocument", .object([("uri", .string(client.uri("nope.annal")))]))])
        guard case .failure(let error) = client.request("textDocument/semanticTokens/full", params) else {
            Issue.record("tokens for an unknown document")
            return
        }
        #expect(error.code == -32602)
    }
}

import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct FoldingRangeTests {
    static let document = """
    # first
    # second
    relation r {
      parties = [
        NATO,
        UZ,
      ]

      event 2003 {
        kind = other
      }
    }
    party XD { kind = state }
    # alone

    """

    /// A fold as a compact tuple: start line, start character, end line, end character, kind.
    struct Fold: Equatable, CustomStringConvertible {
        let startLine: Int, startCharacter: Int?, endLine: Int, endCharacter: Int?, kind: String?
        init(_ startLine: Int, _ startCharacter: Int?, _ endLine: Int, _ endCharacter: Int?, _ kind: String? = nil) {
            (self.startLine, self.startCharacter, self.endLine, self.endCharacter, self.kind) = (startLine, startCharacter, endLine, endCharacter, kind)
        }
        init(_ json: JSONValue) {
            self.init(json["startLine"]?.intValue ?? -1, json["startCharacter"]?.intValue, json["endLine"]?.intValue ?? -1,
                      json["endCharacter"]?.intValue, json["kind"]?.stringValue)
        }
        var description: String { "(\(startLine):\(startCharacter.map(String.init) ?? "-") → \(endLine):\(endCharacter.map(String.init) ?? "-")\(kind.map { " " + $0 } ?? ""))" }
    }

    func folds(_ client: TestClient, _ path: String) throws -> [Fold] {
        let result = try client.result("textDocument/foldingRange", .object([("textDocument", .object([("uri", .string(client.uri(path)))]))]))
        return (result.arrayValue ?? []).map(Fold.init)
    }

    func started(lineFoldingOnly: Bool, encoding: PositionEncoding = .utf16, rangeLimit: Int? = nil) throws -> TestClient {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        var capabilities = TestClient.capabilities(encoding: encoding)
        if lineFoldingOnly { capabilities = setting(capabilities, ["textDocument", "foldingRange", "lineFoldingOnly"], true) }
        if let rangeLimit { capabilities = setting(capabilities, ["textDocument", "foldingRange", "rangeLimit"], .int(rangeLimit)) }
        try client.start(capabilities: capabilities)
        return client
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient(files: [:])
        #expect(try client.start()["capabilities"]?["foldingRangeProvider"] == true)
    }

    @Test func blocksListsAndCommentRunsWithCharacters() throws {
        let client = try started(lineFoldingOnly: false)
        client.open("f.annal", Self.document)
        #expect(try folds(client, "f.annal") == [
            Fold(0, 7, 1, 8, "comment"),
            Fold(2, 12, 11, 0),  // relation: after `{` to before `}`
            Fold(3, 13, 6, 2),   // the list: after `[` to before `]`
            Fold(8, 14, 10, 2),  // the event
        ])
    }

    @Test func lineFoldingOnlyLeavesTheClosingLineVisible() throws {
        let client = try started(lineFoldingOnly: true)
        client.open("f.annal", Self.document)
        #expect(try folds(client, "f.annal") == [
            Fold(0, nil, 1, nil, "comment"),
            Fold(2, nil, 10, nil),
            Fold(3, nil, 5, nil),
            Fold(8, nil, 9, nil),
        ])
    }

    @Test(arguments: [true, false])
    func blocksMissingTheirClosingBraceFoldToTheirLastToken(_ lineFoldingOnly: Bool) throws {
        let client = try started(lineFoldingOnly: lineFoldingOnly)
        client.open("b.annal", """
        programme RECOV {
          name = "No closing brace"
          kind = forum

        relation rec {
          parties = [NATO, UZ]
          event 2001 {
            kind = other

        """)
        let expected: [Fold] = lineFoldingOnly
            ? [Fold(0, nil, 2, nil), Fold(4, nil, 7, nil), Fold(6, nil, 7, nil)]
            : [Fold(0, 17, 2, 14), Fold(4, 14, 7, 16), Fold(6, 14, 7, 16)]
        #expect(try folds(client, "b.annal") == expected)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func charactersAreInTheNegotiatedEncoding(_ encoding: PositionEncoding) throws {
        let client = try started(lineFoldingOnly: false, encoding: encoding)
        // An invalid id, but still a block: `Ü` is 2 bytes, `😀` 4 bytes and 2 UTF-16 units.
        client.open("u.annal", "party Ü😀 {\n  kind = state # ünï😀\n}\n# é😀\n# two\n")
        let afterBrace = switch encoding {
        case .utf16: 11
        case .utf8: 14
        case .utf32: 10
        }
        let commentEnd = switch encoding {
        case .utf16: 5
        case .utf8: 8
        case .utf32: 4
        }
        #expect(try folds(client, "u.annal") == [Fold(0, afterBrace, 2, 0), Fold(3, commentEnd, 4, 5, "comment")])
    }

    @Test func trailingCommentsAndBlankLinesBreakCommentRuns() throws {
        let client = try started(lineFoldingOnly: true)
        client.open("c.annal", "# one\n\n# two\nparty XD { kind = state } # three\n# four\n  # five\n")
        #expect(try folds(client, "c.annal") == [Fold(4, nil, 5, nil, "comment")])
    }

    @Test func rangeLimitCapsTheCount() throws {
        let client = try started(lineFoldingOnly: true, rangeLimit: 2)
        client.open("f.annal", Self.document)
        #expect(try folds(client, "f.annal").count == 2)
    }
}

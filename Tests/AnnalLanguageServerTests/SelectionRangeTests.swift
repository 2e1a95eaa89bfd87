import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct SelectionRangeTests {
    typealias Span = (start: LinePosition, end: LinePosition)

    static func span(_ json: JSONValue?) -> Span {
        let start = LSP.readPosition(json?["start"]) ?? LinePosition(line: -1, column: -1)
        let end = LSP.readPosition(json?["end"]) ?? LinePosition(line: -1, column: -1)
        return (start, end)
    }

    /// The chain of one result, innermost first.
    static func chain(_ result: JSONValue) -> [Span] {
        var spans: [Span] = []
        var current: JSONValue? = result
        while let node = current {
            spans.append(span(node["range"]))
            current = node["parent"]
        }
        return spans
    }

    static func sp(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> Span {
        (LinePosition(line: l1, column: c1), LinePosition(line: l2, column: c2))
    }

    static func same(_ a: [Span], _ b: [Span]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.start == $1.start && $0.end == $1.end }
    }

    /// Checks the protocol's rules: the first range contains the position,
    /// each parent strictly contains its child.
    static func checkNesting(_ chain: [Span], around position: LinePosition, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let first = chain.first else {
            Issue.record("empty chain", sourceLocation: sourceLocation)
            return
        }
        #expect(first.start <= position && position <= first.end, "the innermost range does not contain the position", sourceLocation: sourceLocation)
        for (child, parent) in zip(chain, chain.dropFirst()) {
            #expect(parent.start <= child.start && child.end <= parent.end, "a parent does not contain its child", sourceLocation: sourceLocation)
            #expect(!(parent.start == child.start && parent.end == child.end), "a parent equals its child", sourceLocation: sourceLocation)
        }
    }

    static let document = """
    relation r {
      parties = [NA1️⃣TO, UZ4️⃣]
    3️⃣
      event 2003 {
        kind = other
        cite nato-uz-fr "le pre2️⃣mier"
      }
    }

    """

    func selection(_ client: TestClient, _ path: String, _ positions: [JSONValue?]) throws -> [JSONValue] {
        try client.result("textDocument/selectionRange", .object([
            ("textDocument", .object([("uri", .string(client.uri(path)))])),
            ("positions", .array(positions.map { $0 ?? .null })),
        ])).arrayValue ?? []
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient(files: [:])
        #expect(try client.start()["capabilities"]?["selectionRangeProvider"] == true)
    }

    @Test func chainsWalkFromTheTokenToTheFileInPositionOrder() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("s.annal", Self.document)
        let results = try selection(client, "s.annal", [markers[2], markers[1], markers[3], markers[4]])
        try #require(results.count == 4)
        let file = Self.sp(0, 0, 8, 0)
        // In the quote: its text, the string, the citation, the event, the relation, the file.
        let quote = Self.chain(results[0])
        #expect(Self.same(quote, [Self.sp(5, 21, 5, 31), Self.sp(5, 20, 5, 32), Self.sp(5, 4, 5, 32),
                                  Self.sp(3, 2, 6, 3), Self.sp(0, 0, 7, 1), file]), "\(quote)")
        // In NATO: the word, the list, the field, the relation, the file.
        let nato = Self.chain(results[1])
        #expect(Self.same(nato, [Self.sp(1, 13, 1, 17), Self.sp(1, 12, 1, 22), Self.sp(1, 2, 1, 22), Self.sp(0, 0, 7, 1), file]), "\(nato)")
        // On a blank line of the relation: the relation, the file.
        #expect(Self.same(Self.chain(results[2]), [Self.sp(0, 0, 7, 1), file]))
        // Just after `UZ`: the word UZ.
        #expect(Self.chain(results[3]).first.map { $0.start == LinePosition(line: 1, column: 19) && $0.end == LinePosition(line: 1, column: 21) } == true)
        for (result, marker) in zip(results, [2, 1, 3, 4]) {
            Self.checkNesting(Self.chain(result), around: try #require(LSP.readPosition(markers[marker])))
        }
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func nonASCIIBeforeTheCursor(_ encoding: PositionEncoding) throws {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        try client.start()
        let markers = client.open("u.annal", "relation r {\n  title = \"é😀 a1️⃣b\" # ü😀 2️⃣x\n}\n")
        let results = try selection(client, "u.annal", [markers[1], markers[2]])
        try #require(results.count == 2)
        let (open, close, commentStart, commentEnd) = switch encoding {
        case .utf16: (10, 18, 19, 26)
        case .utf8: (10, 21, 22, 32)
        case .utf32: (10, 17, 18, 24)
        }
        let quote = Self.chain(results[0])
        #expect(quote.count == 5)
        #expect(Self.same(Array(quote.prefix(2)), [Self.sp(1, open + 1, 1, close - 1), Self.sp(1, open, 1, close)]), "\(quote)")
        let comment = Self.chain(results[1])
        #expect(Self.same(Array(comment.prefix(1)), [Self.sp(1, commentStart, 1, commentEnd)]), "\(comment)")
        for (result, marker) in zip(results, [1, 2]) {
            Self.checkNesting(Self.chain(result), around: try #require(LSP.readPosition(markers[marker])))
        }
    }

    @Test func brokenBlocksStillNest() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("b.annal", """
        programme RECOV {
          name = "No closing brace"

        relation rec {
          programmes = [RE1️⃣COV]
          event 2001 {
            kind = oth2️⃣er

        """)
        let results = try selection(client, "b.annal", [markers[1], markers[2]])
        try #require(results.count == 2)
        for (result, marker) in zip(results, [1, 2]) {
            let chain = Self.chain(result)
            Self.checkNesting(chain, around: try #require(LSP.readPosition(markers[marker])))
            #expect(chain.last.map { $0.start == LinePosition(line: 0, column: 0) && $0.end == LinePosition(line: 7, column: 0) } == true)
        }
        // RECOV → list → field → relation → file; other → field → event → relation → file
        #expect(Self.chain(results[0]).count == 5)
        #expect(Self.chain(results[1]).count == 5)
    }

    @Test func aBlockThatIsTheWholeFileAppearsOnce() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("one.annal", "party X1️⃣D { kind = state }")
        let chain = Self.chain(try #require(try selection(client, "one.annal", [markers[1]]).first))
        // XD, then the block, which is also the whole file: no range twice.
        #expect(Self.same(chain, [Self.sp(0, 6, 0, 8), Self.sp(0, 0, 0, 25)]), "\(chain)")
    }

    @Test func emptyFileAndEmptyPositions() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("e.annal", "1️⃣")
        #expect(try selection(client, "e.annal", []).isEmpty)
        let results = try selection(client, "e.annal", [markers[1]])
        #expect(Self.same(Self.chain(try #require(results.first)), [Self.sp(0, 0, 0, 0)]))
    }

    @Test func malformedPositionsAreInvalidParams() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("e.annal", "party XD { kind = state }\n")
        let params: JSONValue = .object([
            ("textDocument", .object([("uri", .string(client.uri("e.annal")))])),
            ("positions", .array([.object([("line", -1), ("character", 0)])])),
        ])
        guard case .failure(let error) = client.request("textDocument/selectionRange", params) else {
            Issue.record("a negative line was accepted")
            return
        }
        #expect(error.code == -32602)
    }
}

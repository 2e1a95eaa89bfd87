import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

/// (line, character) of an LSP position, for comparisons.
private func point(_ value: JSONValue?) -> (Int, Int) {
    (value?["line"]?.intValue ?? -1, value?["character"]?.intValue ?? -1)
}

/// True when `inner` lies inside `outer` (both LSP ranges).
private func contains(_ outer: JSONValue?, _ inner: JSONValue?) -> Bool {
    point(outer?["start"]) <= point(inner?["start"]) && point(inner?["end"]) <= point(outer?["end"])
}

@Suite struct DocumentSymbolTests {
    static let relation = """
    relation nato-uz {
      parties = [NATO, UZ]
      title   = "NATO and Uzbekistan"

      event 1993/.. {
        kind      = participation
        programme = SPS
        cite nato-uz-fr "l'Ouzbékistan participe au programme \\"pour la science\\""
      }

      event 2003-04 {
        kind      = exercise
        programme = EADRCC
        summary   = "Uzbekistan hosts the first EADRCC exercise held in Central Asia, a first for the region."
        cite nato-uz-fr "le premier exercice de l'EADRCC"
      }
    }

    """

    func documentSymbols(_ client: TestClient, _ path: String) throws -> [JSONValue] {
        try client.result("textDocument/documentSymbol", .object([("textDocument", .object([("uri", .string(client.uri(path)))]))])).arrayValue ?? []
    }

    @Test func hierarchicalSymbolsNestEventsInTheirRelation() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("rel.annal", Self.relation)
        let symbols = try documentSymbols(client, "rel.annal")
        #expect(symbols.count == 1)
        let relation = try #require(symbols.first)
        #expect(relation["name"]?.stringValue == "nato-uz")
        #expect(relation["kind"]?.intValue == 3) // Namespace
        #expect(relation["detail"]?.stringValue == "NATO and Uzbekistan")
        #expect(relation["range"] == LSP.range(LinePosition(line: 0, column: 0), LinePosition(line: 16, column: 1)))
        #expect(relation["selectionRange"] == LSP.range(LinePosition(line: 0, column: 9), LinePosition(line: 0, column: 16)))
        let events = relation["children"]?.arrayValue ?? []
        #expect(events.map { $0["name"]?.stringValue } == ["1993/..", "2003-04"])
        try #require(events.count == 2)
        #expect(events.allSatisfy { $0["kind"]?.intValue == 24 })
        #expect(events[0]["detail"]?.stringValue == "participation · SPS")
        let detail = try #require(events[1]["detail"]?.stringValue)
        #expect(detail.hasPrefix("exercise · EADRCC · Uzbekistan hosts the first EADRCC"))
        #expect(detail.hasSuffix("…"))
        #expect(events[1]["selectionRange"] == LSP.range(LinePosition(line: 10, column: 8), LinePosition(line: 10, column: 15)))
        for symbol in symbols + events {
            #expect(contains(symbol["range"], symbol["selectionRange"]))
        }
        for event in events { #expect(contains(relation["range"], event["range"])) }
    }

    @Test func declarationKindsAndDetails() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("decl.annal", Workspaces.declarations + """
        party XD {
          kind = state
          name = "Example Democratic Republic"
        }

        """)
        let symbols = try documentSymbols(client, "decl.annal")
        #expect(symbols.map { $0["name"]?.stringValue } == ["nato-uz-fr", "LOCAL", "XD"])
        #expect(symbols.map { $0["kind"]?.intValue } == [1, 2, 5]) // File, Module, Class
        #expect(symbols.map { $0["detail"]?.stringValue } == ["Relations avec l'Ouzbékistan", "A local programme", "Example Democratic Republic"])
        #expect(symbols.allSatisfy { $0["children"] == nil })
    }

    @Test func flatSymbolInformationWithoutHierarchicalSupport() throws {
        let client = try TestClient(files: Workspaces.files)
        let capabilities = setting(TestClient.capabilities(), ["textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"], false)
        try client.start(capabilities: capabilities)
        client.open("rel.annal", Self.relation)
        let symbols = try documentSymbols(client, "rel.annal")
        #expect(symbols.map { $0["name"]?.stringValue } == ["nato-uz", "1993/..", "2003-04"])
        #expect(symbols.map { $0["kind"]?.intValue } == [3, 24, 24])
        #expect(symbols.map { $0["containerName"]?.stringValue } == [nil, "nato-uz", "nato-uz"])
        try #require(symbols.count == 3)
        #expect(symbols.allSatisfy { $0["location"]?["uri"]?.stringValue == client.uri("rel.annal") && $0["selectionRange"] == nil && $0["children"] == nil })
        #expect(symbols[2]["location"]?["range"] == LSP.range(LinePosition(line: 10, column: 2), LinePosition(line: 15, column: 3)))
    }

    @Test func blocksMissingTheirClosingBraceStillAppear() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("broken.annal", """
        programme RECOV {
          name = "No closing brace"

        relation recovery {
          parties    = [NATO, UZ]
          programmes = [RECOV]

          event 2001 {
            kind = other

        """)
        let symbols = try documentSymbols(client, "broken.annal")
        #expect(symbols.map { $0["name"]?.stringValue } == ["RECOV", "recovery"])
        try #require(symbols.count == 2)
        // The programme ends with its last field; the relation and its event run to the end.
        #expect(symbols[0]["range"] == LSP.range(LinePosition(line: 0, column: 0), LinePosition(line: 1, column: 27)))
        let events = symbols[1]["children"]?.arrayValue ?? []
        #expect(events.map { $0["name"]?.stringValue } == ["2001"])
        for symbol in symbols + events {
            #expect(contains(symbol["range"], symbol["selectionRange"]))
        }
        #expect(contains(symbols[1]["range"], events.first?["range"]))
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func selectionRangesCountColumnsInTheNegotiatedEncoding(_ encoding: PositionEncoding) throws {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        try client.start()
        client.open("one-line.annal", "programme P1 { name = \"é😀\" } programme P2 { name = \"x\" }\n")
        let symbols = try documentSymbols(client, "one-line.annal")
        #expect(symbols.map { $0["name"]?.stringValue } == ["P1", "P2"])
        try #require(symbols.count == 2)
        // `é` is 1 UTF-16 unit, 2 bytes; `😀` is 2 UTF-16 units, 4 bytes, 1 code point.
        let column = switch encoding {
        case .utf16: 40
        case .utf8: 43
        case .utf32: 39
        }
        #expect(symbols[1]["selectionRange"] == LSP.range(LinePosition(line: 0, column: column), LinePosition(line: 0, column: column + 2)))
        #expect(contains(symbols[1]["range"], symbols[1]["selectionRange"]))
    }

    @Test func eventWithoutADateStillHasAName() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("nodate.annal", "relation r {\n  parties = [NATO, UZ]\n  event {\n    kind = other\n  }\n}\n")
        let symbols = try documentSymbols(client, "nodate.annal")
        let event = try #require(symbols.first?["children"]?.arrayValue?.first)
        #expect(event["name"]?.stringValue == "event (no date)")
        #expect(contains(event["range"], event["selectionRange"]))
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient(files: [:])
        let result = try client.start()
        #expect(result["capabilities"]?["documentSymbolProvider"] == true)
    }
}

import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct DefinitionTests {
    static let relation = """
    relation nato-uz {
      parties    = [NATO, U1️⃣Z]
      programmes = [SPS, LOC2️⃣AL, PP3️⃣P]

      event 1993/.. {
        kind      = participation
        cite nato-u4️⃣z-fr "l'Ouzbékistan 5️⃣participe au programme \\"pour la science\\""
      }
    }

    """

    func client(_ encoding: PositionEncoding = .utf16) throws -> (TestClient, [Int: JSONValue]) {
        var files = Workspaces.files
        files["rel.annal"] = Self.relation
        let client = try TestClient(files: files, encoding: encoding)
        try client.start()
        let markers = client.open("rel.annal", Self.relation)
        return (client, markers)
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func quoteJumpsToTheExactPassageInTheSource(_ encoding: PositionEncoding) throws {
        let (client, markers) = try client(encoding)
        let location = try client.result("textDocument/definition", client.at("rel.annal", markers[5]))
        #expect(location["uri"]?.stringValue == client.uri("sources/nato-uz.fr.txt"))
        // Line 2 of the source: "Depuis 1993, l’Ouzbékistan participe au programme « pour la science » ;"
        // The match starts at "l’" (after "Depuis 1993, ") and ends after "»".
        let start = location["range"]?["start"]
        let end = location["range"]?["end"]
        #expect(start?["line"]?.intValue == 2 && start?["character"]?.intValue == 13)
        let endColumn = switch encoding {
        case .utf16, .utf32: 69 // no astral characters on that line
        case .utf8: 74          // ’ (3 bytes), é, « and » (2 bytes each)
        }
        #expect(end?["line"]?.intValue == 2 && end?["character"]?.intValue == endColumn)
    }

    @Test func sourceIdJumpsToItsDeclaration() throws {
        let (client, markers) = try client()
        let location = try client.result("textDocument/definition", client.at("rel.annal", markers[4]))
        #expect(location["uri"]?.stringValue == client.uri("decl.annal"))
        #expect(location["range"]?["start"] == JSONValue.object([("line", 0), ("character", 7)]))
    }

    @Test func workspaceProgrammeJumpsToItsDeclaration() throws {
        let (client, markers) = try client()
        let location = try client.result("textDocument/definition", client.at("rel.annal", markers[2]))
        #expect(location["uri"]?.stringValue == client.uri("decl.annal"))
        #expect(location["range"]?["start"]?["line"]?.intValue == 5)
    }

    @Test func builtinPartyAndAliasJumpIntoTheMaterialisedCatalogue() throws {
        let (client, markers) = try client()
        for marker in [1, 3] {
            let location = try client.result("textDocument/definition", client.at("rel.annal", markers[marker]))
            let uri = try #require(location["uri"]?.stringValue)
            #expect(uri.hasSuffix(".annal") && uri.contains("catalogue"))
            let path = try #require(DocumentURI.path(uri))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let line = try #require(location["range"]?["start"]?["line"]?.intValue)
            let expected = marker == 1 ? "party UZ" : "programme PfP"
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[line].contains(expected))
        }
    }

    @Test func sourcePathLinksToTheFile() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("decl.annal", Workspaces.declarations.replacingOccurrences(of: "\"sources/nato", with: "\"sources/na1️⃣to"))
        let location = try client.result("textDocument/definition", client.at("decl.annal", markers[1]))
        #expect(location["uri"]?.stringValue == client.uri("sources/nato-uz.fr.txt"))
        let links = try client.result("textDocument/documentLink", .object([("textDocument", .object([("uri", .string(client.uri("decl.annal")))]))]))
        #expect(links.arrayValue?.first?["target"]?.stringValue == client.uri("sources/nato-uz.fr.txt"))
        #expect(links.arrayValue?.first?["range"]?["start"] == JSONValue.object([("line", 1), ("character", 11)]))
    }

    @Test func nothingUnderTheCursorGivesNull() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("x.annal", "# just a 1️⃣comment\n")
        #expect(try client.result("textDocument/definition", client.at("x.annal", markers[1])) == .null)
    }

    @Test func unknownDocumentIsInvalidParams() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        guard case .failure(let error) = client.request("textDocument/definition", client.at("nope.annal", .object([("line", 0), ("character", 0)]))) else {
            Issue.record("definition in an unknown document succeeded")
            return
        }
        #expect(error.code == -32602)
    }
}

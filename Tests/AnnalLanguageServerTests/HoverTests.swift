import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct HoverTests {
    static let relation = """
    relation nato-uz {
      parties    = [NA1️⃣TO, UZ]
      programmes = [SPS, LO2️⃣CAL, Pf3️⃣P, PP4️⃣P]

      # a comment 5️⃣here
      event 1993/6️⃣.. {
        ki7️⃣nd      = participation
        programme = SPS
        cite nato-uz-fr "l'Ouzbékistan 8️⃣participe au programme \\"pour la science\\""
      }

      event 2003-04 {
        kind      = exercise
        programme = EADRCC
        cite nato-uz-fr "le premier exercice de 9️⃣l'ISAF"
      }
    }

    """

    func open(capabilities: JSONValue? = nil) throws -> (TestClient, [Int: JSONValue]) {
        var files = Workspaces.files
        files["rel.annal"] = Self.relation
        let client = try TestClient(files: files)
        try client.start(capabilities: capabilities)
        let markers = client.open("rel.annal", Self.relation)
        return (client, markers)
    }

    func hover(_ client: TestClient, _ position: JSONValue?, path: String = "rel.annal") throws -> (text: String, range: JSONValue?) {
        let result = try client.result("textDocument/hover", client.at(path, position))
        let contents = try #require(result["contents"], "no hover")
        let text = try #require(contents["value"]?.stringValue)
        return (text, result["range"])
    }

    func range(_ line: Int, _ start: Int, _ end: Int) -> JSONValue {
        .object([("start", .object([("line", .int(line)), ("character", .int(start))])),
                 ("end", .object([("line", .int(line)), ("character", .int(end))]))])
    }

    @Test func builtinProgrammeShowsNamesAliasesOwnerDatesAndOrigin() throws {
        let (client, markers) = try open()
        let result = try client.result("textDocument/hover", client.at("rel.annal", markers[3]))
        #expect(result["contents"]?["kind"]?.stringValue == "markdown")
        let (text, range) = try hover(client, markers[3])
        for expected in ["**PfP**", "Partnership for Peace", "French: Partenariat pour la paix", "`PPP`", "`NATO`",
                         "North Atlantic Treaty Organization", "Since 1994", "built-in catalogue"] {
            #expect(text.contains(expected), "hover lacks \(expected): \(text)")
        }
        #expect(range == self.range(2, 28, 31))
    }

    @Test func aliasSaysWhatItStandsFor() throws {
        let (client, markers) = try open()
        let (text, range) = try hover(client, markers[4])
        #expect(text.hasPrefix("`PPP` is an alias of `PfP`"))
        #expect(text.contains("Partnership for Peace"))
        #expect(range == self.range(2, 33, 36))
    }

    @Test func workspaceProgrammeNamesItsFile() throws {
        let (client, markers) = try open()
        let (text, _) = try hover(client, markers[2])
        #expect(text.contains("Un programme local") && text.contains("Declared in `decl.annal`, line 6") && text.contains("Since 2000"))
        #expect(!text.contains("built-in"))
    }

    @Test func partyShowsItsNames() throws {
        let (client, markers) = try open()
        let (text, range) = try hover(client, markers[1])
        #expect(text.contains("North Atlantic Treaty Organization") && text.contains("Organisation du Traité de l'Atlantique Nord"))
        #expect(text.contains("`OTAN`") && text.contains("Party (organisation)"))
        #expect(range == self.range(1, 16, 20))
    }

    @Test func eventDateGivesItsMeaningAndPrecision() throws {
        let (client, markers) = try open()
        let (text, range) = try hover(client, markers[6])
        #expect(text.contains("open interval, since 1993"))
        #expect(text.contains("Precision: year (start), open (end)"))
        #expect(range == self.range(5, 8, 15))
    }

    @Test func dateFieldGivesItsMeaning() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("p.annal", "programme P {\n  name  = \"P\"\n  since = 2008~1️⃣\n  until = 2003-42️⃣\n}\n")
        let (text, _) = try hover(client, markers[1], path: "p.annal")
        #expect(text.contains("a year, approximate: 2008"))
        let (invalid, _) = try hover(client, markers[2], path: "p.annal")
        #expect(invalid.contains("not a valid date"))
    }

    @Test func foundQuoteShowsTheSentenceOfTheSource() throws {
        let (client, markers) = try open()
        let (text, range) = try hover(client, markers[8])
        #expect(text.contains("Found in *Relations avec l'Ouzbékistan*"))
        #expect(text.contains("`sources/nato-uz.fr.txt`, line 3"))
        // The sentence runs from the start of the line (a line break bounds it) to the line's end.
        #expect(text.contains("> Depuis 1993, **l’Ouzbékistan participe au programme « pour la science »** ;"), "\(text)")
        #expect(!text.contains("avril"), "the next line is another sentence")
        #expect(range?["start"]?["line"]?.intValue == 8)
    }

    @Test func missingQuoteSaysSoWithTheClosestPassage() throws {
        let (client, markers) = try open()
        let (text, _) = try hover(client, markers[9])
        #expect(text.hasPrefix("Not found in *Relations avec l'Ouzbékistan*"))
        #expect(text.contains("Closest passage"))
    }

    @Test func fieldKeyShowsItsDocumentation() throws {
        let (client, markers) = try open()
        let (text, range) = try hover(client, markers[7])
        #expect(text.contains("**kind** — What happened."))
        #expect(text.contains("`membership`") && text.contains("Required field of an event"))
        #expect(range == self.range(6, 4, 8))
    }

    @Test func blockKeywordSaysWhatItDeclares() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("k.annal", "rel1️⃣ation r {\n  parties = [NATO, UZ]\n}\n")
        let (text, range) = try hover(client, markers[1], path: "k.annal")
        #expect(text.contains("Declares a relation between two or more parties"))
        #expect(range == self.range(0, 0, 8))
    }

    @Test func plainTextForClientsWithoutMarkdown() throws {
        let (client, markers) = try open(capabilities: .object([("textDocument", .object([("hover", .object([("contentFormat", .array(["plaintext"]))]))]))]))
        let result = try client.result("textDocument/hover", client.at("rel.annal", markers[3]))
        #expect(result["contents"]?["kind"]?.stringValue == "plaintext")
        let text = try #require(result["contents"]?["value"]?.stringValue)
        #expect(text.contains("Partnership for Peace") && !text.contains("**") && !text.contains("`"))
    }

    @Test func nothingInACommentGivesNull() throws {
        let (client, markers) = try open()
        #expect(try client.result("textDocument/hover", client.at("rel.annal", markers[5])) == .null)
    }
}

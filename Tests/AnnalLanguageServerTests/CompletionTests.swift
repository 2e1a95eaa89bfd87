import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct CompletionTests {
    /// Starts a client on the shared workspace and opens `text` as `new.annal`.
    func open(_ text: String, capabilities: JSONValue? = nil, encoding: PositionEncoding = .utf16) throws -> (TestClient, [Int: JSONValue]) {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        try client.start(capabilities: capabilities)
        let markers = client.open("new.annal", text)
        return (client, markers)
    }

    /// The items at a marker, in the order the client shows them (by sortText).
    func items(_ client: TestClient, _ position: JSONValue?) throws -> [JSONValue] {
        let list = try client.result("textDocument/completion", client.at("new.annal", position))
        #expect(list["isIncomplete"]?.boolValue == false)
        let items = try #require(list["items"]?.arrayValue)
        return items.sorted { sortKey($0) < sortKey($1) }
    }

    func sortKey(_ item: JSONValue) -> String { item["sortText"]?.stringValue ?? item["label"]?.stringValue ?? "" }

    func labels(_ items: [JSONValue]) -> [String] { items.compactMap { $0["label"]?.stringValue } }

    func item(_ items: [JSONValue], _ label: String) throws -> JSONValue {
        try #require(items.first { $0["label"]?.stringValue == label }, "no item \(label) in \(labels(items))")
    }

    /// Capabilities of a client without snippets and with plain-text documentation only.
    static let plainCapabilities: JSONValue = .object([
        ("textDocument", .object([
            ("completion", .object([("completionItem", .object([("documentationFormat", .array(["plaintext"]))]))])),
        ])),
    ])

    // MARK: - Aliases

    @Test(arguments: [("PPP", "PfP"), ("ppp", "PfP"), ("FIAS", "ISAF"), ("fias", "ISAF"), ("CPEA", "EAPC"), ("PfP", "PfP")])
    func aliasOffersTheCanonicalAcronymFirst(_ typed: String, _ canonical: String) throws {
        let text = """
        relation r {
          parties    = [NATO, UZ]
          programmes = [SPS, 2️⃣\(typed)1️⃣]
        }

        """
        let (client, markers) = try open(text)
        let items = try items(client, markers[1])
        let first = try #require(items.first)
        #expect(first["label"]?.stringValue == canonical)
        #expect(first["kind"]?.intValue == 9)
        #expect(first["textEdit"]?["newText"]?.stringValue == canonical)
        #expect(first["textEdit"]?["range"] == .object([("start", markers[2]!), ("end", markers[1]!)]))
        let filter = first["filterText"]?.stringValue ?? canonical
        #expect(filter.contains(typed), "filterText \(filter) must keep the typed spelling \(typed)")
        #expect(first["insertText"] == nil)
    }

    @Test func editReplacesTheWholeWordAroundTheCursor() throws {
        let (client, markers) = try open("relation r {\n  parties    = [NATO, UZ]\n  programmes = [2️⃣PP1️⃣P3️⃣]\n}\n")
        let first = try #require(try items(client, markers[1]).first)
        #expect(first["label"]?.stringValue == "PfP")
        #expect(first["textEdit"]?["range"] == .object([("start", markers[2]!), ("end", markers[3]!)]))
    }

    @Test func programmesRankByMatchThenUseInTheFileThenName() throws {
        let text = """
        relation r {
          parties    = [NATO, UZ]
          programmes = [SPS, LOCAL]

          event 2003 {
            kind      = exercise
            programme = 1️⃣
          }
        }

        """
        let (client, markers) = try open(text)
        let items = try items(client, markers[1])
        // Used in this file first (alphabetically), then the rest: built-in and workspace declarations.
        #expect(Array(labels(items).prefix(3)) == ["LOCAL", "SPS", "BI"])
        #expect(labels(items).contains("PfP") && labels(items).contains("C5+1"))
        let local = try item(items, "LOCAL")
        #expect(local["detail"]?.stringValue == "A local programme")
        #expect(try item(items, "PfP")["detail"]?.stringValue == "Partnership for Peace")
        let sortTexts = items.compactMap { $0["sortText"]?.stringValue }
        #expect(sortTexts.allSatisfy { $0.count == 4 && $0.allSatisfy(\.isNumber) }, "sortText must be zero-padded: \(sortTexts)")
        #expect(Set(items.compactMap { $0["kind"]?.intValue }) == [9])
    }

    /// The name under the cursor is not a use of its own: it ranks with the
    /// used ones only when the file names it somewhere else too (as it is
    /// or through an alias).
    @Test(arguments: [("", ["SPS", "BI"]), (", PfP", ["PfP", "SPS"]), (", PPP", ["PfP", "SPS"])])
    func theNameBeingReplacedIsNotAUseOfItself(_ elsewhere: String, _ first: [String]) throws {
        let text = """
        relation r {
          parties    = [NATO, UZ]
          programmes = [SPS\(elsewhere)]

          event 2003 {
            kind      = exercise
            programme = 1️⃣PfP
          }
        }

        """
        let (client, markers) = try open(text)
        #expect(Array(labels(try items(client, markers[1])).prefix(2)) == first)
    }

    @Test func parentAndSuccessorOfferProgrammes() throws {
        let (client, markers) = try open("programme NEW {\n  name   = \"New\"\n  parent = PA1️⃣\n}\n")
        #expect(labels(try items(client, markers[1])).first == "PARP")
    }

    // MARK: - Parties and sources

    @Test func partiesListOffersPartiesWithTheOnesAlreadyListedLast() throws {
        let (client, markers) = try open("relation r {\n  parties = [NATO, 1️⃣]\n}\n")
        let items = try items(client, markers[1])
        #expect(labels(items).last == "NATO")
        #expect(labels(items).contains("UZ") && labels(items).contains("UN"))
        #expect(Set(items.compactMap { $0["kind"]?.intValue }) == [7])
        #expect(try item(items, "UZ")["detail"]?.stringValue == "Uzbekistan")
        #expect(try item(items, "UZ")["textEdit"]?["newText"]?.stringValue == "UZ")
        #expect(!labels(items).contains("PfP"), "programmes are not parties")
    }

    @Test(arguments: [("OTAN", "NATO"), ("onu", "UN")])
    func partyAliasesOfferTheCanonicalId(_ typed: String, _ canonical: String) throws {
        let (client, markers) = try open("source s {\n  path      = \"sources/nato-uz.fr.txt\"\n  publisher = \(typed)1️⃣\n}\n")
        let first = try #require(try items(client, markers[1]).first)
        #expect(first["label"]?.stringValue == canonical)
        #expect(first["filterText"]?.stringValue?.contains(typed) == true)
    }

    @Test func afterCiteOffersSources() throws {
        let text = """
        relation r {
          parties = [NATO, UZ]

          event 2003 {
            kind = exercise
            cite 1️⃣
          }
        }

        """
        let (client, markers) = try open(text)
        let items = try items(client, markers[1])
        #expect(labels(items) == ["nato-uz-fr"])
        let source = try item(items, "nato-uz-fr")
        #expect(source["detail"]?.stringValue == "Relations avec l'Ouzbékistan")
        #expect(source["kind"]?.intValue == 17)
    }

    // MARK: - Fields and keywords

    @Test func eventOffersItsMissingFieldsAndCite() throws {
        let text = """
        relation r {
          parties = [NATO, UZ]

          event 2003 {
            kind = exercise
            1️⃣
          }
        }

        """
        let (client, markers) = try open(text)
        let items = try items(client, markers[1])
        let names = labels(items)
        #expect(names.contains("programme") && names.contains("place") && names.contains("areas") && names.contains("cite"))
        #expect(!names.contains("kind"), "kind is given already")
        #expect(!names.contains("path") && !names.contains("event") && !names.contains("relation"))
        #expect(names.first == "cite", "the missing required citation comes first: \(names)")
        let place = try item(items, "place")
        #expect(place["kind"]?.intValue == 5)
        #expect(place["insertTextFormat"]?.intValue == 2)
        #expect(place["textEdit"]?["newText"]?.stringValue == "place = \"$0\"")
    }

    @Test func partyOffersItsFieldsForThePartTyped() throws {
        let (client, markers) = try open("party XX {\n  kind = state\n  2️⃣na1️⃣\n}\n", capabilities: Self.plainCapabilities)
        let items = try items(client, markers[1])
        let names = labels(items)
        #expect(names.first == "name", "the required name comes first: \(names)")
        #expect(names.contains("name.fr") && names.contains("aliases") && names.contains("doc"))
        #expect(!names.contains("kind") && !names.contains("parties"))
        let name = try item(items, "name")
        #expect(name["textEdit"]?["newText"]?.stringValue == "name = ")
        #expect(name["insertTextFormat"]?.intValue == 1)
        #expect(name["textEdit"]?["range"] == .object([("start", markers[2]!), ("end", markers[1]!)]))
    }

    @Test func localizedNamesStayOfferedOnceNameIsGiven() throws {
        let (client, markers) = try open("programme NEW {\n  name    = \"New\"\n  name.fr = \"Nouveau\"\n  1️⃣\n}\n")
        let names = labels(try items(client, markers[1]))
        #expect(!names.contains("name") && !names.contains("name.fr"))
        #expect(names.contains("name.ru") && names.contains("owner") && names.contains("since"))
    }

    @Test func topLevelOffersBlockKeywords() throws {
        let (client, markers) = try open("1️⃣\n")
        let names = labels(try items(client, markers[1]))
        #expect(Set(names) == ["source", "party", "programme", "relation"])
    }

    @Test func relationOffersEventAndItsFields() throws {
        let (client, markers) = try open("relation r {\n  parties = [NATO, UZ]\n\n  ev1️⃣\n}\n")
        let names = labels(try items(client, markers[1]))
        #expect(names.contains("event") && names.contains("programmes") && names.contains("title"))
        #expect(!names.contains("parties") && !names.contains("cite") && !names.contains("relation"))
    }

    // MARK: - Values

    @Test(arguments: [
        ("party P {\n  kind = 1️⃣\n}\n", ["state", "organisation"]),
        ("programme P {\n  name = \"P\"\n  kind = 1️⃣\n}\n", CompletionTestValues.programme),
        ("source s {\n  path = \"x.txt\"\n  kind = 1️⃣\n}\n", CompletionTestValues.source),
        ("relation r {\n  parties = [NATO, UZ]\n  event 2003 {\n    kind = 1️⃣\n    cite nato-uz-fr \"x\"\n  }\n}\n", CompletionTestValues.event),
    ])
    func kindOffersTheValuesOfTheBlock(_ text: String, _ expected: [String]) throws {
        let (client, markers) = try open(text)
        let items = try items(client, markers[1])
        #expect(labels(items) == expected)
        #expect(Set(items.compactMap { $0["kind"]?.intValue }) == [20])
    }

    @Test func langOffersLanguageCodes() throws {
        let (client, markers) = try open("source s {\n  path = \"x.txt\"\n  lang = 1️⃣\n}\n")
        let names = labels(try items(client, markers[1]))
        #expect(names.starts(with: ["fr", "en", "ru", "kk", "ky", "uz", "tk", "de", "es"]))
    }

    @Test func valueRightAfterEqualsGetsASpace() throws {
        let (client, markers) = try open("party P {\n  kind =1️⃣\n}\n")
        let state = try item(try items(client, markers[1]), "state")
        #expect(state["textEdit"]?["newText"]?.stringValue == " state")
    }

    @Test func insideAStringOrAHeaderThereIsNothing() throws {
        let (client, markers) = try open("relation r {\n  title = \"NA1️⃣\"\n  parties = [NATO, UZ]\n}\nrelation 2️⃣\n")
        #expect(try items(client, markers[1]).isEmpty)
        #expect(try items(client, markers[2]).isEmpty)
    }

    // MARK: - Snippets

    @Test func blockSnippetsOnlyWithSnippetSupport() throws {
        let text = "relation r {\n  parties = [NATO, UZ]\n  1️⃣\n}\n"
        let (client, markers) = try open(text)
        let event = try item(try items(client, markers[1]), "event")
        #expect(event["insertTextFormat"]?.intValue == 2)
        #expect(event["kind"]?.intValue == 15)
        let snippet = try #require(event["textEdit"]?["newText"]?.stringValue)
        #expect(snippet.hasPrefix("event ${1:2003-04} {\n    kind = ${2|membership,participation,"))
        #expect(snippet.contains("cite ${3:nato-uz-fr} \"${4:quote}\""), "the workspace's one source is the default: \(snippet)")
        #expect(snippet.hasSuffix("\n  \\}"), "the closing brace is escaped and indented like the line: \(snippet)")

        let (plain, plainMarkers) = try open(text, capabilities: Self.plainCapabilities)
        let plainItems = try items(plain, plainMarkers[1])
        let plainEvent = try item(plainItems, "event")
        #expect(plainEvent["insertTextFormat"]?.intValue == 1)
        #expect(plainEvent["kind"]?.intValue == 14)
        #expect(plainEvent["textEdit"]?["newText"]?.stringValue == "event ")
        #expect(plainItems.allSatisfy { $0["insertTextFormat"]?.intValue == 1 })
        #expect(plainItems.allSatisfy { !($0["textEdit"]?["newText"]?.stringValue ?? "").contains("$") })
    }

    // MARK: - Broken text

    @Test func unclosedListAndBlockStillComplete() throws {
        let (client, markers) = try open("relation r {\n  parties    = [NATO, UZ]\n  programmes = [SPS, Pf1️⃣")
        let first = try #require(try items(client, markers[1]).first)
        #expect(first["label"]?.stringValue == "PfP")
    }

    @Test func emptyValueInBlockMissingItsBrace() throws {
        let text = """
        relation r {
          parties = [NATO, UZ]

          event 2003 {
            kind = 1️⃣

        party XX {
          kind = state
          name = "X"
        }

        """
        let (client, markers) = try open(text)
        let names = labels(try items(client, markers[1]))
        #expect(names == CompletionTestValues.event)
    }

    @Test func fieldsAtTheTailOfAnUnclosedBlock() throws {
        let (client, markers) = try open("relation r {\n  parties = [NATO, UZ]\n  event 2003 {\n    kind = exercise\n    pro1️⃣")
        let names = labels(try items(client, markers[1]))
        #expect(names.contains("programme") && names.contains("programmes") && !names.contains("kind"))
    }

    @Test func unclosedListThenNextFieldCompletesTheNextField() throws {
        let (client, markers) = try open("relation r {\n  parties = [NATO, UZ\n  programmes = [EA1️⃣]\n}\n")
        let names = labels(try items(client, markers[1]))
        #expect(names.first == "EADRCC" || names.first == "EAPC")
        #expect(!names.contains("NATO"))
    }

    // MARK: - Resolve

    @Test func resolveAddsDocumentationOnly() throws {
        let (client, markers) = try open("relation r {\n  parties    = [NATO, UZ]\n  programmes = [PPP1️⃣]\n}\n")
        let item = try #require(try items(client, markers[1]).first)
        #expect(item["documentation"] == nil)
        let resolved = try client.result("completionItem/resolve", item)
        let documentation = try #require(resolved["documentation"])
        #expect(documentation["kind"]?.stringValue == "markdown")
        let value = try #require(documentation["value"]?.stringValue)
        for expected in ["Partnership for Peace", "Partenariat pour la paix", "`PPP`", "NATO", "1994", "built-in catalogue"] {
            #expect(value.contains(expected), "documentation lacks \(expected): \(value)")
        }
        for key in ["label", "textEdit", "sortText", "filterText", "kind", "detail", "data", "insertTextFormat"] {
            #expect(resolved[key] == item[key], "resolve changed \(key)")
        }
    }

    @Test func resolveGivesPlainTextToPlainClientsAndLeavesItemsWithoutData() throws {
        let (client, markers) = try open("party P {\n  kind = state\n  1️⃣\n}\n", capabilities: Self.plainCapabilities)
        let name = try item(try items(client, markers[1]), "aliases")
        let resolved = try client.result("completionItem/resolve", name)
        let documentation = try #require(resolved["documentation"]?.stringValue)
        #expect(documentation.contains("Other acronyms for the party") && !documentation.contains("**"))
        let bare: JSONValue = .object([("label", "x"), ("sortText", "0001")])
        #expect(try client.result("completionItem/resolve", bare) == bare)
    }

    @Test func workspaceDeclarationDocumentationNamesItsFile() throws {
        let (client, markers) = try open("relation r {\n  parties    = [NATO, UZ]\n  programmes = [LOC1️⃣]\n}\n")
        let local = try item(try items(client, markers[1]), "LOCAL")
        let value = try client.result("completionItem/resolve", local)["documentation"]?["value"]?.stringValue ?? ""
        #expect(value.contains("Un programme local") && value.contains("decl.annal"))
    }

    // MARK: - Positions

    @Test(arguments: [(PositionEncoding.utf16, 37), (.utf8, 40), (.utf32, 36)])
    func nonASCIITextBeforeTheCursor(_ encoding: PositionEncoding, _ column: Int) throws {
        // "Ouzbékistan 😀": é is 1 UTF-16 unit and 2 bytes; 😀 is 2 UTF-16 units, 4 bytes, 1 code point.
        let text = "relation r {\n  parties = [\"Ouzbékistan 😀\", NATO, 2️⃣OT1️⃣]\n}\n"
        let (client, markers) = try open(text, encoding: encoding)
        let first = try #require(try items(client, markers[1]).first)
        #expect(first["label"]?.stringValue == "NATO")
        let range = try #require(first["textEdit"]?["range"])
        #expect(range["start"] == markers[2] && range["end"] == markers[1])
        #expect(range["start"]?["character"]?.intValue == column)
        #expect(range["end"]?["character"]?.intValue == column + 2)
        #expect(range["start"]?["line"]?.intValue == 1)
    }

    @Test func capabilityAnnouncesResolveAndFewTriggers() throws {
        let client = try TestClient(files: Workspaces.files)
        let result = try client.start()
        let provider = try #require(result["capabilities"]?["completionProvider"])
        #expect(provider["resolveProvider"]?.boolValue == true)
        #expect(provider["triggerCharacters"] == .array(["[", ",", "=", " "]))
    }
}

/// The enumerations of `BlockSchema`, spelled out so the tests fail if they change unnoticed.
enum CompletionTestValues {
    static let programme = ["programme", "forum", "mechanism", "plan", "centre", "operation", "initiative", "format", "project", "body"]
    static let source = ["page", "article", "report", "statement", "treaty", "other"]
    static let event = [
        "membership", "participation", "cooperation", "exercise", "hosting", "agreement", "consultation", "training",
        "education", "assistance", "recognition", "dialogue", "establishment", "closure", "support", "other",
    ]
}

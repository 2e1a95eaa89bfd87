import AnnalJSON
import AnnalSyntax
import Foundation
import Testing
@testable import AnnalLanguageServer

@Suite struct WorkspaceSymbolTests {
    func symbols(_ client: TestClient, _ query: String) throws -> [JSONValue] {
        try client.result("workspace/symbol", .object([("query", .string(query))])).arrayValue ?? []
    }

    func started(_ files: [String: String] = Workspaces.files) throws -> TestClient {
        let client = try TestClient(files: files)
        try client.start()
        return client
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient(files: [:])
        let result = try client.start()
        #expect(result["capabilities"]?["workspaceSymbolProvider"] == true)
    }

    @Test func emptyQueryListsEveryDeclarationAndTheCatalogue() throws {
        let client = try started()
        let names = try symbols(client, "").compactMap { $0["name"]?.stringValue }
        for expected in ["nato-uz-fr", "LOCAL", "nato-uz", "NATO", "PfP", "UZ", "C5+1"] {
            #expect(names.contains(expected), "\(expected) missing")
        }
        #expect(Set(names).count == names.count)
        // Sorted by id, case-insensitively, when every entry ranks the same.
        #expect(names == names.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) })
    }

    @Test func exactThenPrefixThenSubsequence() throws {
        let client = try started()
        let results = try symbols(client, "nato")
        let names = results.compactMap { $0["name"]?.stringValue }
        #expect(Array(names.prefix(3)) == ["NATO", "nato-uz", "nato-uz-fr"])
        // Every result holds n, a, t, o in order in its id, name, title or an alias.
        #expect(results.count > 3)
        let subsequence = try symbols(client, "ntuz")
        let subsequenceNames = subsequence.compactMap { $0["name"]?.stringValue }
        #expect(subsequenceNames.contains("nato-uz"))
        #expect(try symbols(client, "zzqq").isEmpty)
    }

    @Test func matchesNamesAndAliasesCaseInsensitively() throws {
        let client = try started()
        let byAlias = try symbols(client, "ppp")
        #expect(byAlias.first?["name"]?.stringValue == "PfP")
        let byName = try symbols(client, "PARTNERSHIP for")
        #expect(byName.first?["name"]?.stringValue == "PfP")
        #expect(byName.first?["containerName"]?.stringValue == "Partnership for Peace")
        let byFrenchName = try symbols(client, "programme local")
        let frenchNames = byFrenchName.compactMap { $0["name"]?.stringValue }
        #expect(frenchNames.contains("LOCAL"))
        // `fias` is an alias of ISAF, exactly, and no id starts with it.
        #expect(try symbols(client, "fias").first?["name"]?.stringValue == "ISAF")
    }

    @Test func locationsPointAtTheIdInTheWorkspaceOrTheCatalogueFile() throws {
        let client = try started()
        let local = try #require(try symbols(client, "LOCAL").first { $0["name"]?.stringValue == "LOCAL" })
        #expect(local["kind"]?.intValue == 2)
        #expect(local["location"]?["uri"]?.stringValue == client.uri("decl.annal"))
        #expect(local["location"]?["range"] == LSP.range(LinePosition(line: 5, column: 10), LinePosition(line: 5, column: 15)))

        let pfp = try #require(try symbols(client, "PfP").first)
        #expect(pfp["name"]?.stringValue == "PfP")
        let uri = try #require(pfp["location"]?["uri"]?.stringValue)
        #expect(uri.contains("catalogue"))
        let text = try String(contentsOfFile: try #require(DocumentURI.path(uri)), encoding: .utf8)
        let line = try #require(pfp["location"]?["range"]?["start"]?["line"]?.intValue)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[line].hasPrefix("programme PfP"))
        let party = try #require(try symbols(client, "NATO").first)
        #expect(party["kind"]?.intValue == 5)
    }

    @Test func aWorkspaceOverrideHidesTheBuiltinEntry() throws {
        var files = Workspaces.files
        files["pfp.annal"] = "programme PfP {\n  name = \"Partnership for Peace, local copy\"\n}\n"
        let client = try started(files)
        let results = try symbols(client, "PfP").filter { $0["name"]?.stringValue == "PfP" }
        #expect(results.count == 1)
        #expect(results.first?["location"]?["uri"]?.stringValue == client.uri("pfp.annal"))
    }

    @Test func atMost500Results() throws {
        var text = ""
        for number in 0..<600 {
            text += "party P\(number) {\n  kind = state\n  name = \"Party \(number)\"\n}\n\n"
        }
        let client = try started(["many.annal": text])
        let all = try symbols(client, "")
        #expect(all.count == WorkspaceSymbolFeature.maxResults)
        #expect(WorkspaceSymbolFeature.maxResults == 500)
        // Exact matches survive the cut.
        #expect(try symbols(client, "P599").first?["name"]?.stringValue == "P599")
    }

    @Test func openDocumentsAreSearchedWithTheirUnsavedText() throws {
        let client = try started()
        client.open("new.annal", "programme UNSAVED {\n  name = \"Not on disk\"\n}\n")
        let results = try symbols(client, "unsaved")
        #expect(results.first?["name"]?.stringValue == "UNSAVED")
        #expect(results.first?["location"]?["uri"]?.stringValue == client.uri("new.annal"))
    }

    @Test func theHandlerNoticesCancellation() throws {
        let client = try started()
        let snapshot = client.server.sync { client.server.state.snapshot }
        let token = CancellationToken()
        token.cancel()
        let context = RequestContext(params: .object([("query", "")]), snapshot: snapshot, cancellation: token)
        do {
            _ = try WorkspaceSymbolFeature.workspaceSymbols(context)
            Issue.record("a cancelled search ran to the end")
        } catch {
            #expect(error.code == -32800)
        }
        // Not cancelled: the same snapshot answers.
        let answer = try WorkspaceSymbolFeature.workspaceSymbols(RequestContext(params: .object([("query", "LOCAL")]), snapshot: snapshot, cancellation: CancellationToken()))
        #expect(answer.arrayValue?.first?["name"]?.stringValue == "LOCAL")
    }

    @Test func aQueryThatIsNotAStringIsInvalidParams() throws {
        let client = try started()
        guard case .failure(let error) = client.request("workspace/symbol", .object([("query", 3)])) else {
            Issue.record("a numeric query was accepted")
            return
        }
        #expect(error.code == -32602)
    }
}

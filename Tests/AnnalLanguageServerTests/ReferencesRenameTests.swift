import AnnalJSON
import JSONRPC
import Testing
@testable import AnnalLanguageServer

@Suite struct ReferencesRenameTests {
    func client() throws -> (TestClient, [Int: JSONValue]) {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let markers = client.open("decl.annal", Workspaces.declarations.replacingOccurrences(of: "programme LOCAL", with: "programme LO1️⃣CAL"))
        return (client, markers)
    }

    @Test func referencesSpanFiles() throws {
        let (client, markers) = try client()
        var params = client.at("decl.annal", markers[1])
        if case .object(var members) = params {
            members.append(("context", .object([("includeDeclaration", true)])))
            params = .object(members)
        }
        let locations = try client.result("textDocument/references", params).arrayValue ?? []
        #expect(locations.map { $0["uri"]?.stringValue } == [client.uri("decl.annal"), client.uri("rel.annal")])
    }

    @Test func prepareRenameGivesTheRangeAndPlaceholder() throws {
        let (client, markers) = try client()
        let prepared = try client.result("textDocument/prepareRename", client.at("decl.annal", markers[1]))
        #expect(prepared["placeholder"]?.stringValue == "LOCAL")
        #expect(prepared["range"]?["start"] == JSONValue.object([("line", 5), ("character", 10)]))
    }

    @Test func renameEditsEveryFile() throws {
        let (client, markers) = try client()
        var params = client.at("decl.annal", markers[1])
        if case .object(var members) = params {
            members.append(("newName", "REGIONAL"))
            params = .object(members)
        }
        let edit = try client.result("textDocument/rename", params)
        let changes = try #require(edit["changes"]?.objectValue)
        #expect(changes.map(\.0).sorted() == [client.uri("decl.annal"), client.uri("rel.annal")].sorted())
        for (_, edits) in changes {
            #expect(edits.arrayValue?.allSatisfy { $0["newText"]?.stringValue == "REGIONAL" } == true)
        }
    }

    @Test func renameRefusesBadNamesAndBuiltins() throws {
        let (client, markers) = try client()
        var params = client.at("decl.annal", markers[1])
        if case .object(var members) = params {
            members.append(("newName", "9 lives"))
            params = .object(members)
        }
        guard case .failure(let error) = client.request("textDocument/rename", params) else {
            Issue.record("renamed to an invalid identifier")
            return
        }
        #expect(error.code == JSONRPCError.requestFailed)
        let builtin = client.open("b.annal", "relation r {\n  parties = [NA1️⃣TO, UZ]\n}\n")
        guard case .failure(let refusal) = client.request("textDocument/prepareRename", client.at("b.annal", builtin[1])) else {
            Issue.record("prepared a rename of a built-in entry")
            return
        }
        #expect(refusal.message.contains("built-in"))
    }
}

import AnnalJSON
import AnnalAnalysis
import Foundation
import Testing
@testable import AnnalLanguageServer

@Suite struct DiagnosticsTests {
    @Test func workspaceIsCleanAfterIndexing() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        #expect(client.diagnostics("rel.annal").isEmpty)
        #expect(client.diagnostics("decl.annal").isEmpty)
    }

    @Test func editPublishesForThatVersionWithRangesAndRelatedInformation() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("dup.annal", "party ZZ {\n  kind = state\n  name = \"Z\"\n}\nparty ZZ {\n  kind = state\n  name = \"Z\"\n}\n", version: 3)
        let diagnostics = client.diagnostics("dup.annal", version: 3)
        let duplicate = diagnostics.first { $0["code"]?.stringValue == "AN102" }
        #expect(duplicate?["range"]?["start"]?["line"]?.intValue == 4)
        #expect(duplicate?["range"]?["start"]?["character"]?.intValue == 6)
        #expect(duplicate?["severity"]?.intValue == 1)
        #expect(duplicate?["relatedInformation"]?.arrayValue?.first?["location"]?["range"]?["start"]?["line"]?.intValue == 0)
        let unused = diagnostics.first { $0["code"]?.stringValue == "AN502" }
        #expect(unused?["tags"] == .array([1]))
    }

    @Test func referencesAcrossFilesFollowEdits() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("decl.annal", Workspaces.declarations.replacingOccurrences(of: "LOCAL", with: "LOCL"), version: 2)
        let broken = client.diagnostics("rel.annal")
        #expect(broken.map { $0["code"]?.stringValue } == ["AN101"])
        #expect(broken.first?["message"]?.stringValue?.contains("did you mean `LOCL`?") == true)
    }

    @Test func editingTheSourceDocumentRechecksItsCitations() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let sourcePath = client.root.appendingPathComponent("sources/nato-uz.fr.txt")
        try "Un texte où la citation n’est plus.\n".write(to: sourcePath, atomically: true, encoding: .utf8)
        client.notify("workspace/didChangeWatchedFiles", .object([("changes", .array([.object([("uri", .string(client.uri("sources/nato-uz.fr.txt"))), ("type", 2)])]))]))
        client.server.sync {}
        let missing = client.diagnostics("rel.annal").filter { $0["code"]?.stringValue == "AN410" }
        #expect(missing.count == 2)
        // An open buffer of the source takes precedence over the disk.
        client.notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(client.uri("sources/nato-uz.fr.txt"))), ("languageId", "plaintext"), ("version", 1), ("text", .string(Workspaces.source)),
        ]))]))
        client.server.sync {}
        let again = client.server.sync { client.server.state.folders[0].workspace.diagnostics(for: "rel.annal") }
        #expect(again.isEmpty)
    }

    @Test func deletedFileLosesItsDiagnostics() throws {
        var files = Workspaces.files
        files["bad.annal"] = "party {\n}\n"
        let client = try TestClient(files: files)
        try client.start()
        #expect(!client.diagnostics("bad.annal").isEmpty)
        try FileManager.default.removeItem(at: client.root.appendingPathComponent("bad.annal"))
        client.notify("workspace/didChangeWatchedFiles", .object([("changes", .array([.object([("uri", .string(client.uri("bad.annal"))), ("type", 3)])]))]))
        client.server.sync {}
        client.server.diagnosticsQueue.sync {}
        let last = client.notifications("textDocument/publishDiagnostics").last { $0?["uri"]?.stringValue == client.uri("bad.annal") }
        #expect(last??["diagnostics"] == .array([]))
    }

    @Test func pullClientsGetDocumentAndWorkspaceReportsAndNoPush() throws {
        let client = try TestClient(files: Workspaces.files)
        let result = try client.start(capabilities: TestClient.capabilities(pull: true))
        #expect(result["capabilities"]?["diagnosticProvider"]?["interFileDependencies"]?.boolValue == true)
        client.open("bad.annal", "party {\n}\n")
        client.server.sync {}
        let report = try client.result("textDocument/diagnostic", .object([("textDocument", .object([("uri", .string(client.uri("bad.annal")))]))]))
        #expect(report["kind"]?.stringValue == "full")
        #expect(report["items"]?.arrayValue?.first?["code"]?.stringValue == "AN201")
        let resultID = report["resultId"]?.stringValue
        let unchanged = try client.result("textDocument/diagnostic", .object([
            ("textDocument", .object([("uri", .string(client.uri("bad.annal")))])), ("previousResultId", .string(resultID ?? "")),
        ]))
        #expect(unchanged["kind"]?.stringValue == "unchanged")
        let workspace = try client.result("workspace/diagnostic", .object([("previousResultIds", .array([]))]))
        #expect(workspace["items"]?.arrayValue?.count == 3)
        #expect(client.notifications("textDocument/publishDiagnostics").isEmpty)
    }
}

@Suite struct SuppressionServerTests {
    @Test func quickFixAddsASuppressionThatSilencesTheDiagnostic() throws {
        let client = try TestClient(files: Workspaces.files)
        let capabilities = setting(TestClient.capabilities(), ["textDocument", "publishDiagnostics", "codeDescriptionSupport"], true)
        try client.start(capabilities: capabilities)
        let text = "relation r {\n  parties    = [NATO, UZ]\n  programmes = [PPP]\n}\n"
        client.open("s.annal", text)
        let diagnostic = try #require(client.diagnostics("s.annal", version: 1).first { $0["code"]?.stringValue == "AN103" })
        let href = try #require(diagnostic["codeDescription"]?["href"]?.stringValue)
        #expect(href.hasSuffix("#an103-alias-instead-of-acronym"))
        let path = try #require(DocumentURI.path(String(href.prefix { $0 != "#" })))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("## AN103 alias-instead-of-acronym"))
        let actions = try client.result("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(client.uri("s.annal")))])),
            ("range", diagnostic["range"] ?? .null),
            ("context", .object([("diagnostics", .array([diagnostic]))])),
        ])).arrayValue ?? []
        let ignore = try #require(actions.first { $0["title"]?.stringValue == "Ignore AN103 (alias-instead-of-acronym) on line 3" })
        let edit = try #require(ignore["edit"]?["changes"]?[client.uri("s.annal")]?.arrayValue?.first)
        #expect(edit["newText"]?.stringValue == "  # annal-ignore AN103\n")
        #expect(edit["range"]?["start"] == JSONValue.object([("line", 2), ("character", 0)]))
        // Applied, the diagnostic is gone and the suppression is not stale.
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(client.uri("s.annal"))), ("version", 2)])),
            ("contentChanges", .array([.object([("range", .object([("start", edit["range"]?["start"] ?? .null), ("end", edit["range"]?["end"] ?? .null)])), ("text", edit["newText"] ?? "")])])),
        ]))
        #expect(client.diagnostics("s.annal", version: 2).isEmpty)
    }
}

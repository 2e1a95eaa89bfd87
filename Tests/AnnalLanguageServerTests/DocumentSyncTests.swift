import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct DocumentSyncTests {
    static func change(_ client: TestClient, _ path: String, version: Int, _ changes: [JSONValue]) {
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(client.uri(path))), ("version", .int(version))])),
            ("contentChanges", .array(changes)),
        ]))
    }

    static func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSONValue {
        .object([("start", .object([("line", .int(l1)), ("character", .int(c1))])), ("end", .object([("line", .int(l2)), ("character", .int(c2))]))])
    }

    static func text(_ client: TestClient, _ path: String) -> String? {
        client.server.sync { client.server.state.openDocuments[client.root.appendingPathComponent(path).path]?.text }
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func incrementalChangesApplyInOrderInEveryEncoding(_ encoding: PositionEncoding) throws {
        let client = try TestClient(encoding: encoding)
        try client.start()
        client.open("a.annal", "# 😀 é\nparty X {}\n")
        // Column of the space after "é" on line 0, in the negotiated units.
        let column = switch encoding {
        case .utf16: 6   // "# " 2 + 😀 2 + " " 1 + é 1
        case .utf8: 9    // 2 + 4 + 1 + 2
        case .utf32: 5   // 2 + 1 + 1 + 1
        }
        Self.change(client, "a.annal", version: 2, [
            .object([("range", Self.range(0, column, 0, column)), ("text", "!")]),
            // The second range refers to the text after the first change.
            .object([("range", Self.range(1, 6, 1, 7)), ("text", "Y")]),
        ])
        #expect(Self.text(client, "a.annal") == "# 😀 é!\nparty Y {}\n")
    }

    @Test func fullReplacementAndVersions() throws {
        let client = try TestClient()
        try client.start()
        client.open("a.annal", "party X {}\n")
        Self.change(client, "a.annal", version: 7, [.object([("text", "party Z {\n  kind = state\n}\n")])])
        #expect(Self.text(client, "a.annal") == "party Z {\n  kind = state\n}\n")
        let diagnostics = client.diagnostics("a.annal", version: 7)
        #expect(diagnostics.contains { $0["code"]?.stringValue == "AN201" })
    }

    @Test func positionsPastTheEndClampAndSurrogateHalvesSnap() throws {
        let client = try TestClient()
        try client.start()
        client.open("a.annal", "# 😀\n")
        // Character 3 is between the two UTF-16 units of 😀: snaps before it.
        Self.change(client, "a.annal", version: 2, [.object([("range", Self.range(0, 3, 0, 3)), ("text", "x")])])
        #expect(Self.text(client, "a.annal") == "# x😀\n")
        Self.change(client, "a.annal", version: 3, [.object([("range", Self.range(0, 99, 7, 0)), ("text", "!")])])
        #expect(Self.text(client, "a.annal") == "# x😀!")
    }

    @Test func openBufferWinsOverDiskAndCloseRestoresDisk() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("decl.annal", Workspaces.declarations.replacingOccurrences(of: "programme LOCAL", with: "programme OTHER"))
        let unknown = client.diagnostics("rel.annal").filter { $0["code"]?.stringValue == "AN101" }
        #expect(unknown.count == 1, "LOCAL is gone while the buffer says OTHER")
        client.notify("textDocument/didClose", .object([("textDocument", .object([("uri", .string(client.uri("decl.annal")))]))]))
        client.server.sync {}
        let after = client.server.sync { client.server.state.folders[0].workspace.files["decl.annal"]?.tree.text }
        #expect(after?.contains("programme LOCAL") == true)
    }
}

import AnnalJSON
import Dispatch
import Foundation
import JSONRPC
import Testing
@testable import AnnalLanguageServer

@Suite struct LifecycleTests {
    @Test func aFinishedTestClientRemovesItsFolder() throws {
        var root: URL?
        do {
            let client = try TestClient(files: ["a.annal": "relation FR-NATO {\n}\n"])
            try client.start()
            _ = client.open("a.annal", "relation FR-NATO {\n}\n")
            _ = client.diagnostics("a.annal")
            root = client.root
            #expect(FileManager.default.fileExists(atPath: client.root.path))
        }
        #expect(!FileManager.default.fileExists(atPath: try #require(root).path))
    }

    @Test func requestsBeforeInitializeAreRefusedAndNotificationsDropped() throws {
        let client = try TestClient()
        client.notify("textDocument/didOpen", .object([]))
        guard case .failure(let error) = client.request("textDocument/hover", client.at("x.annal", nil)) else {
            Issue.record("hover before initialize succeeded")
            return
        }
        #expect(error.code == JSONRPCError.serverNotInitialized)
    }

    @Test func initializeAnnouncesCapabilitiesAndNegotiatesEncoding() throws {
        let client = try TestClient(encoding: .utf8)
        let result = try client.start()
        let capabilities = result["capabilities"]
        #expect(capabilities?["positionEncoding"]?.stringValue == "utf-8")
        #expect(capabilities?["textDocumentSync"]?["change"]?.intValue == 2)
        #expect(capabilities?["definitionProvider"]?.boolValue == true)
        #expect(result["serverInfo"]?["name"]?.stringValue == "annal")
        #expect(capabilities?["diagnosticProvider"] == nil, "push client must not be offered pull diagnostics")
    }

    @Test func utf16IsTheDefaultWithoutAnOffer() throws {
        let client = try TestClient()
        let result = try client.start(capabilities: .object([]))
        #expect(result["capabilities"]?["positionEncoding"]?.stringValue == "utf-16")
    }

    @Test func secondInitializeIsAnInvalidRequest() throws {
        let client = try TestClient()
        try client.start()
        guard case .failure(let error) = client.request("initialize", .object([("capabilities", .object([]))])) else {
            Issue.record("second initialize succeeded")
            return
        }
        #expect(error.code == JSONRPCError.invalidRequest)
    }

    @Test func shutdownThenExitGivesZeroAndLaterRequestsAreInvalid() throws {
        let client = try TestClient()
        try client.start()
        #expect(try client.result("shutdown", nil) == .null)
        guard case .failure(let error) = client.request("textDocument/hover", client.at("x.annal", nil)) else {
            Issue.record("request after shutdown succeeded")
            return
        }
        #expect(error.code == JSONRPCError.invalidRequest)
        client.notify("exit", nil)
        client.server.sync {}
        #expect(client.exitStatus == 0)
    }

    @Test func exitWithoutShutdownGivesOne() throws {
        let client = try TestClient()
        try client.start()
        client.notify("exit", nil)
        client.server.sync {}
        #expect(client.exitStatus == 1)
    }

    @Test func unknownRequestIsMethodNotFoundAndUnknownNotificationIgnored() throws {
        let client = try TestClient()
        try client.start()
        client.notify("$/unknownNotification", .object([]))
        client.notify("custom/whatever", nil)
        guard case .failure(let error) = client.request("custom/unknown", nil) else {
            Issue.record("unknown method succeeded")
            return
        }
        #expect(error.code == JSONRPCError.methodNotFound)
        #expect(try client.result("shutdown", nil) == .null)
    }

    @Test func indexingReportsProgressAndRegistersWatchers() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        let kinds = client.notifications("$/progress").compactMap { $0?["value"]?["kind"]?.stringValue }
        #expect(kinds.first == "begin" && kinds.last == "end")
        let methods = client.serverRequests.map(\.0)
        #expect(methods.contains("window/workDoneProgress/create"))
        #expect(methods.contains("client/registerCapability"))
    }

    @Test func traceTurnsLoggingOn() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        #expect(client.notifications("window/logMessage").isEmpty, "quiet by default")
        client.notify("$/setTrace", .object([("value", "verbose")]))
        client.notify("textDocument/didChange", .object([("textDocument", .object([("uri", .string(client.uri("nope.annal"))), ("version", 2)])), ("contentChanges", .array([]))]))
        client.server.sync {}
        #expect(client.notifications("window/logMessage").contains { $0?["message"]?.stringValue?.contains("not open") == true })
    }
}

@Suite struct ParentProcessTests {
    @Test func serverExitsWhenItsParentIsGone() throws {
        let client = try TestClient()
        // A process id that cannot exist (beyond the kernel's pid_max).
        _ = try client.result("initialize", .object([("processId", .int(4_194_305)), ("capabilities", .object([]))]))
        let deadline = Date().addingTimeInterval(8)
        while client.exitStatus == nil && Date() < deadline { usleep(50_000) }
        #expect(client.exitStatus == 1)
    }
}

@Suite struct IndexingRaceTests {
    /// A document opened (and asked about) before start-up indexing has
    /// finished must not be analysed alone: no stale AN101, and go-to-source
    /// answers once the workspace is loaded.
    @Test func requestsAndDiagnosticsWaitForIndexing() throws {
        let client = try TestClient(files: Workspaces.files)
        // The client answers the progress token only when released, holding indexing back.
        let gate = DispatchSemaphore(value: 0)
        client.answerServerRequest = { method, _ in
            if method == "window/workDoneProgress/create" { gate.wait() }
            return .success(.null)
        }
        _ = try client.result("initialize", .object([
            ("rootUri", .string(DocumentURI.uri(forPath: client.root.path))),
            ("capabilities", TestClient.capabilities()),
        ]))
        // The progress token's answer waits on the gate, so indexing stays under way.
        client.notify("initialized", .object([]))
        client.server.sync {}
        let markers = client.open("rel.annal", Workspaces.relation.replacingOccurrences(of: "cite nato-uz-fr \"l'Ouz", with: "cite nato-uz-fr \"l'Ou1️⃣z"))
        client.server.handle(.request(id: .string("early"), method: "textDocument/definition", params: client.at("rel.annal", markers[1])))
        client.server.sync {}
        let early = client.notifications("textDocument/publishDiagnostics")
        #expect(early.allSatisfy { $0?["diagnostics"]?.arrayValue?.isEmpty == true },
                "before indexing ends only the file's own problems are published, and it has none")
        gate.signal()
        let answer = client.waitFor { if case .response(.string("early"), _) = $0 { true } else { false } }
        guard case .response(_, .success(let location)) = answer else {
            Issue.record("no answer to the early request")
            return
        }
        #expect(location["uri"]?.stringValue == client.uri("sources/nato-uz.fr.txt"))
        #expect(client.diagnostics("rel.annal").isEmpty, "no stale unknown references")
    }

    /// While indexing is under way, an opened document gets its syntax
    /// errors at once, with annal.toml's severities, and nothing that needs
    /// lowering or the rest of the workspace; the full set follows.
    @Test func syntaxDiagnosticsArePublishedBeforeIndexingEnds() throws {
        var files = Workspaces.files
        files["annal.toml"] = "[rules]\nAN003 = \"info\"\n"
        let client = try TestClient(files: files)
        let gate = DispatchSemaphore(value: 0)
        client.answerServerRequest = { method, _ in
            if method == "window/workDoneProgress/create" { gate.wait() }
            return .success(.null)
        }
        _ = try client.result("initialize", .object([
            ("rootUri", .string(DocumentURI.uri(forPath: client.root.path))),
            ("capabilities", TestClient.capabilities()),
        ]))
        client.notify("initialized", .object([]))
        client.server.sync {}
        // A missing `=` (syntax, AN001), an unknown escape (syntax, AN003),
        // an unknown field (one-file rule, AN202) and an unknown programme
        // (AN101, needs the workspace).
        let text = Workspaces.relation
            .replacingOccurrences(of: "kind      = exercise", with: "kind      = exercise\n    colour    = \"blue\"\n    summary \"x\\q\"")
            .replacingOccurrences(of: "programme = EADRCC", with: "programme = NOPE")
        _ = client.open("rel.annal", text)
        client.server.sync {}
        client.server.diagnosticsQueue.sync {}
        let early = client.notifications("textDocument/publishDiagnostics")
            .filter { $0?["uri"]?.stringValue == client.uri("rel.annal") }
        #expect(early.count == 1, "one early publish")
        let earlyCodes = (early.first??["diagnostics"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue }
        #expect(Set(earlyCodes) == ["AN001", "AN003"])
        let escape = early.first??["diagnostics"]?.arrayValue?.first { $0["code"]?.stringValue == "AN003" }
        #expect(escape?["severity"]?.intValue == 3, "annal.toml's severity applies before indexing ends")
        #expect(early.first??["version"]?.intValue == 1)

        gate.signal()
        let deadline = Date().addingTimeInterval(10)
        while client.server.sync({ client.server.state.completedIndexingRuns }) < 1 && Date() < deadline { usleep(2_000) }
        client.server.diagnosticsQueue.sync {}
        let full = Set(client.diagnostics("rel.annal").compactMap { $0["code"]?.stringValue })
        #expect(full.isSuperset(of: ["AN001", "AN003", "AN202", "AN101"]), "the full set follows: \(full)")
    }

    /// A re-index (annal.toml changed) must not replace a document's full
    /// diagnostics with its syntax errors alone when it is opened meanwhile.
    @Test func aReindexDoesNotStepBackToSyntaxErrors() throws {
        var files = Workspaces.files
        files["rel.annal"] = Workspaces.relation.replacingOccurrences(of: "programme = EADRCC", with: "programme = NOPE")
        let client = try TestClient(files: files)
        final class Requests: @unchecked Sendable { let lock = NSLock(); var count = 0 }
        let requests = Requests()
        let gate = DispatchSemaphore(value: 0)
        client.answerServerRequest = { method, _ in
            guard method == "window/workDoneProgress/create" else { return .success(.null) }
            let number = requests.lock.withLock { requests.count += 1; return requests.count }
            if number > 1 { gate.wait() } // the second indexing stays under way
            return .success(.null)
        }
        try client.start()
        #expect(client.diagnostics("rel.annal").contains { $0["code"]?.stringValue == "AN101" }, "published by the first indexing")
        client.notify("workspace/didChangeWatchedFiles", .object([("changes", .array([
            .object([("uri", .string(client.uri("annal.toml"))), ("type", 1)]),
        ]))]))
        client.server.sync {}
        #expect(client.server.sync { client.server.state.indexingInProgress } == 1)
        let before = client.notifications("textDocument/publishDiagnostics").count
        _ = client.open("rel.annal", files["rel.annal"]!)
        client.server.sync {}
        client.server.diagnosticsQueue.sync {}
        let meanwhile = client.notifications("textDocument/publishDiagnostics").dropFirst(before)
            .filter { $0?["uri"]?.stringValue == client.uri("rel.annal") }
        #expect(meanwhile.isEmpty, "no step back to syntax errors alone: \(meanwhile)")
        gate.signal()
        let deadline = Date().addingTimeInterval(10)
        while client.server.sync({ client.server.state.completedIndexingRuns }) < 2 && Date() < deadline { usleep(2_000) }
        #expect(client.diagnostics("rel.annal", version: 1).contains { $0["code"]?.stringValue == "AN101" })
    }

    /// Indexing does not analyse a file open in the editor: its buffer wins.
    @Test func indexingSkipsOpenFiles() throws {
        let client = try TestClient(files: Workspaces.files)
        let open = AtomicPathSet()
        let all = LanguageServer.prepare(client.root, skipping: open)
        #expect(Set(all.analyses.map(\.path)) == ["decl.annal", "rel.annal"])
        #expect(all.sources.map(\.path) == ["sources/nato-uz.fr.txt"])
        open.insert(client.root.appendingPathComponent("rel.annal").path)
        let skipped = LanguageServer.prepare(client.root, skipping: open)
        #expect(skipped.analyses.map(\.path) == ["decl.annal"])
    }
}

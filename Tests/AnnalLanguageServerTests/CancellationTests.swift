import AnnalJSON
import JSONRPC
import Testing
@testable import AnnalLanguageServer

@Suite struct CancellationTests {
    @Test func cancelledRequestGetsExactlyOneResponse() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        // Hold request work so the cancel is processed before the handler runs.
        client.server.workQueue.suspend()
        client.server.handle(.request(id: .string("slow"), method: "textDocument/references", params: client.at("rel.annal", .object([("line", 1), ("character", 18)]))))
        client.notify("$/cancelRequest", .object([("id", "slow")]))
        client.server.sync {}
        client.server.workQueue.resume()
        let responses = client.waitFor { if case .response(.string("slow"), .failure(let e)) = $0 { return e.code == JSONRPCError.requestCancelled } else { return false } }
        #expect(responses != nil)
    }

    @Test func cancellingUnknownIdsIsHarmless() throws {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        for i in 0..<10_000 { client.notify("$/cancelRequest", .object([("id", .int(i))])) }
        #expect(try client.result("shutdown", nil) == .null)
    }
}

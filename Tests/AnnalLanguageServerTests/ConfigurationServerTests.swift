import AnnalJSON
import Foundation
import Testing
@testable import AnnalLanguageServer

@Suite struct ConfigurationServerTests {
    static let files: [String: String] = [
        "annal.toml": "[files]\nexclude = [\"drafts/**\"]\n\n[rules]\nAN103 = \"error\"\n",
        "r.annal": "relation r {\n  parties    = [NATO, UZ]\n  programmes = [PPP]\n}\n",
        "drafts/wip.annal": "party {\n}\n",
    ]

    @Test func configurationShapesTheWorkspaceAndIsReloaded() throws {
        let client = try TestClient(files: Self.files)
        try client.start()
        let alias = client.diagnostics("r.annal").first { $0["code"]?.stringValue == "AN103" }
        #expect(alias?["severity"]?.intValue == 1, "AN103 raised to error by annal.toml")
        #expect(client.server.sync { client.server.state.folders[0].workspace.files["drafts/wip.annal"] } == nil, "excluded")

        // A broken configuration is reported on annal.toml itself, with positions.
        try "[rules]\nAN103 = \"loud\"\n".write(to: client.root.appendingPathComponent("annal.toml"), atomically: true, encoding: .utf8)
        client.notify("workspace/didChangeWatchedFiles", .object([("changes", .array([.object([("uri", .string(client.uri("annal.toml"))), ("type", 2)])]))]))
        let deadline = Date().addingTimeInterval(10)
        while client.server.sync({ client.server.state.completedIndexingRuns }) < 2 && Date() < deadline { usleep(2_000) }
        let problems = client.diagnostics("annal.toml")
        #expect(problems.map { $0["code"]?.stringValue } == ["AN703"])
        #expect(problems.first?["range"]?["start"] == JSONValue.object([("line", 1), ("character", 8)]))
        // The file it no longer excludes is now part of the workspace, and AN103 is a warning again.
        #expect(!client.diagnostics("drafts/wip.annal").isEmpty)
        #expect(client.diagnostics("r.annal").first { $0["code"]?.stringValue == "AN103" }?["severity"]?.intValue == 2)
    }

    /// `[sources] max-bytes` limits what the server reads, as it does for
    /// `annal check`: the source over it is reported, not searched.
    @Test func sourceSizeLimitOfTheConfigurationApplies() throws {
        var files = Workspaces.files
        files["annal.toml"] = "[sources]\nmax-bytes = 40\n"
        let client = try TestClient(files: files)
        try client.start()
        let codes = client.diagnostics("decl.annal").compactMap { $0["code"]?.stringValue }
        #expect(codes.contains("AN405"), "\(codes)")
    }
}

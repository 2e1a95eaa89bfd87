import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct CodeLensTests {
    func lenses(_ text: String) throws -> [JSONValue] {
        let client = try TestClient(files: Workspaces.files)
        try client.start()
        client.open("lens.annal", text)
        let result = try client.result("textDocument/codeLens", .object([
            ("textDocument", .object([("uri", .string(client.uri("lens.annal")))])),
        ]))
        return try #require(result.arrayValue)
    }

    @Test func eachRelationCountsItsEventsAndTheirYears() throws {
        var text = Workspaces.relation.replacingOccurrences(of: "relation nato-uz", with: "relation a")
        text += """

        relation b {
          parties = [US, TM]

          event 2020-12-15/2020-12-17 {
            kind = consultation
            cite nato-uz-fr "le premier exercice"
          }
        }

          relation c {
          parties = [KZ, NATO]
        }

        """
        let lenses = try lenses(text)
        #expect(lenses.compactMap { $0["command"]?["title"]?.stringValue } == ["2 events · 1993–2003", "1 event · 2020", "0 events"])
        #expect(lenses.allSatisfy { $0["command"]?["command"]?.stringValue == "" })
        let first = try #require(lenses.first?["range"])
        #expect(first == .object([("start", .object([("line", 0), ("character", 0)])), ("end", .object([("line", 0), ("character", 10)]))]))
        let last = try #require(lenses.last?["range"]?["start"])
        #expect(last == .object([("line", 26), ("character", 2)]))
    }

    @Test func openIntervalsCountTheirKnownEnd() {
        func event(_ date: String) throws -> EventModel {
            let tree = "relation r {\n  parties = [A, B]\n  event \(date) {\n    kind = other\n  }\n}\n"
            let analysis = FileAnalysis(path: "x.annal", text: tree)
            return try #require(analysis.model.relations.first?.events.first)
        }
        #expect(CodeLensFeature.title((try? [event("../2017"), event("2013/2015")]) ?? []) == "2 events · 2013–2017")
        #expect(CodeLensFeature.title((try? [event("199X")]) ?? []) == "1 event · 1990–1999")
        #expect(CodeLensFeature.title((try? [event("2003-99")]) ?? []) == "1 event")
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient()
        let result = try client.start()
        #expect(result["capabilities"]?["codeLensProvider"]?["resolveProvider"]?.boolValue == false)
    }
}

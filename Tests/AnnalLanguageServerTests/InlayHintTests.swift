import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct InlayHintTests {
    static let relation = """
    relation nato-uz {
      parties    = [NATO1️⃣, UZ2️⃣, XX]
      programmes = [SPS3️⃣, LOCAL4️⃣, PPP5️⃣, KAZCENT]

      event 2003-04 {
        kind      = exercise
        programme = EADRCC6️⃣
        cite nato-uz-fr "le premier exercice de l'EADRCC"
      }
    }

    """

    func hints(encoding: PositionEncoding = .utf16, from start: JSONValue, to end: JSONValue) throws -> ([JSONValue], [Int: JSONValue]) {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        try client.start()
        let markers = client.open("rel.annal", Self.relation)
        let result = try client.result("textDocument/inlayHint", .object([
            ("textDocument", .object([("uri", .string(client.uri("rel.annal")))])),
            ("range", .object([("start", start), ("end", end)])),
        ]))
        return (try #require(result.arrayValue), markers)
    }

    static func position(_ line: Int, _ character: Int) -> JSONValue {
        .object([("line", .int(line)), ("character", .int(character))])
    }

    @Test func namesAfterReferencesInTheRequestedRangeOnly() throws {
        let (hints, markers) = try hints(from: Self.position(0, 0), to: Self.position(3, 0))
        let expected: [(Int, String)] = [
            (1, "North Atlantic Treaty Organization"), (2, "Uzbekistan"), (3, "Science for Peace and Security"),
            (4, "A local programme"), (5, "Partnership for Peace"),
        ]
        #expect(hints.count == expected.count, "\(hints)")
        for (hint, (marker, label)) in zip(hints, expected) {
            #expect(hint["label"]?.stringValue == label)
            #expect(hint["position"] == markers[marker])
            #expect(hint["paddingLeft"]?.boolValue == true)
            #expect(hint["kind"] == nil || hint["kind"]?.intValue == 1)
        }
        // XX is unknown and KAZCENT's name is its id: no hint. EADRCC is outside the range.
        #expect(!hints.contains { $0["label"]?.stringValue == "KAZCENT" })
    }

    @Test func wholeDocumentIncludesTheEventProgramme() throws {
        let (hints, markers) = try hints(from: Self.position(0, 0), to: Self.position(99, 0))
        let last = try #require(hints.last)
        #expect(last["label"]?.stringValue == "Euro-Atlantic Disaster Response Coordination Centre")
        #expect(last["position"] == markers[6])
        #expect(hints.allSatisfy { !($0["label"]?.stringValue ?? "").isEmpty })
    }

    @Test func rangeOfOneLine() throws {
        let (hints, _) = try hints(from: Self.position(6, 0), to: Self.position(6, 40))
        #expect(hints.compactMap { $0["label"]?.stringValue } == ["Euro-Atlantic Disaster Response Coordination Centre"])
    }

    @Test func capabilityIsAnnounced() throws {
        let client = try TestClient()
        let result = try client.start()
        #expect(result["capabilities"]?["inlayHintProvider"]?.boolValue == true)
    }
}

import AnnalJSON
import Testing
@testable import AnnalLanguageServer

@Suite struct FormattingTests {
    static let messy = "party  X {kind=state\nname = \"X\"}\nparty Y{\n  kind=state\n  name=\"Y\"\n}1️⃣\n"

    func client() throws -> (TestClient, [Int: JSONValue]) {
        let client = try TestClient()
        try client.start()
        return (client, client.open("f.annal", Self.messy))
    }

    static func apply(_ edits: [JSONValue], to text: String) -> String {
        // Apply from the last edit backwards so earlier ranges stay valid (UTF-16 positions).
        var lines = text.components(separatedBy: "\n")
        func offset(_ position: JSONValue?) -> Int {
            let line = position?["line"]?.intValue ?? 0
            let column = position?["character"]?.intValue ?? 0
            let before = lines.prefix(line).map { $0.utf16.count + 1 }.reduce(0, +)
            return before + column
        }
        var utf16 = Array(text.utf16)
        for edit in edits.sorted(by: { offset($0["range"]?["start"]) > offset($1["range"]?["start"]) }) {
            let start = offset(edit["range"]?["start"])
            let end = min(offset(edit["range"]?["end"]), utf16.count)
            utf16.replaceSubrange(start..<end, with: Array((edit["newText"]?.stringValue ?? "").utf16))
        }
        lines = []
        return String(decoding: utf16, as: UTF16.self)
    }

    @Test func documentFormattingGivesTheCanonicalText() throws {
        let (client, _) = try client()
        let edits = try client.result("textDocument/formatting", .object([
            ("textDocument", .object([("uri", .string(client.uri("f.annal")))])), ("options", .object([("tabSize", 4), ("insertSpaces", true)])),
        ])).arrayValue ?? []
        let text = TestClient.strip(Self.messy).text
        #expect(Self.apply(edits, to: text) == "party X {\n  kind = state\n  name = \"X\"\n}\n\nparty Y {\n  kind = state\n  name = \"Y\"\n}\n")
    }

    @Test func rangeFormattingTouchesOnlyTheItemsInRange() throws {
        let (client, _) = try client()
        let edits = try client.result("textDocument/rangeFormatting", .object([
            ("textDocument", .object([("uri", .string(client.uri("f.annal")))])),
            ("range", .object([("start", .object([("line", 0), ("character", 0)])), ("end", .object([("line", 0), ("character", 3)]))])),
            ("options", .object([("tabSize", 2), ("insertSpaces", true)])),
        ])).arrayValue ?? []
        #expect(edits.count == 1)
        #expect(edits.first?["newText"]?.stringValue == "party X {\n  kind = state\n  name = \"X\"\n}")
    }

    @Test func typingAClosingBraceFormatsThatBlock() throws {
        let (client, markers) = try client()
        var params = client.at("f.annal", markers[1])
        if case .object(var members) = params {
            members.append(("ch", "}"))
            members.append(("options", .object([("tabSize", 2), ("insertSpaces", true)])))
            params = .object(members)
        }
        let edits = try client.result("textDocument/onTypeFormatting", params).arrayValue ?? []
        #expect(edits.map { $0["newText"]?.stringValue } == ["party Y {\n  kind = state\n  name = \"Y\"\n}"])
    }

    @Test func formattedDocumentGivesNoEdits() throws {
        let client = try TestClient()
        try client.start()
        client.open("g.annal", "party X {\n  kind = state\n}\n")
        let edits = try client.result("textDocument/formatting", .object([("textDocument", .object([("uri", .string(client.uri("g.annal")))]))]))
        #expect(edits == .array([]))
    }
}

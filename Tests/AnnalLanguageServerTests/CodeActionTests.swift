import AnnalJSON
import AnnalSyntax
import Testing
@testable import AnnalLanguageServer

@Suite struct CodeActionTests {
    static let broken = """
    relation r {
      parties    = [OTAN, UZ, ZZ]
      programmes = [PfX, NEWPROG]
      titel      = "x"

      event 2003-04 {
        kind      = exercice
        programme = "SPS"
        cite nato-uz-fr "le premier exercise de l'EADRCC"
        cite nosuch "x"
      }
    }

    """

    func started(encoding: PositionEncoding = .utf16, _ edit: (JSONValue) -> JSONValue = { $0 }) throws -> TestClient {
        let client = try TestClient(files: Workspaces.files, encoding: encoding)
        try client.start(capabilities: edit(TestClient.capabilities(encoding: encoding)))
        return client
    }

    /// The whole-document range of a text in the client's encoding.
    func wholeRange(_ text: String, _ encoding: PositionEncoding) -> JSONValue {
        let index = LineIndex(text)
        return LSP.range(LinePosition(line: 0, column: 0), index.position(of: index.bytes.count, in: encoding))
    }

    func codeActions(_ client: TestClient, _ path: String, range: JSONValue, only: [String]? = nil, hints: [JSONValue] = []) throws -> [JSONValue] {
        var context: [(String, JSONValue)] = [("diagnostics", .array(hints))]
        if let only { context.append(("only", .array(only.map { .string($0) }))) }
        return try client.result("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(client.uri(path)))])),
            ("range", range),
            ("context", .object(context)),
        ])).arrayValue ?? []
    }

    /// The text edits of a WorkspaceEdit for one URI, from `changes` or `documentChanges`.
    static func edits(_ edit: JSONValue?, uri: String) -> [JSONValue] {
        if let changes = edit?["changes"] { return changes[uri]?.arrayValue ?? [] }
        return (edit?["documentChanges"]?.arrayValue ?? []).filter { $0["textDocument"]?["uri"]?.stringValue == uri }
            .flatMap { $0["edits"]?.arrayValue ?? [] }
    }

    /// Applies LSP text edits (ranges in the original text, never overlapping).
    static func apply(_ edits: [JSONValue], to text: String, encoding: PositionEncoding) -> String {
        let index = LineIndex(text)
        var replacements: [(Range<Int>, String)] = edits.compactMap { edit in
            guard let (start, end) = LSP.readRange(edit["range"]), let newText = edit["newText"]?.stringValue else { return nil }
            return (index.offset(of: start, in: encoding)..<index.offset(of: end, in: encoding), newText)
        }
        #expect(replacements.count == edits.count, "malformed edit")
        replacements.sort { $0.0.lowerBound < $1.0.lowerBound }
        for (a, b) in zip(replacements, replacements.dropFirst()) {
            #expect(a.0.upperBound <= b.0.lowerBound, "overlapping edits")
        }
        var bytes = index.bytes
        for (range, newText) in replacements.reversed() { bytes.replaceSubrange(range, with: Array(newText.utf8)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// (code, start line, start character) of an LSP diagnostic.
    static func key(_ diagnostic: JSONValue) -> String {
        let start = diagnostic["range"]?["start"]
        return "\(diagnostic["code"]?.stringValue ?? "?")@\(start?["line"]?.intValue ?? -1):\(start?["character"]?.intValue ?? -1)"
    }

    @Test func capabilityDependsOnLiteralSupport() throws {
        let literal = try TestClient(files: [:])
        #expect(try literal.start()["capabilities"]?["codeActionProvider"] == .object([("codeActionKinds", .array(["quickfix"]))]))
        // Without literal support the answer is empty: this server has no commands to offer instead.
        let plain = try started { setting($0, ["textDocument", "codeAction"], .object([])) }
        plain.open("fix.annal", Self.broken)
        #expect(try codeActions(plain, "fix.annal", range: wholeRange(Self.broken, .utf16)).isEmpty)
    }

    @Test func announcesTrueWithoutLiteralSupport() throws {
        let client = try TestClient(files: [:])
        let result = try client.start(capabilities: setting(TestClient.capabilities(), ["textDocument", "codeAction"], .object([])))
        #expect(result["capabilities"]?["codeActionProvider"] == true)
    }

    @Test func offersEveryKindOfFix() throws {
        let client = try started()
        client.open("fix.annal", Self.broken)
        let actions = try codeActions(client, "fix.annal", range: wholeRange(Self.broken, .utf16))
        let titles = actions.compactMap { $0["title"]?.stringValue }
        for expected in ["Replace `OTAN` with `NATO`", "Replace with `PfP`", "Declare programme `PfX`", "Declare programme `NEWPROG`",
                         "Declare party `ZZ`", "Rename to `title`", "Replace with `exercise`", "Remove the quotes",
                         "Quote the closest passage", "Declare source `nosuch`"] {
            #expect(titles.contains(expected), "missing \(expected) in \(titles)")
        }
        #expect(actions.allSatisfy { $0["kind"]?.stringValue == "quickfix" })
        #expect(actions.allSatisfy { ($0["diagnostics"]?.arrayValue?.count ?? 0) >= 1 })
        #expect(actions.allSatisfy { $0["edit"]?["changes"] != nil && $0["edit"]?["documentChanges"] == nil })
        #expect(actions.allSatisfy { $0["command"] == nil })
        #expect(Set(titles).count == titles.count, "an action is offered twice: \(titles)")
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func everyActionFixesItsDiagnostic(_ encoding: PositionEncoding) throws {
        let client = try started(encoding: encoding)
        client.open("fix.annal", Self.broken)
        let before = Set(client.diagnostics("fix.annal", version: 1).map(Self.key))
        let actions = try codeActions(client, "fix.annal", range: wholeRange(Self.broken, encoding))
        #expect(actions.count >= 10)
        var version = 1
        for action in actions {
            let title = action["title"]?.stringValue ?? "?"
            let fixed = (action["diagnostics"]?.arrayValue ?? []).map(Self.key)
            #expect(!fixed.isEmpty && fixed.allSatisfy(before.contains), "\(title): \(fixed) not among \(before)")
            let text = Self.apply(Self.edits(action["edit"], uri: client.uri("fix.annal")), to: Self.broken, encoding: encoding)
            #expect(text != Self.broken, "\(title) changes nothing")
            version += 1
            client.open("fix.annal", text, version: version)
            let after = Set(client.diagnostics("fix.annal", version: version).map(Self.key))
            #expect(after.isDisjoint(with: fixed), "\(title) left \(after.intersection(fixed))")
        }
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func editsAfterNonASCIITextLandOnTheRightColumns(_ encoding: PositionEncoding) throws {
        let client = try started(encoding: encoding)
        let text = "relation n {\n  parties = [NATO, UZ]\n  title = \"é😀\"  programmes = [PPP]\n}\n"
        client.open("n.annal", text)
        let actions = try codeActions(client, "n.annal", range: wholeRange(text, encoding))
        let action = try #require(actions.first { $0["title"]?.stringValue == "Replace `PPP` with `PfP`" })
        let fixed = Self.apply(Self.edits(action["edit"], uri: client.uri("n.annal")), to: text, encoding: encoding)
        #expect(fixed == "relation n {\n  parties = [NATO, UZ]\n  title = \"é😀\"  programmes = [PfP]\n}\n")
    }

    @Test func onlyTheDiagnosticsInTheRangeCountAndHintsAreIgnored() throws {
        let client = try started()
        let markers = client.open("fix.annal", Self.broken.replacingOccurrences(of: "[OTAN", with: "[OT1️⃣AN"))
        let at = try #require(markers[1])
        let bogus: JSONValue = .object([("range", LSP.range(LinePosition(line: 3, column: 2), LinePosition(line: 3, column: 7))),
                                        ("message", "made up"), ("code", "AN202")])
        let actions = try codeActions(client, "fix.annal", range: .object([("start", at), ("end", at)]), hints: [bogus])
        #expect(actions.map { $0["title"]?.stringValue } == ["Replace `OTAN` with `NATO`", "Ignore AN103 (alias-instead-of-acronym) on line 2"])
        #expect(actions.allSatisfy { $0["diagnostics"]?.arrayValue?.map { $0["code"]?.stringValue } == ["AN103"] })
        // Far from any diagnostic: nothing.
        let empty = LSP.range(LinePosition(line: 12, column: 0), LinePosition(line: 12, column: 0))
        #expect(try codeActions(client, "fix.annal", range: empty).isEmpty)
    }

    @Test func onlyFiltersByKindPrefix() throws {
        let client = try started()
        client.open("fix.annal", Self.broken)
        let range = wholeRange(Self.broken, .utf16)
        #expect(try codeActions(client, "fix.annal", range: range, only: ["refactor"]).isEmpty)
        #expect(try codeActions(client, "fix.annal", range: range, only: ["quickfix.annal"]).isEmpty)
        #expect(try !codeActions(client, "fix.annal", range: range, only: ["quickfix"]).isEmpty)
        #expect(try !codeActions(client, "fix.annal", range: range, only: ["source", "quickfix"]).isEmpty)
        #expect(try !codeActions(client, "fix.annal", range: range, only: []).isEmpty) // an empty filter filters nothing
    }

    @Test func isPreferredOnlyWithClientSupport() throws {
        let plain = try started()
        plain.open("fix.annal", Self.broken)
        #expect(try codeActions(plain, "fix.annal", range: wholeRange(Self.broken, .utf16)).allSatisfy { $0["isPreferred"] == nil })

        let client = try started { setting($0, ["textDocument", "codeAction", "isPreferredSupport"], true) }
        client.open("fix.annal", Self.broken)
        let actions = try codeActions(client, "fix.annal", range: wholeRange(Self.broken, .utf16))
        func preferred(_ title: String) -> JSONValue? { actions.first { $0["title"]?.stringValue == title }?["isPreferred"] }
        #expect(preferred("Replace `OTAN` with `NATO`") == true)
        #expect(preferred("Replace with `PfP`") == true)
        #expect(preferred("Rename to `title`") == true)
        #expect(preferred("Replace with `exercise`") == true)
        #expect(preferred("Declare programme `NEWPROG`") == nil)
        #expect(preferred("Quote the closest passage") == nil)
    }

    @Test func documentChangesCarryTheOpenVersion() throws {
        let client = try started { setting($0, ["workspace", "workspaceEdit", "documentChanges"], true) }
        client.open("fix.annal", Self.broken, version: 7)
        let actions = try codeActions(client, "fix.annal", range: wholeRange(Self.broken, .utf16))
        #expect(!actions.isEmpty)
        for action in actions {
            let edit = action["edit"]
            #expect(edit?["changes"] == nil)
            let documentChanges = edit?["documentChanges"]?.arrayValue ?? []
            #expect(documentChanges.count == 1)
            #expect(documentChanges.first?["textDocument"] == .object([("uri", .string(client.uri("fix.annal"))), ("version", 7)]))
        }
    }

    @Test func declareAppendsASkeletonAfterABlankLine() throws {
        let client = try started()
        // No final line break.
        let text = "relation d {\n  parties    = [NATO, UZ]\n  programmes = [NEWPROG]\n}"
        client.open("d.annal", text)
        let actions = try codeActions(client, "d.annal", range: wholeRange(text, .utf16))
        let declare = try #require(actions.first { $0["title"]?.stringValue == "Declare programme `NEWPROG`" })
        let edits = Self.edits(declare["edit"], uri: client.uri("d.annal"))
        #expect(edits == [.object([("range", LSP.range(LinePosition(line: 3, column: 1), LinePosition(line: 3, column: 1))),
                                   ("newText", "\n\nprogramme NEWPROG {\n  name = \"NEWPROG\"\n}\n")])])

        // CRLF line breaks are kept; a final line break needs one more for the blank line.
        let crlf = "relation e {\r\n  parties = [NATO, QQ]\r\n}\r\n"
        client.open("e.annal", crlf)
        let party = try #require(try codeActions(client, "e.annal", range: wholeRange(crlf, .utf16))
            .first { $0["title"]?.stringValue == "Declare party `QQ`" })
        #expect(Self.edits(party["edit"], uri: client.uri("e.annal")).first?["newText"]?.stringValue
            == "\r\nparty QQ {\r\n  kind = state\r\n  name = \"QQ\"\r\n}\r\n")

        // One action for a name used twice, listing both diagnostics.
        let twice = "relation f {\n  parties = [NATO, UZ]\n  programmes = [TWICE]\n  event 2001 {\n    kind = other\n    programme = TWICE\n  }\n}\n\n"
        client.open("f.annal", twice)
        let actionsTwice = try codeActions(client, "f.annal", range: wholeRange(twice, .utf16)).filter { $0["title"]?.stringValue == "Declare programme `TWICE`" }
        #expect(actionsTwice.count == 1)
        #expect(actionsTwice.first?["diagnostics"]?.arrayValue?.count == 2)
        // Already ends with a blank line: nothing more before the block.
        #expect(Self.edits(actionsTwice.first?["edit"], uri: client.uri("f.annal")).first?["newText"]?.stringValue
            == "programme TWICE {\n  name = \"TWICE\"\n}\n")
    }
}

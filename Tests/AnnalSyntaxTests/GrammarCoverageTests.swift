import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// Keeps `grammar/annal.ebnf` in step with the parser: every production in
/// the grammar has a detector here, and some fixture exercises each one.
@Suite struct GrammarCoverageTests {
    typealias Detector = @Sendable (SyntaxTree) -> Bool

    static func hasToken(_ kind: SyntaxKind, where predicate: @escaping @Sendable (String) -> Bool = { _ in true }) -> Detector {
        { tree in tree.tokens.contains { $0.kind == kind && predicate(tree.text($0.range)) } }
    }

    static func hasNode(_ kind: SyntaxKind, where predicate: @escaping @Sendable (SyntaxNode) -> Bool = { _ in true }) -> Detector {
        { tree in tree.nodes.indices.contains { tree.nodes[$0].kind == kind && predicate(SyntaxNode(tree: tree, index: $0)) } }
    }

    static let detectors: [String: Detector] = [
        "byte_order_mark": hasToken(.byteOrderMark),
        "white_space": hasToken(.whitespace),
        "line_break": hasToken(.newline),
        "comment": hasToken(.comment),
        "left_brace": hasToken(.leftBrace),
        "right_brace": hasToken(.rightBrace),
        "left_bracket": hasToken(.leftBracket),
        "right_bracket": hasToken(.rightBracket),
        "equals": hasToken(.equals),
        "comma": hasToken(.comma),
        "string": hasToken(.string),
        "string_char": hasToken(.string) { $0.count > 2 },
        "escape": hasToken(.string) { $0.contains("\\") },
        "hex_digit": hasToken(.string) { $0.contains("\\u{") },
        "word": hasToken(.word),
        "word_char": hasToken(.word),
        "file": hasNode(.file),
        "item": { tree in hasNode(.block)(tree) || hasNode(.field)(tree) || hasNode(.citation)(tree) },
        "block": hasNode(.block),
        "block_keyword": hasNode(.block),
        "block_header": hasNode(.block) { BlockSyntax($0)?.header != nil },
        "field": hasNode(.field),
        "field_key": hasNode(.field),
        "citation": hasNode(.citation) { CitationSyntax($0)?.quote != nil },
        "source_reference": hasNode(.citation) { CitationSyntax($0)?.source != nil },
        "value": hasNode(.field) { FieldSyntax($0)?.value != nil },
        "list": hasNode(.list),
        "identifier": hasToken(.word) { $0.range(of: #"^[A-Za-z][A-Za-z0-9_.+-]*$"#, options: .regularExpression) != nil },
        "letter": hasToken(.word) { $0.contains { $0.isASCII && $0.isLetter } },
        "digit": hasToken(.word) { $0.contains { $0.isASCII && $0.isNumber } },
    ]

    /// Production names defined in the grammar (`name = …`).
    static func productions() throws -> [String] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("grammar/annal.ebnf")
        let text = try String(contentsOf: url, encoding: .utf8)
        var names: [String] = []
        for line in text.split(separator: "\n") {
            if let match = line.range(of: #"^[a-z_]+(?=\s+=)"#, options: .regularExpression) {
                names.append(String(line[match]))
            }
        }
        return names
    }

    @Test func everyProductionHasADetector() throws {
        let names = try Self.productions()
        #expect(names.count >= 25)
        let missing = names.filter { Self.detectors[$0] == nil }
        #expect(missing.isEmpty, "productions without a detector: \(missing)")
        let stale = Set(Self.detectors.keys).subtracting(names)
        #expect(stale.isEmpty, "detectors for productions the grammar no longer has: \(stale.sorted())")
    }

    @Test func everyProductionIsExercisedByAValidFixture() throws {
        let folders = ["parser/ok", "lexer"].map { Fixtures.folder("AnnalSyntaxTests", $0) }
        let trees = folders.flatMap { Fixtures.files(in: $0, withExtension: "annal") }.map { SyntaxTree.parse(bytes: Fixtures.bytes($0)) }
        let unexercised = try Self.productions().filter { name in !trees.contains { Self.detectors[name]?($0) ?? false } }
        #expect(unexercised.isEmpty, "productions no fixture exercises: \(unexercised)")
    }
}

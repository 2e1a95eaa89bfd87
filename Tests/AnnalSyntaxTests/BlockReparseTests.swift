import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// `SyntaxTree.reparse(applying:)` gives exactly the tree a whole parse of
/// the new text gives, and re-parses one block where it can.
@Suite struct BlockReparseTests {
    static let generated: [UInt8] = {
        var text = "source s1 {\n  path = \"s.txt\"\n}\n\nrelation r {\n  parties = [A, B]\n\n"
        for i in 0..<200 {
            text += "  # Event \(i).\n  event 2001-\(i % 12 + 10) {\n    kind    = agreement\n    summary = \"Événement \(i) « réel »\"\n"
            text += "    areas   = [\"a\", \"b\"]\n    cite s1 \"passage \(i)\"\n  }\n\n"
        }
        return Array((text + "}\n").utf8)
    }()

    @Test func everyEditGivesTheTreeOfAWholeParse() {
        var random = SplitMix64(seed: 0xB10C)
        var incremental = 0
        var edits = 0
        let inputs = RoundTripTests.inputs.map { Fixtures.bytes($0) } + [Self.generated]
        for original in inputs {
            var tree = SyntaxTree.parse(bytes: original)
            for _ in 0..<(original == Self.generated ? 2000 : 120) {
                let edit = Self.randomEdit(in: tree.bytes, using: &random)
                let reparse = tree.reparse(applying: edit)
                var bytes = tree.bytes
                bytes.replaceSubrange(edit.range, with: edit.replacement)
                let whole = SyntaxTree.parse(bytes: bytes)
                let same = reparse.tree.bytes == whole.bytes && reparse.tree.tokens == whole.tokens
                    && reparse.tree.nodes == whole.nodes && reparse.tree.errors == whole.errors
                #expect(same, "edit \(edit.range) → \(String(decoding: edit.replacement, as: UTF8.self).debugDescription), block \(String(describing: reparse.block))")
                if !same { return }
                edits += 1
                if reparse.block != nil { incremental += 1 }
                // Mostly keep texts without errors, so both paths get their
                // share: a broken text is kept now and then, and left again.
                if whole.errors.isEmpty || random.next() % 8 == 0 {
                    tree = reparse.tree
                } else if !tree.errors.isEmpty && random.next() % 4 == 0 {
                    tree = SyntaxTree.parse(bytes: original)
                }
            }
        }
        // Random edits often break a string or a brace (whole parse); typing
        // is covered below.
        #expect(edits > 4000)
        #expect(incremental * 5 > edits, "only \(incremental) of \(edits) edits re-parsed one block")
    }

    @Test func typingInAnEventReparsesThatEvent() throws {
        let tree = SyntaxTree.parse(bytes: Self.generated)
        let anchor = Array("Événement 100".utf8)
        let at = try #require(Self.generated.indices.first { Self.generated[$0...].starts(with: anchor) }) + anchor.count
        let reparse = tree.reparse(applying: ByteEdit(range: at..<at, replacement: Array("x".utf8)))
        let block = try #require(reparse.block)
        let node = SyntaxNode(tree: reparse.tree, index: block.nodeIndex)
        #expect(node.kind == .block)
        #expect(node.text.hasPrefix("event 2001-"))
        #expect(block.byteDelta == 1)
        #expect(block.newRange == node.range)
    }

    @Test func typingASentenceReparsesOneBlockPerKeystroke() throws {
        var tree = SyntaxTree.parse(bytes: Self.generated)
        let anchor = Array("Événement 50".utf8)
        var at = try #require(Self.generated.indices.first { Self.generated[$0...].starts(with: anchor) }) + anchor.count
        for character in " : la coopération s’est poursuivie, avec des exercices communs.".utf8 {
            let reparse = tree.reparse(applying: ByteEdit(range: at..<at, replacement: [character]))
            #expect(reparse.block != nil)
            #expect(reparse.tree.tokens == SyntaxTree.parse(bytes: reparse.tree.bytes).tokens)
            tree = reparse.tree
            at += 1
        }
    }

    @Test func editsAtABlockBoundaryParseTheWholeText() {
        let text = Array("relation r {\n  event 2001 {\n    kind = agreement\n  }\n}\n".utf8)
        let tree = SyntaxTree.parse(bytes: text)
        let closing = text.lastIndex(of: UInt8(ascii: "}"))!
        // Deleting the relation's `}` and inserting before its keyword both
        // change what the block is.
        #expect(tree.reparse(applying: ByteEdit(range: closing..<(closing + 1), replacement: [])).block == nil)
        #expect(tree.reparse(applying: ByteEdit(range: 0..<0, replacement: Array("x".utf8))).block == nil)
        // Out-of-range edits are clamped, not trapped on.
        let clamped = tree.reparse(applying: ByteEdit(range: 1000..<2000, replacement: Array("#".utf8)))
        #expect(clamped.tree.bytes == text + Array("#".utf8))
    }

    static func randomEdit(in bytes: [UInt8], using random: inout SplitMix64) -> ByteEdit {
        let snippets = ["x", "é", " ", "\n", "\"", "}", "{", "[", "]", "1", "=", "#", "\\", "event", "cite s1 \"q\"",
                        "\n  event 2002 {\n    kind = agreement\n  }\n", "kind = x\n", "🙂"]
        let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
        let snippet = Array(snippets[Int(random.next() % UInt64(snippets.count))].utf8)
        switch random.next() % 3 {
        case 0: return ByteEdit(range: at..<at, replacement: snippet)
        case 1: return ByteEdit(range: at..<min(bytes.count, at + Int(random.next() % 6) + 1), replacement: [])
        default: return ByteEdit(range: at..<min(bytes.count, at + Int(random.next() % 4)), replacement: snippet)
        }
    }
}

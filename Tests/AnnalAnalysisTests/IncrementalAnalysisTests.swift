@testable import AnnalAnalysis
import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// `FileAnalysis.applying(_:)` gives what analysing the new text from
/// scratch gives (model, references, local diagnostics, suppressions), over
/// thousands of edits of the kinds typing makes, and takes the one-event
/// path where it should.
@Suite struct IncrementalAnalysisTests {
    /// The samples (valid and broken) and a generated relation of 300 events.
    static let inputs: [(name: String, bytes: [UInt8])] = {
        let samples = Fixtures.repositoryRoot.appendingPathComponent("samples")
        var inputs: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(at: samples, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "annal" { inputs.append((url.lastPathComponent, Fixtures.bytes(url))) }
        }
        inputs.sort { $0.0 < $1.0 }
        inputs.append(("generated", Array(generatedRelation(events: 300).utf8)))
        return inputs
    }()

    static func generatedRelation(events: Int) -> String {
        var text = """
        # annal-ignore-file AN999
        source s1 {
          path  = "sources/s1.fr.txt"
          title = "Relations"
          kind  = page
          lang  = fr
        }

        relation nato-uz {
          parties    = [NATO, UZ]
          programmes = [PfP, EAPC]
          title      = "NATO–Uzbekistan"

        """
        for i in 0..<events {
            let year = 1992 + i / 12
            let month = i % 12 + 1
            text += """
              # Event \(i): the comment above the event.
              event \(year)-\(month < 10 ? "0" : "")\(month) {
                kind      = \(i % 3 == 0 ? "cooperation" : "agreement")
                programme = \(i % 2 == 0 ? "PfP" : "EAPC")
                summary   = "Événement \(i) : coopération « réelle » avec l’Ouzbékistan."
                cite s1 "l’Ouzbékistan a rejoint le partenariat \(i)"
              }

            """
        }
        return text + "}\n"
    }

    @Test func editsGiveWhatAFreshAnalysisGives() {
        var random = SplitMix64(seed: 0x1A7E)
        var checked = 0
        for input in Self.inputs {
            var analysis = FileAnalysis(path: "f.annal", text: String(decoding: input.bytes, as: UTF8.self))
            let edits = input.name == "generated" ? 600 : 100
            for step in 0..<edits {
                let edit = Self.randomEdit(in: analysis.tree.bytes, using: &random)
                let updated = analysis.applying(edit)
                var bytes = analysis.tree.bytes
                bytes.replaceSubrange(edit.range, with: edit.replacement)
                // From the bytes: an edit may split a character, which the
                // server never sends, but the analysis must still agree.
                let fresh = FileAnalysis(path: "f.annal", tree: SyntaxTree.parse(bytes: bytes))
                let difference = Self.difference(updated, fresh)
                #expect(difference == nil, "\(input.name), edit \(step) \(edit.range) → \(String(decoding: edit.replacement, as: UTF8.self).debugDescription): \(difference ?? "")")
                if difference != nil { break }
                // Keep the texts near valid: undo edits that leave a syntax
                // error most of the time, so the incremental path gets its share.
                if fresh.tree.errors.isEmpty || random.next() % 8 == 0 {
                    analysis = updated
                } else if !analysis.tree.errors.isEmpty && random.next() % 4 == 0 {
                    analysis = FileAnalysis(path: "f.annal", tree: SyntaxTree.parse(bytes: input.bytes))
                }
                checked += 1
            }
        }
        #expect(checked > 2000)
    }

    /// Edits early in a long relation move a thousand events: the result is
    /// still a fresh analysis.
    @Test func editsBeforeManyEventsGiveWhatAFreshAnalysisGives() throws {
        let text = Self.generatedRelation(events: 1200)
        var analysis = FileAnalysis(path: "f.annal", text: text)
        var random = SplitMix64(seed: 0x5EED)
        for step in 0..<25 {
            let anchor = "Événement \(Int(random.next() % 200))"
            let found = try #require(analysis.tree.text.utf8.firstRange(of: anchor.utf8))
            let at = analysis.tree.text.utf8.distance(from: analysis.tree.text.utf8.startIndex, to: found.upperBound)
            // Insert after the anchor, or take out what the last step put there.
            let edit = step % 3 == 2 ? ByteEdit(range: at..<(at + 3), replacement: []) : ByteEdit(range: at..<at, replacement: Array(" é".utf8))
            let updated = analysis.applying(edit)
            let fresh = FileAnalysis(path: "f.annal", tree: SyntaxTree.parse(bytes: updated.tree.bytes))
            #expect(Self.difference(updated, fresh) == nil, "step \(step)")
            analysis = updated
        }
    }

    /// Typing in an event's summary, date, programme or citation takes the
    /// one-event path; the test would notice a silent fallback to full lowering.
    @Test(arguments: ["Événement 150", "1992-", "programme = EAPC", "partenariat 150"])
    func typingInAnEventRelowersThatEventOnly(_ anchor: String) throws {
        let text = Self.generatedRelation(events: 300)
        let analysis = FileAnalysis(path: "f.annal", text: text)
        let offset = try #require(text.utf8.firstRange(of: anchor.utf8)).upperBound
        let at = text.utf8.distance(from: text.utf8.startIndex, to: offset) - 1
        let edit = ByteEdit(range: at..<at, replacement: Array("x".utf8))
        let reparse = analysis.tree.reparse(applying: edit)
        let block = try #require(reparse.block)
        #expect(analysis.relowering(event: block, in: reparse.tree) != nil)
    }

    /// Whole lines taken out of an event and put back: the one-event path
    /// moves every line after the event by more than a line.
    @Test func linesRemovedFromAndAddedToAnEventGiveWhatAFreshAnalysisGives() throws {
        var analysis = FileAnalysis(path: "f.annal", text: Self.generatedRelation(events: 40))
        for event in [3, 17, 39] {
            let line = "    summary   = \"Événement \(event) : coopération « réelle » avec l’Ouzbékistan.\"\n"
            let found = try #require(analysis.tree.text.utf8.firstRange(of: line.utf8))
            let start = analysis.tree.text.utf8.distance(from: analysis.tree.text.utf8.startIndex, to: found.lowerBound)
            let removed = analysis.applying(ByteEdit(range: start..<(start + line.utf8.count), replacement: []))
            #expect(Self.difference(removed, FileAnalysis(path: "f.annal", tree: SyntaxTree.parse(bytes: removed.tree.bytes))) == nil)
            let added = removed.applying(ByteEdit(range: start..<start, replacement: Array((line + line).utf8)))
            #expect(Self.difference(added, FileAnalysis(path: "f.annal", tree: SyntaxTree.parse(bytes: added.tree.bytes))) == nil)
            let reparse = removed.tree.reparse(applying: ByteEdit(range: start..<start, replacement: Array((line + line).utf8)))
            #expect(reparse.block != nil, "the one-event path is taken")
            analysis = added
        }
    }

    @Test func movingAnEventOutOfOrderIsHintedAndTheHintGoesAway() throws {
        let text = Self.generatedRelation(events: 20)
        let analysis = FileAnalysis(path: "f.annal", text: text)
        #expect(!analysis.localDiagnostics.contains { $0.rule == .eventsOutOfOrder })
        let date = try #require(text.utf8.firstRange(of: "event 1992-05".utf8))
        let start = text.utf8.distance(from: text.utf8.startIndex, to: date.lowerBound) + "event ".utf8.count
        let earlier = analysis.applying(ByteEdit(range: start..<(start + 4), replacement: Array("1990".utf8)))
        #expect(earlier.localDiagnostics.filter { $0.rule == .eventsOutOfOrder }.count == 1)
        let back = earlier.applying(ByteEdit(range: start..<(start + 4), replacement: Array("1992".utf8)))
        #expect(!back.localDiagnostics.contains { $0.rule == .eventsOutOfOrder })
    }

    // MARK: - Helpers

    /// What differs between two analyses, or nil.
    static func difference(_ a: FileAnalysis, _ b: FileAnalysis) -> String? {
        if a.tree.bytes != b.tree.bytes { return "texts differ" }
        if a.model.declarations != b.model.declarations {
            let index = a.model.declarations.indices.first { $0 >= b.model.declarations.count || a.model.declarations[$0] != b.model.declarations[$0] } ?? a.model.declarations.count
            return "declarations differ at \(index): \(a.model.declarations.dropFirst(index).first.map { "\($0)" } ?? "none") vs \(b.model.declarations.dropFirst(index).first.map { "\($0)" } ?? "none")"
        }
        if a.model.references != b.model.references { return "references differ: \(a.model.references.count) vs \(b.model.references.count)" }
        if a.model.referencedKeys != b.model.referencedKeys { return "referenced keys differ: \(a.model.referencedKeys) vs \(b.model.referencedKeys)" }
        if a.model.fieldReferencedKeys != b.model.fieldReferencedKeys { return "field-referenced keys differ" }
        let left = a.localDiagnostics.map { "\($0)" }.sorted()
        let right = b.localDiagnostics.map { "\($0)" }.sorted()
        if left != right {
            return "diagnostics differ: only incremental \(Set(left).subtracting(right)), only fresh \(Set(right).subtracting(left))"
        }
        if a.suppressions != b.suppressions { return "suppressions differ" }
        if a.lineIndex.lineCount != b.lineIndex.lineCount
            || !(0..<a.lineIndex.lineCount).allSatisfy({ a.lineIndex.lineStart($0) == b.lineIndex.lineStart($0) })
            || a.lineIndex.bytes != b.lineIndex.bytes {
            return "line indexes differ"
        }
        return nil
    }

    /// An edit of the kinds typing makes, mostly inside events.
    static func randomEdit(in bytes: [UInt8], using random: inout SplitMix64) -> ByteEdit {
        let count = bytes.count
        let at = count == 0 ? 0 : Int(random.next() % UInt64(count))
        let snippets = ["x", "é", " ", "\n", "\"", "}", "{", "1", "-", "PPP", "=", "#", "cite s1 \"partenariat\"",
                        "\n  event 2001 {\n    kind = agreement\n    summary = \"x\"\n    cite s1 \"q\"\n  }\n", "programme = PfP\n", "2"]
        switch random.next() % 10 {
        case 0..<5: // type a character or a snippet
            let snippet = snippets[Int(random.next() % UInt64(snippets.count))]
            return ByteEdit(range: at..<at, replacement: Array(snippet.utf8))
        case 5..<8: // delete a few bytes
            let length = min(count - at, Int(random.next() % 6) + 1)
            return ByteEdit(range: at..<(at + length), replacement: [])
        default: // replace a few bytes
            let length = min(count - at, Int(random.next() % 4))
            let snippet = snippets[Int(random.next() % UInt64(snippets.count))]
            return ByteEdit(range: at..<(at + length), replacement: Array(snippet.utf8))
        }
    }
}

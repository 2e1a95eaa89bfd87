import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// Printing the tree gives back the input byte for byte, and the tree is
/// well formed, on every fixture, every sample and many mutated inputs.
@Suite struct RoundTripTests {
    /// Every `.annal` file under the syntax fixtures and `samples/`.
    static let inputs: [URL] = {
        var urls: [URL] = []
        for root in [Fixtures.folder("AnnalSyntaxTests", ""), Fixtures.repositoryRoot.appendingPathComponent("samples")] {
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "annal" { urls.append(url) }
            }
        }
        return urls.sorted { $0.path < $1.path }
    }()

    @Test func thereAreInputs() {
        #expect(Self.inputs.count >= 15)
    }

    @Test(arguments: inputs)
    func printsBackByteForByte(_ input: URL) {
        let bytes = Fixtures.bytes(input)
        let tree = SyntaxTree.parse(bytes: bytes)
        #expect(tree.printedBytes() == bytes)
        #expect(TreeInvariants.violations(tree).isEmpty, "\(TreeInvariants.violations(tree))")
    }

    /// Deterministic mutations (deleting, duplicating and inserting bytes and
    /// tokens) of every input: the parser never crashes, never gets stuck,
    /// and round-trips.
    @Test func mutatedInputsRoundTrip() {
        var generator = SplitMix64(seed: 0xA11A)
        let alphabet: [UInt8] = Array("{}[]=,\"#\\ \n\r\tevent cite party é🙂".utf8)
        for input in Self.inputs {
            let original = Fixtures.bytes(input)
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let at = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 3 {
                    case 0 where !bytes.isEmpty: bytes.remove(at: at)
                    case 1: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
                    default:
                        let end = min(bytes.count, at + Int(generator.next() % 12))
                        bytes.insert(contentsOf: bytes[at..<end], at: at)
                    }
                }
                let tree = SyntaxTree.parse(bytes: bytes)
                #expect(tree.printedBytes() == bytes)
                #expect(!tree.errors.contains { $0.message.hasPrefix("internal error") })
                #expect(TreeInvariants.violations(tree).isEmpty)
            }
        }
    }
}

/// Structural checks of a flat tree.
enum TreeInvariants {
    static func violations(_ tree: SyntaxTree) -> [String] {
        var problems: [String] = []
        var offset = 0
        for token in tree.tokens {
            if Int(token.start) != offset { problems.append("gap or overlap at byte \(offset)") }
            if token.length == 0 { problems.append("empty token at \(offset)") }
            offset = token.end
        }
        if offset != tree.bytes.count { problems.append("tokens end at \(offset), text at \(tree.bytes.count)") }
        guard let root = tree.nodes.first else { return problems + ["no root"] }
        if root.kind != .file || root.firstToken != 0 || Int(root.tokenEnd) != tree.tokens.count || Int(root.subtreeEnd) != tree.nodes.count {
            problems.append("root does not cover the file")
        }
        for (index, node) in tree.nodes.enumerated() {
            var child = index + 1
            while child < Int(node.subtreeEnd) {
                let inner = tree.nodes[child]
                if inner.firstToken < node.firstToken || inner.tokenEnd > node.tokenEnd || inner.subtreeEnd > node.subtreeEnd {
                    problems.append("node \(child) escapes its parent \(index)")
                }
                child = Int(inner.subtreeEnd)
            }
        }
        return problems
    }
}

import AnnalSyntax
import AnnalTestSupport
import Foundation
import Testing

/// `NodeRecord.forEachChild(of:ofKind:in:)`, the walk lowering makes over
/// the nodes it holds (and `SyntaxNode.forEachChildIndex` makes through the
/// tree), visits exactly the direct child nodes of a kind that a node's
/// `children` lists, in order.
@Suite struct ChildWalkTests {
    @Test func theWalkVisitsTheDirectChildrenOfAKindInOrder() {
        var visited = 0
        for input in RoundTripTests.inputs {
            let tree = SyntaxTree.parse(bytes: Fixtures.bytes(input))
            for index in tree.nodes.indices {
                let node = SyntaxNode(tree: tree, index: index)
                for kind in [SyntaxKind.block, .field, .citation, .list] {
                    let expected = node.children.compactMap { element -> Int? in
                        guard case .node(let child) = element, child.kind == kind else { return nil }
                        return child.index
                    }
                    var walked: [Int] = []
                    NodeRecord.forEachChild(of: index, ofKind: kind, in: tree.nodes) { walked.append($0) }
                    #expect(walked == expected, "\(input.lastPathComponent), node \(index), \(kind)")
                    var viaNode: [Int] = []
                    node.forEachChildIndex(ofKind: kind) { viaNode.append($0) }
                    #expect(viaNode == expected)
                    visited += walked.count
                }
            }
        }
        #expect(visited > 500, "the fixtures hold blocks, fields, citations and lists: \(visited)")
    }
}

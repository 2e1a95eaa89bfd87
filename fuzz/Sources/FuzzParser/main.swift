// FuzzParser: any bytes parse; properties:
// - the printed tree is the input, byte for byte;
// - the tree is well formed (tokens cover the input, nodes nest, error
//   ranges lie inside the input);
// - the parser never gets stuck ("internal error" messages come from the
//   fuel check and mean a parser loop made no progress).
import AnnalSyntax
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let tree = SyntaxTree.parse(bytes: bytes)
    if tree.printedBytes() != bytes { violated("the printed tree is not the input") }
    let problems = treeViolations(tree)
    if !problems.isEmpty { violated("the tree is malformed", problems.prefix(5).joined(separator: "\n")) }
    if let stuck = tree.errors.first(where: { $0.message.hasPrefix("internal error") }) {
        violated("the parser got stuck", "at \(stuck.range)")
    }
    // Walk the typed views, as the analysis and the formatter do.
    walk(tree.file.items)
    return 0
}

private func walk(_ items: [ItemSyntax]) {
    for item in items {
        switch item {
        case .block(let block):
            _ = block.keyword
            _ = block.header
            _ = block.leftBrace
            _ = block.rightBrace
            walk(block.items)
        case .field(let field):
            _ = field.key
            _ = field.equals
            if let value = field.value { walk(value) }
        case .citation(let citation):
            _ = citation.citeKeyword
            _ = citation.source
            _ = citation.quote
        case .error(let node):
            _ = node.range
        }
    }
}

private func walk(_ value: ValueSyntax) {
    _ = value.range
    if case .list(let list) = value {
        for element in list.elements { walk(element) }
    }
}

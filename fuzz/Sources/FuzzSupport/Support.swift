import AnnalAnalysis
import AnnalSyntax

#if canImport(Glibc)
import Glibc
#endif

/// A broken property: prints what and the input, then traps, which libFuzzer
/// reports as a crash (exit code 77) and saves the input in `artifacts/`.
public func violated(_ property: String, _ detail: @autoclosure () -> String = "") -> Never {
    let text = detail()
    fputs("PROPERTY VIOLATED: \(property)\(text.isEmpty ? "" : "\n\(text)")\n", stderr)
    fatalError("property violated: \(property)")
}

/// The input as bytes.
public func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// A short printable rendering of a text, for property messages.
public func show(_ text: String, limit: Int = 400) -> String {
    let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
    return shown.debugDescription
}

/// Structural checks of a flat syntax tree (the same as the round-trip tests'
/// `TreeInvariants`, plus error ranges inside the text).
public func treeViolations(_ tree: SyntaxTree) -> [String] {
    var problems: [String] = []
    var offset = 0
    for token in tree.tokens {
        if Int(token.start) != offset { problems.append("gap or overlap at byte \(offset)") }
        if token.length == 0 { problems.append("empty token at \(offset)") }
        offset = token.end
    }
    if offset != tree.bytes.count { problems.append("tokens end at \(offset), text at \(tree.bytes.count)") }
    guard let root = tree.nodes.first else { return problems + ["no root"] }
    if root.kind != .file || root.firstToken != 0 || Int(root.tokenEnd) != tree.tokens.count
        || Int(root.subtreeEnd) != tree.nodes.count {
        problems.append("root does not cover the file")
    }
    for (index, node) in tree.nodes.enumerated() {
        if node.firstToken > node.tokenEnd || Int(node.tokenEnd) > tree.tokens.count
            || Int(node.subtreeEnd) <= index || Int(node.subtreeEnd) > tree.nodes.count {
            problems.append("node \(index) has bad bounds")
            continue
        }
        var child = index + 1
        while child < Int(node.subtreeEnd) {
            let inner = tree.nodes[child]
            if inner.firstToken < node.firstToken || inner.tokenEnd > node.tokenEnd || inner.subtreeEnd > node.subtreeEnd
                || Int(inner.subtreeEnd) <= child {
                problems.append("node \(child) escapes its parent \(index)")
                break
            }
            child = Int(inner.subtreeEnd)
        }
    }
    for error in tree.errors where error.range.lowerBound < 0 || error.range.upperBound > tree.bytes.count {
        problems.append("error range \(error.range) outside the text: \(error.message)")
    }
    return problems
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import AnnalSyntax

/// An inline suppression comment:
///
///     # annal-ignore AN103            silences AN103 on the next line with code
///     programme = PPP  # annal-ignore alias-instead-of-acronym   (this line)
///     # annal-ignore-file AN502       silences AN502 in the whole file
///
/// Codes or rule names, separated by spaces or commas; anything after `--`
/// is a free reason. A suppression that silences nothing is reported
/// (AN601), so stale ones get cleaned up.
public struct Suppression: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// A zero-based line.
        case line(Int)
        case file
    }

    public let rules: [Rule]
    public let scope: Scope
    /// The comment's byte range.
    public let range: Range<Int>
}

enum SuppressionParser {
    static let linePrefix = "annal-ignore"
    static let filePrefix = "annal-ignore-file"

    /// Whether some `#` is followed (after blanks) by `needle`: `memchr`
    /// from `#` to `#`, which are rare.
    private static func mentions(_ needle: String, in bytes: [UInt8]) -> Bool {
        let pattern = Array(needle.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var index = 0
            while index < buffer.count, let found = memchr(base + index, Int32(UInt8(ascii: "#")), buffer.count - index) {
                var cursor = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
                while cursor < buffer.count, buffer[cursor] == 0x20 || buffer[cursor] == 0x09 { cursor += 1 }
                if buffer[cursor...].starts(with: pattern) { return true }
                index = cursor
            }
            return false
        }
    }

    /// Reads every suppression comment of a tree; reports unknown codes.
    static func suppressions(in tree: SyntaxTree, lineIndex: LineIndex, path: String) -> ([Suppression], [Diagnostic]) {
        var suppressions: [Suppression] = []
        var diagnostics: [Diagnostic] = []
        // Most files have none: a jump from `#` to `#` instead of a
        // walk over every token (this runs on every keystroke).
        guard mentions(linePrefix, in: tree.bytes) else { return ([], []) }
        let tokens = tree.tokens
        for (index, token) in tokens.enumerated() where token.kind == .comment {
            let text = tree.text(token.range)
            var body = text.dropFirst().drop { $0 == " " || $0 == "\t" }
            let isFile: Bool
            if body.hasPrefix(filePrefix) {
                isFile = true
                body = body.dropFirst(filePrefix.count)
            } else if body.hasPrefix(linePrefix) {
                isFile = false
                body = body.dropFirst(linePrefix.count)
            } else {
                continue
            }
            guard body.isEmpty || body.first == " " || body.first == "\t" || body.first == "," else { continue }
            var rules: [Rule] = []
            var offset = token.range.lowerBound + (text.utf8.count - body.utf8.count)
            for word in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
                defer { offset += word.utf8.count + 1 }
                if word.isEmpty { continue }
                if word == "--" || word.hasPrefix("—") { break }
                if let rule = Rule(codeOrName: String(word)) {
                    rules.append(rule)
                } else {
                    diagnostics.append(Diagnostic(.invalidSuppression, file: path, range: offset..<(offset + word.utf8.count),
                                                  message: "`\(word)` names no rule; write a code such as AN103 or a name such as alias-instead-of-acronym"))
                }
            }
            if rules.isEmpty {
                if !diagnostics.contains(where: { token.range.contains($0.range.lowerBound) }) {
                    diagnostics.append(Diagnostic(.invalidSuppression, file: path, range: token.range,
                                                  message: "this suppression names no rule; add the code to silence, e.g. `# annal-ignore AN103`"))
                }
                continue
            }
            let scope: Suppression.Scope
            if isFile {
                scope = .file
            } else if let line = targetLine(of: index, tokens: tokens, lineIndex: lineIndex) {
                scope = .line(line)
            } else {
                continue
            }
            suppressions.append(Suppression(rules: rules, scope: scope, range: token.range))
        }
        return (suppressions, diagnostics)
    }

    /// The comment's own line when code precedes it on that line; else the
    /// next line holding code.
    private static func targetLine(of index: Int, tokens: [Token], lineIndex: LineIndex) -> Int? {
        var cursor = index - 1
        while cursor >= 0, tokens[cursor].kind == .whitespace { cursor -= 1 }
        if cursor >= 0, !tokens[cursor].kind.isTrivia { return lineIndex.line(of: Int(tokens[index].start)) }
        cursor = index + 1
        while cursor < tokens.count, tokens[cursor].kind.isTrivia { cursor += 1 }
        guard cursor < tokens.count else { return nil }
        return lineIndex.line(of: Int(tokens[cursor].start))
    }
}

/// Glob patterns over `/`-separated paths: `*` (any run without `/`), `**`
/// (any number of folders), `?`, `[abc]`, `[!abc]`, `{a,b}`. A pattern
/// without `/` matches a file name in any folder, as in `.gitignore`.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let alternatives: [[Unicode.Scalar]]

    public init(_ pattern: String) {
        self.pattern = pattern
        var base = pattern
        if !base.contains("/") { base = "**/" + base }
        if base.hasSuffix("/") { base += "**" }
        alternatives = Glob.expandBraces(base).map { Array($0.unicodeScalars) }
    }

    /// True when the workspace-relative path matches.
    public func matches(_ path: String) -> Bool {
        let text = Array(path.unicodeScalars)
        return alternatives.contains { Glob.match($0[...], text[...]) }
    }

    /// `a{b,c}d` → `abd`, `acd` (nested braces allowed).
    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: String.Index?
        var splits: [String.Index] = []
        var index = open
        while index < pattern.endIndex {
            switch pattern[index] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = index }
            case "," where depth == 1: splits.append(index)
            default: break
            }
            if close != nil { break }
            index = pattern.index(after: index)
        }
        guard let close else { return [pattern] }
        let prefix = String(pattern[..<open])
        let suffix = String(pattern[pattern.index(after: close)...])
        var parts: [String] = []
        var start = pattern.index(after: open)
        for split in splits {
            parts.append(String(pattern[start..<split]))
            start = pattern.index(after: split)
        }
        parts.append(String(pattern[start..<close]))
        return parts.flatMap { expandBraces(prefix + $0 + suffix) }
    }

    private static func match(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "*":
            if pattern.dropFirst().first == "*" {
                // `**/` matches zero or more folders; a trailing `**` anything.
                var rest = pattern.dropFirst(2)
                if rest.first == "/" { rest = rest.dropFirst() }
                if match(rest, text) { return true }
                var cursor = text
                while let slash = cursor.firstIndex(of: "/") {
                    cursor = cursor[(slash + 1)...]
                    if match(rest, cursor) { return true }
                }
                return rest.isEmpty
            }
            var cursor = text
            while true {
                if match(pattern.dropFirst(), cursor) { return true }
                guard let next = cursor.first, next != "/" else { return false }
                cursor = cursor.dropFirst()
            }
        case "?":
            guard let next = text.first, next != "/" else { return false }
            return match(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let next = text.first, next != "/", let close = pattern.dropFirst(2).firstIndex(of: "]") else {
                return text.first == "[" && match(pattern.dropFirst(), text.dropFirst())
            }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            var found = false
            var index = set.startIndex
            while index < set.endIndex {
                if index + 2 < set.endIndex, set[index + 1] == "-" {
                    if set[index].value <= next.value && next.value <= set[index + 2].value { found = true }
                    index += 3
                } else {
                    if set[index] == next { found = true }
                    index += 1
                }
            }
            return found != negated && match(pattern[(close + 1)...], text.dropFirst())
        default:
            return text.first == first && match(pattern.dropFirst(), text.dropFirst())
        }
    }
}

/// Unified diffs of two texts, line by line (Myers' O(ND) algorithm), the
/// format `diff -u` and `patch` read.
enum UnifiedDiff {
    private enum Operation: Equatable {
        case same(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// The diff of `old` and `new` with three lines of context, or an empty
    /// string when they are equal.
    static func diff(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        let operations = editScript(a, b)
        let changes = operations.indices.filter { if case .same = operations[$0] { false } else { true } }
        // Changes closer than two contexts apart share a hunk.
        var groups: [[Int]] = []
        for change in changes {
            if let last = groups.last?.last, change - last <= 2 * context + 1 {
                groups[groups.count - 1].append(change)
            } else {
                groups.append([change])
            }
        }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for group in groups {
            let start = max(0, group[0] - context)
            let stop = min(operations.count, group[group.count - 1] + context + 1)
            let before = operations[..<start]
            let hunk = operations[start..<stop]
            let oldBefore = before.count { if case .insert = $0 { false } else { true } }
            let newBefore = before.count { if case .delete = $0 { false } else { true } }
            let oldCount = hunk.count { if case .insert = $0 { false } else { true } }
            let newCount = hunk.count { if case .delete = $0 { false } else { true } }
            out += "@@ -\(span(oldBefore, oldCount)) +\(span(newBefore, newCount)) @@\n"
            for operation in hunk {
                switch operation {
                case .same(let i, _): out += " " + a[i]
                case .delete(let i): out += "-" + a[i]
                case .insert(let j): out += "+" + b[j]
                }
            }
        }
        return out
    }

    /// `start,count` in diff's 1-based convention (an empty side names the line before it).
    private static func span(_ linesBefore: Int, _ count: Int) -> String {
        let first = count == 0 ? linesBefore : linesBefore + 1
        return count == 1 ? "\(first)" : "\(first),\(count)"
    }

    /// Lines with their line breaks; a last line without one is marked as diff does.
    private static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current + "\n\\ No newline at end of file\n") }
        return result
    }

    /// The shortest edit script from `a` to `b`.
    private static func editScript(_ a: [String], _ b: [String]) -> [Operation] {
        let n = a.count
        let m = b.count
        let maximum = n + m
        let offset = maximum + 1
        var v = [Int](repeating: 0, count: 2 * maximum + 3)
        var trace: [[Int]] = []
        search: for d in 0...maximum {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        // Walk back through the trace.
        var operations: [Operation] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                operations.append(.same(x - 1, y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX { operations.append(.insert(y - 1)) } else { operations.append(.delete(x - 1)) }
            }
            x = previousX
            y = previousY
        }
        return operations.reversed()
    }
}

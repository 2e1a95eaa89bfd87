import Foundation

/// Data-driven fixture tests: an input file next to its expected output.
///
/// A missing expectation is written on first run, and `UPDATE_FIXTURES=1
/// swift test` rewrites them all; review the diff before committing.
public enum Fixtures {
    /// True when expectations should be rewritten.
    public static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1" }

    /// The repository root, found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A folder of a test target's `Fixtures`, e.g. `folder("AnnalSyntaxTests", "parser/ok")`.
    public static func folder(_ target: String, _ relative: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests").appendingPathComponent(target)
            .appendingPathComponent("Fixtures").appendingPathComponent(relative)
    }

    /// The files with an extension in a folder, sorted by name.
    public static func files(in folder: URL, withExtension ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Compares `actual` with the expectation file, writing it when missing
    /// or when updating. Returns a failure message, or nil when they match.
    public static func compare(_ actual: String, expectationFile: URL) -> String? {
        // Read bytes, not `String(contentsOf:)`, which drops a byte-order mark.
        let existing = (try? Data(contentsOf: expectationFile)).map { String(decoding: $0, as: UTF8.self) }
        if updating || existing == nil {
            try? Data(actual.utf8).write(to: expectationFile, options: .atomic)
            return nil
        }
        guard let expected = existing, expected != actual else { return nil }
        return "\(expectationFile.lastPathComponent) differs (UPDATE_FIXTURES=1 to rewrite):\n" + firstDifference(expected, actual)
    }

    /// The first differing line of two texts, for readable failures.
    public static func firstDifference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let left = i < a.count ? String(a[i]) : "<none>"
            let right = i < b.count ? String(b[i]) : "<none>"
            if left != right { return "line \(i + 1):\n  expected: \(left)\n  actual:   \(right)" }
        }
        return "(same lines, different endings)"
    }

    /// Reads a file as bytes.
    public static func bytes(_ url: URL) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: url))) ?? []
    }
}

/// Pure operations on workspace-relative paths (`/`-separated, no leading
/// `/`). The analysis layer never touches the file system; it reasons about
/// paths as strings and leaves symbolic links to the host.
public enum WorkspacePath {
    /// The folder part of a path: `a/b/c.annal` → `a/b`; `c.annal` → ``.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Resolves `relative` against the folder `base`, removing `.` and `..`.
    /// Returns nil when the result is absolute or climbs out of the
    /// workspace root: such a path is never read.
    public static func resolve(_ relative: String, from base: String) -> String? {
        if relative.hasPrefix("/") || relative.hasPrefix("~") || relative.hasPrefix("\\") { return nil }
        if relative.count >= 2, relative.dropFirst().first == ":" { return nil } // C:\…
        var parts = base.split(separator: "/").map(String.init)
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }
}
